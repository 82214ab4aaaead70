"""The teacher's console API of the host: seats, timer, pause/resume, end the turn now, silent
seats' policies, kick; LAN discovery failing soft; the package stays headless."""
from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from game.match.games import doctrine_controllers
from game.net import discovery
from game.net.client import Client, wait_for
from game.net.host import CODE_ALPHABET, CODE_LENGTH, Host, new_code, normalise_code
from game.net.protocol import Error, SeatStatus, TurnResolved
from tests.net.helpers import TIMEOUT, world
from tests.net.test_host import _order_turn

ROOT = Path(__file__).resolve().parents[2]


def test_codes_are_short_unambiguous_and_distinct():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01OI") & set(CODE_ALPHABET)
    assert normalise_code(" k7q-x2m ") == "K7QX2M"


def test_seats_show_who_is_connected_and_who_has_ordered():
    scenario = world("random:3", turns=5)
    controllers = doctrine_controllers(scenario)
    with Host(scenario=scenario, seed=2, remote=scenario.state_ids[:2]).start() as host:
        rows = host.seats()
        assert [r.remote for r in rows] == [True, True, False]
        assert rows[2].ordered and rows[2].code is None  # the AI seat ordered when the turn opened
        first = rows[0].seat
        client = Client(host.address, code=rows[0].code, team="Blue table").start()
        _order_turn(client, controllers[first])
        row = host.seats()[0]
        assert row.connected and row.ordered and row.team == "Blue table"
        assert host.kick(first)
        error = wait_for(client, Error, TIMEOUT)
        assert error.code == "kicked" and error.fatal
        client.done.wait(TIMEOUT)
        assert not host.seats()[0].connected


def test_pause_resume_end_turn_now_and_silent_policies():
    scenario = world("random:3", turns=5)
    with Host(scenario=scenario, seed=2, turn_seconds=60).start() as host:
        left = host.seconds_left()
        assert left is not None and 50 < left <= 60
        host.pause()
        assert host.paused and host.seconds_left() == pytest.approx(left, abs=1.0)
        assert not host.end_turn_now()  # paused: nothing is resolved
        assert host.call(lambda: host.match.turn) == 0
        host.resume()
        sids = scenario.state_ids
        host.set_if_silent(sids[0], "ai")
        host.set_if_silent(sids[1], "hold")
        assert host.end_turn_now()  # sids[2] waits by policy, but the teacher ended the turn: it holds
        assert host.call(lambda: host.match.turn) == 1
        explanations = host.match.explanations(1)
        assert sids[0] in explanations  # the fallback doctrine decided for the silent seat
        with pytest.raises(ValueError):
            host.set_if_silent(sids[0], "sleep")


def test_the_timer_covers_silent_seats_by_their_policy():
    scenario = world("random:3", turns=5)
    with Host(scenario=scenario, seed=2, turn_seconds=0.3, if_silent="hold").start() as host:
        watcher = Client(host.address, observer=True).start()
        assert wait_for(watcher, TurnResolved, TIMEOUT).turn == 1
        status = wait_for(watcher, SeatStatus, TIMEOUT)
        assert status.turn == 2 and status.seconds_left is not None
        watcher.close()


def test_discovery_fails_soft_without_multicast(monkeypatch, caplog):
    import zeroconf

    def no_network(*args, **kwargs):
        raise OSError("no multicast on this network")

    monkeypatch.setattr(zeroconf, "Zeroconf", no_network)
    with caplog.at_level(logging.WARNING, logger="game.net.discovery"):
        assert discovery.advertise(8765, "Two neighbours", address="127.0.0.1") is None
        assert discovery.browse(0.1) == []
    assert any("type" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)


def test_the_network_package_is_headless():
    """game.net imports neither pygame nor the UI (DESIGN.md §1), in a fresh interpreter."""
    probe = ("import importlib, pkgutil, sys, game.net as p\n"
             "[importlib.import_module(i.name) for i in pkgutil.walk_packages(p.__path__, 'game.net.')]\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygame', 'pygame_gui') or m.startswith('game.ui')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
