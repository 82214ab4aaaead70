"""Shared pieces of the network tests: a small world, bots in threads, a reference game."""
from __future__ import annotations

import logging
import threading

from game.scenario.loading import load_scenario
from game.match.games import doctrine_controllers, run_game
from game.net.bot import BotResult, run_bot, run_observer

TIMEOUT = 15.0  # every wait in these tests is bounded well under pytest-timeout


def world(ref: str = "random:3", turns: int = 10):
    return load_scenario(ref).with_overrides({"scenario.turns": turns})


class Recording:
    """A doctrine that keeps every view it is given (turn -> view): what the engine gave the
    seat in a headless game."""

    def __init__(self, controller):
        self.controller = controller
        self.name = controller.name
        self.mindset = controller.mindset
        self.views = {}

    def decide(self, view, rng):
        self.views[view.turn + 1] = view
        return self.controller.decide(view, rng)


def reference(scenario, seed):
    """The headless game of the scenario's doctrines: its hashes by turn and each state's views."""
    controllers = {sid: Recording(c) for sid, c in doctrine_controllers(scenario).items()}
    result = run_game(scenario, seed=seed, controllers=controllers)
    hashes = {r.turn: r.state_hash for r in result.engine.records}
    return hashes, {sid: c.views for sid, c in controllers.items()}


def in_threads(jobs: dict) -> dict:
    """Run each job (a no-argument callable) in its own thread; their results by key."""
    out: dict = {}
    threads = [threading.Thread(target=lambda k=k, job=job: out.__setitem__(k, job()), daemon=True)
               for k, job in jobs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT + 5)
    return out


def play_seats(address: str, codes: dict[str, str], observers: int = 0, record_frames: bool = False) -> dict[str, BotResult]:
    jobs = {sid: (lambda c=code: run_bot(address, c, timeout=TIMEOUT, record_frames=record_frames))
            for sid, code in codes.items()}
    for k in range(observers):
        jobs[f"observer{k}"] = lambda: run_observer(address, timeout=TIMEOUT, record_frames=record_frames)
    return in_threads(jobs)


def tracebacks(caplog) -> list[logging.LogRecord]:
    """Log records that carry a traceback or an error from the network layer or websockets."""
    return [r for r in caplog.records if r.exc_info or (r.levelno >= logging.ERROR and
                                                         r.name.startswith(("game.net", "websockets")))]
