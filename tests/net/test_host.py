"""The classroom host with real servers and clients on 127.0.0.1 (free ports, bounded waits)."""
from __future__ import annotations

import json
import logging
import socket
import threading

import numpy as np
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from game.core.commands import dump_orders
from game.match.games import doctrine_controllers
from game.match.saves import read_save, replay_match
from game.net import wire
from game.net.client import Client, ConnectionLost, generator_from, view_of, wait_for
from game.net.host import AUTOSAVE_NAME, Host
from game.net.protocol import (
    MAX_FRAME_BYTES, PROTOCOL_VERSION, Error, GameOver, Hello, Ok, SeatHistory, SeatStatus, TurnOpened, TurnResolved,
    Welcome, decode_notice, encode,
)
from game.net.bot import run_bot
from tests.net.helpers import TIMEOUT, in_threads, play_seats, reference, seat_leaders, tracebacks, world

SEED = 11


@pytest.fixture(scope="module")
def game():
    scenario = world("random:3", turns=10)
    # A greedy state, whose leader's boldness shapes its arming: network play must carry it.
    scenario = scenario.with_overrides({f"states.{scenario.state_ids[1]}.type": "greedy"})
    hashes, views = reference(scenario, SEED)
    return scenario, hashes, views


def _host(scenario, **options) -> Host:
    return Host(scenario=scenario, seed=SEED, minds="doctrine", **options).start()


def _same_view(a, b) -> bool:
    for name in wire.view_fields():
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            if not np.array_equal(x, y, equal_nan=True):
                return False
        elif x != y:
            return False
    return True


def _order_turn(client: Client, controller) -> tuple[TurnOpened, list[dict]]:
    """Wait for the open turn, decide it with `controller`, submit, wait for the Ok."""
    opened = wait_for(client, TurnOpened, TIMEOUT)
    orders = dump_orders(controller.decide(view_of(opened), generator_from(opened.ai_rng)).orders)
    request = client.submit(opened.turn, orders)
    while True:
        reply = client.inbox.get(timeout=TIMEOUT)
        if isinstance(reply, (Ok, Error)) and reply.id == request:
            assert isinstance(reply, Ok), reply
            return opened, orders


# (a) -------------------------------------------------------------------------------------------
def test_a_networked_game_is_the_headless_game(game, tmp_path):
    """Every seat remote and played by run_bot with its doctrine: each turn's state hash equals
    run_game's with the same doctrines and seed; observers follow it; headless writes simulate's files."""
    scenario, hashes, _ = game
    host = _host(scenario)
    results = in_threads({
        "host": lambda: host.run_headless(tmp_path, timeout=TIMEOUT),
        "bots": lambda: play_seats(host.address, host.codes(), observers=2),
    })
    bots = results["bots"]
    assert len(bots) == 5
    for who, result in bots.items():
        assert result.exit_code == 0, (who, result.error)
        if who.startswith("observer"):  # it may join after the first turns: it follows from there
            assert result.hashes.items() <= hashes.items() and max(result.hashes) == 10, who
        else:
            assert result.hashes == hashes, who
    assert sorted(p.name for p in results["host"]) == ["replay.json", "series.csv", "summary.json"]
    replayed = replay_match(read_save(tmp_path / "replay.json"))  # verifies every hash
    assert replayed.engine.turn == 10
    assert len(json.loads((tmp_path / "summary.json").read_text())["states"]) == 3


# (b) -------------------------------------------------------------------------------------------
def test_b_each_seat_receives_its_own_view_and_nothing_private_of_others(game):
    scenario, hashes, views = game
    with _host(scenario) as host:
        codes = host.codes()
        results = play_seats(host.address, codes, observers=1, record_frames=True)
    for sid in codes:
        result = results[sid]
        assert result.exit_code == 0 and result.hashes == hashes
        opened = 0
        for frame in result.frames:
            message = decode_notice(frame)
            assert isinstance(message, (Ok, Welcome, SeatHistory, TurnOpened, TurnResolved, SeatStatus, GameOver)), \
                frame[:200]
            if isinstance(message, SeatHistory):  # its own rows, its own events
                assert message.threat.shape == message.belief.shape == [message.turn + 1, len(codes)]
                assert all(e.get("visible_to") is None or sid in e["visible_to"] for e in message.events)
            elif isinstance(message, TurnOpened):
                opened += 1
                # exactly what the engine's view_for(sid) gave this seat in the headless game
                assert _same_view(view_of(message), views[sid][message.turn]), (sid, message.turn)
                assert message.queued is None
            elif isinstance(message, TurnResolved):
                for event in message.events:
                    assert event.get("visible_to") is None or sid in event["visible_to"], event
                assert message.said == []  # people give no reasons (what AIs say: test_seat_record)
            elif isinstance(message, SeatStatus):
                # who has ordered, never what
                assert all(set(s.model_dump()) == {"seat", "team", "remote", "connected", "ordered"} for s in message.seats)
        assert opened == 10
        assert sum(frame.count('"my_type"') for frame in result.frames) == opened
    observer = results["observer0"]
    assert observer.exit_code == 0 and observer.hashes.items() <= hashes.items()
    for frame in observer.frames:
        assert '"visible_to"' not in frame  # private events (intelligence reports, offers) never reach it
        message = decode_notice(frame)
        if isinstance(message, TurnOpened):
            assert set(message.view) == set(wire.PUBLIC_FIELDS) | {"events"}
        assert not isinstance(message, SeatHistory)
        assert not getattr(message, "said", None)


# (c) -------------------------------------------------------------------------------------------
def test_c_a_dropped_client_rejoins_with_its_view_and_queued_orders(game):
    scenario, hashes, _ = game
    with _host(scenario) as host:
        controllers = seat_leaders(doctrine_controllers(scenario), host.match)
        codes = host.codes()
        first = scenario.state_ids[0]
        client = Client(host.address, code=codes[first], bot=True).start()
        opened, orders = _order_turn(client, controllers[first])
        client._ws.socket.shutdown(socket.SHUT_RDWR)  # the cable is pulled
        wait_for(client, ConnectionLost, TIMEOUT)
        again = wait_for(client, TurnOpened, TIMEOUT)
        assert again.turn == opened.turn and again.queued == orders
        assert _same_view(view_of(again), view_of(opened))
        # a second computer with the same code takes the seat over; the first is told and ends
        second = Client(host.address, code=codes[first], bot=True).start()
        taken = wait_for(second, TurnOpened, TIMEOUT)
        assert taken.queued == orders
        error = wait_for(client, Error, TIMEOUT)
        assert error.code == "taken_over" and error.fatal
        client.done.wait(TIMEOUT)
        assert client.exit_code == 2
        second.close()
        # the game goes on to the end, the same game. The first seat's orders are queued, so turn 1
        # may resolve before its new bot has joined: that bot then never sees turn 1's digest.
        results = play_seats(host.address, codes)
        assert all(r.exit_code == 0 and r.hashes == {t: hashes[t] for t in r.hashes} for r in results.values())
        assert all(max(r.hashes) == max(hashes) for r in results.values())
        assert set().union(*(r.hashes for r in results.values())) == set(hashes)


# (d) -------------------------------------------------------------------------------------------
def _raw(address: str, payload: bytes) -> bytes:
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as s:
        s.sendall(payload)
        got = b""
        while chunk := s.recv(4096):
            got += chunk
    return got


def test_d_junk_floods_and_oversized_frames_cost_only_their_connection(game, caplog):
    caplog.set_level(logging.INFO)
    scenario, hashes, _ = game
    with _host(scenario) as host:
        codes = host.codes()
        first, *others = scenario.state_ids
        box = {}
        bot = threading.Thread(target=lambda: box.setdefault("r", run_bot(host.address, codes[first], timeout=TIMEOUT)))
        bot.start()  # orders turn 1 and waits for the others, connected, while the host is attacked
        url = f"ws://{host.address}"

        assert _raw(host.address, b"\x16\x03\x01\x00junk\xff\xfe\r\n\r\n").startswith((b"", b"HTTP/1.1 400"))
        assert _raw(host.address, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 4")

        with connect(url, max_size=None) as ws:  # an oversized frame: that connection is closed (1009)
            ws.send("x" * (MAX_FRAME_BYTES + 10))
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=TIMEOUT)
            assert closed.value.rcvd.code == 1009

        with connect(url) as ws:  # malformed frames: one clear error each, the connection stays
            for frame in ("not json", '{"type": "nope", "id": 5}', "[1]", b"\x00\x01"):
                ws.send(frame)
                reply = decode_notice(ws.recv(timeout=TIMEOUT))
                assert isinstance(reply, Error) and reply.code == "bad_frame" and not reply.fatal
            ws.send(encode(Hello(id=6, version=PROTOCOL_VERSION, observer=True)))
            assert isinstance(decode_notice(ws.recv(timeout=TIMEOUT)), Ok)

        with connect(url) as ws:  # a flood: rate-limited, then closed
            for _ in range(100):
                ws.send('{"type": "sync", "id": 1}')
            codes_seen = []
            with pytest.raises(ConnectionClosed):
                for _ in range(200):
                    codes_seen.append(decode_notice(ws.recv(timeout=TIMEOUT)).code)
            assert codes_seen[-1] == "rate_limit" and len(codes_seen) < 100
        results = play_seats(host.address, {sid: codes[sid] for sid in others})
        bot.join(TIMEOUT)
    results[first] = box["r"]
    assert all(r.exit_code == 0 and r.hashes == hashes for r in results.values())
    assert results[first].reconnections == 0
    assert tracebacks(caplog) == []


# (e) -------------------------------------------------------------------------------------------
def _refused(address: str, **hello) -> Error:
    with connect(f"ws://{address}") as ws:
        ws.send(encode(Hello(id=1, **{"version": PROTOCOL_VERSION, **hello})))
        reply = decode_notice(ws.recv(timeout=TIMEOUT))
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=TIMEOUT)
    assert isinstance(reply, Error) and reply.fatal and reply.id == 1
    return reply


def test_e_wrong_code_version_mismatch_and_forbidden_observers_are_clear_errors(game):
    scenario, _, _ = game
    with _host(scenario, allow_observers=False) as host:
        assert _refused(host.address, code="ZZZZZZ").code == "wrong_code"
        assert _refused(host.address, code=next(iter(host.codes().values())), version=PROTOCOL_VERSION + 1).code == "version"
        assert _refused(host.address, observer=True).code == "observers_forbidden"
        lost = run_bot(host.address, "WRONG1", timeout=TIMEOUT)
        assert lost.exit_code == 2 and "code" in lost.error
        # codes are typed by people: case, spaces and dashes do not matter
        sid, code = next(iter(host.codes().items()))
        client = Client(host.address, code=f"{code[:3].lower()}-{code[3:]}").start()
        assert wait_for(client, Welcome, TIMEOUT).seat == sid
        client.close()
        # the teacher re-issues the code: the old one stops working
        new = host.reissue_code(sid)
        assert new != code and host.codes()[sid] == new
        assert _refused(host.address, code=code).code == "wrong_code"


def test_e_a_finished_game_refuses_joins(game):
    scenario, _, _ = game
    with _host(world("random:3", turns=2)) as host:
        codes = host.codes()
        assert all(r.exit_code == 0 for r in play_seats(host.address, codes).values())
        assert host.wait(TIMEOUT)
        assert _refused(host.address, code=next(iter(codes.values()))).code == "game_over"


# (f) -------------------------------------------------------------------------------------------
def test_f_a_resumed_host_continues_from_its_autosave_with_the_same_codes(game, tmp_path):
    scenario, hashes, _ = game
    host = _host(scenario, autosave_dir=tmp_path)
    controllers = seat_leaders(doctrine_controllers(scenario), host.match)
    codes = host.codes()
    clients = {sid: Client(host.address, code=code, bot=True).start() for sid, code in codes.items()}
    for _ in range(4):
        for sid, client in clients.items():
            _order_turn(client, controllers[sid])
        for client in clients.values():
            wait_for(client, TurnResolved, TIMEOUT)
    for client in clients.values():
        client.close()
    host.stop()
    assert read_save(tmp_path / AUTOSAVE_NAME).turns[-1].turn == 4

    with Host.from_save(tmp_path / AUTOSAVE_NAME, port=0) as resumed:
        assert resumed.codes() == codes
        assert resumed.match.turn == 4
        results = play_seats(resumed.address, codes)
        assert resumed.wait(TIMEOUT)
        got = {r.turn: r.state_hash for r in resumed.match.engine.records}
    assert got == hashes
    for result in results.values():
        assert result.exit_code == 0
        assert result.hashes == {t: h for t, h in hashes.items() if t > 4}
