"""Shared pieces of the network tests: a small world, bots in threads, a reference game, a team's
laptop without its screens."""
from __future__ import annotations

import logging
import queue
import threading
import time

from game.ai.registry import make_controller
from game.core.commands import dump_orders
from game.scenario.loading import load_scenario
from game.match.games import doctrine_controllers, run_game
from game.net.bot import BotResult, run_bot, run_observer
from game.net.client import Client, generator_from, view_of
from game.net.protocol import GameOver, SeatHistory, TurnOpened, TurnResolved, Welcome, decode_notice
from game.ui.remote_session import RemoteSession

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

    def take_office(self, boldness: float) -> None:
        self.controller.take_office(boldness)


def seat_leaders(controllers: dict, match) -> dict:
    """The controllers a test plays seats with, each governing as the host's leader of its state."""
    for sid, controller in controllers.items():
        controller.take_office(match.boldness[sid])
    return controllers


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


class Laptop:
    """A team's laptop without its screens: a Client whose messages feed a RemoteSession the way
    game.ui.scenes.join.RemoteFlow feeds it (the history sent on joining is taken in once the
    session exists), playing its seat with the seat's doctrine. `session`: carry on with the
    record of an earlier connection (a laptop that dropped and rejoined)."""

    def __init__(self, address: str, code: str, session=None):
        self.client = Client(address, code=code, bot=True, record_frames=True).start()
        self.session = session
        self.history = None
        self.welcome = None
        self.controller = None
        self.hashes: dict[int, str] = {}

    def play(self, stop_at: int | None = None) -> "Laptop":
        """Order every turn until turn `stop_at` opens (not ordered) or the game is over."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                message = self.client.inbox.get(timeout=0.2)
            except queue.Empty:
                assert not self.client.done.is_set(), self.client.error
                continue
            if isinstance(message, Welcome):
                self.welcome = message
                self.controller = make_controller(message.doctrine, message.difficulty or "normal")
                self.controller.take_office(message.boldness or 0.0)
            elif isinstance(message, SeatHistory):
                self.history = message
                if self.session is not None:
                    self._catch_up()
            elif isinstance(message, TurnOpened):
                view = view_of(message)
                if self.session is None:
                    self.session = RemoteSession(self.client, self.welcome.seat, self.welcome.title, view, message.turn)
                    self._catch_up()
                else:
                    self.session.turn_opened(view, message.turn, message.queued is not None)
                if message.turn == stop_at:
                    return self
                decision = self.controller.decide(view, generator_from(message.ai_rng))
                self.client.submit(message.turn, dump_orders(decision.orders))
            elif isinstance(message, TurnResolved):
                self.session.turn_resolved(message)
                self.hashes[message.turn] = message.state_hash
            elif isinstance(message, GameOver):
                return self
        raise AssertionError(f"the laptop's game did not reach turn {stop_at} within {TIMEOUT} s")

    def _catch_up(self) -> None:
        self.session.engine.add_history(self.history)
        self.history = None

    def messages(self, kind: type) -> list:
        return [m for m in map(decode_notice, self.client.frames) if isinstance(m, kind)]

    def close(self) -> None:
        self.client.close()
