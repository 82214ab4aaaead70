"""A game in progress: the engine, who governs each state, and the turn's flow. No pygame here.

Humans are driven by the UI (`submit`); AI states decide through their doctrine controller with
`engine.ai_rng(sid)`. The AI decides at the start of each turn: a view never contains pending
orders, so when it decides does not matter, and deciding early lets the humans take their time.
Autosaves are written after every resolved turn (atomic; the last few are kept).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from game.core.commands import Order
from game.core.engine import Engine, TurnReport
from game.data.saves import ControllerSpec, SaveGame, read_save, record, restore, write_save
from game.data.scenario import Scenario

AUTOSAVES_KEPT = 5


@dataclass(frozen=True)
class Seat:
    """Who governs a state: a human at this machine, or an AI doctrine at a difficulty."""

    human: bool
    doctrine: str = "defensive_realist"
    difficulty: str = "normal"

    def spec(self) -> ControllerSpec:
        return ControllerSpec(kind="human" if self.human else "ai", doctrine=self.doctrine, difficulty=self.difficulty)

    @staticmethod
    def from_spec(spec: ControllerSpec, fallback_doctrine: str = "defensive_realist") -> "Seat":
        return Seat(human=spec.kind == "human", doctrine=spec.doctrine or fallback_doctrine, difficulty=spec.difficulty)


def scenario_seats(scenario: Scenario, humans: Iterable[str] | None = None) -> dict[str, Seat]:
    """Seats from the scenario's `controller` fields, or with exactly `humans` played by hand."""
    chosen = set(humans) if humans is not None else None
    return {s.id: Seat(human=(s.controller == "human") if chosen is None else (s.id in chosen),
                       doctrine=s.doctrine, difficulty=s.difficulty) for s in scenario.states}


class GameSession:
    def __init__(self, scenario: Scenario, seed: int | None, seats: Mapping[str, Seat], engine: Engine | None = None,
                 saves_dir: Path | None = None):
        from game.ai.registry import make_controller
        from game.sim.simulate import minds_of

        self.scenario = scenario
        self.seats = {sid: seats.get(sid, Seat(human=False)) for sid in scenario.state_ids}
        self.ai = {sid: make_controller(seat.doctrine, seat.difficulty)
                   for sid, seat in self.seats.items() if not seat.human}
        self.engine = engine if engine is not None else Engine(scenario, seed=seed, minds=minds_of(self.ai))
        self.saves_dir = saves_dir
        self.last_report: TurnReport | None = None
        self.last_autosave: Path | None = None
        self._ai_turn = -1

    # --- who plays ---------------------------------------------------------------------------
    @property
    def humans(self) -> list[str]:
        return [sid for sid in self.engine.ids if self.seats[sid].human]

    @property
    def spectating(self) -> bool:
        return not self.humans

    def name(self, sid: str) -> str:
        return self.engine.state.names[self.engine.state.index(sid)]

    def humans_to_order(self) -> list[str]:
        """Living humans who have not given their orders this turn, in scenario order."""
        pending = set(self.engine.pending())
        return [sid for sid in self.humans if sid in pending]

    def living_humans(self) -> list[str]:
        alive = set(self.engine.alive_ids())
        return [sid for sid in self.humans if sid in alive]

    # --- a turn ------------------------------------------------------------------------------
    def decide_ai(self) -> None:
        """Every AI state gives its orders for the coming turn (once per turn)."""
        if self.engine.finished or self._ai_turn == self.engine.turn:
            return
        pending = set(self.engine.pending())
        for sid, controller in self.ai.items():
            if sid not in pending:
                continue
            decision = controller.decide(self.engine.view_for(sid), self.engine.ai_rng(sid))
            explanation = decision.explanation
            if hasattr(explanation, "to_dict"):
                explanation = explanation.to_dict()
            self.engine.submit(sid, decision.orders, explanation)
        self._ai_turn = self.engine.turn

    def submit(self, sid: str, orders: list[Order]) -> None:
        """A human's orders (raises IllegalOrder with the reason)."""
        self.engine.submit(sid, orders)

    def ready(self) -> bool:
        return not self.engine.finished and not self.engine.pending()

    def resolve(self) -> TurnReport:
        report = self.engine.advance()
        self.last_report = report
        self.autosave()
        return report

    def play_ai_turn(self) -> TurnReport:
        """Watch mode: everyone is AI; decide and resolve one turn."""
        self.decide_ai()
        return self.resolve()

    def explanations(self, turn: int | None = None) -> dict[str, Any]:
        """The AI explanations stored with a resolved turn (the last one by default)."""
        records = self.engine.records
        if not records:
            return {}
        if turn is None:
            return dict(records[-1].explanations)
        for r in records:
            if r.turn == turn:
                return dict(r.explanations)
        return {}

    # --- saving ------------------------------------------------------------------------------
    def save_game(self, ui: dict[str, Any] | None = None) -> SaveGame:
        return record(self.engine, {sid: seat.spec() for sid, seat in self.seats.items()}, kind="save", ui=ui)

    def save_to(self, path: Path) -> Path:
        return write_save(path, self.save_game())

    def autosave(self) -> Path | None:
        if self.saves_dir is None:
            return None
        folder = self.saves_dir
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"autosave-{self.scenario.id}-{int(time.time() * 1000)}-t{self.engine.turn:03d}.json"
        write_save(path, self.save_game())
        self.last_autosave = path
        autosaves = sorted(folder.glob("autosave-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in autosaves[:-AUTOSAVES_KEPT]:
            try:
                old.unlink()
            except OSError:
                pass
        return path

    @staticmethod
    def load(path: str | Path, saves_dir: Path | None = None, humans: Iterable[str] | None = None) -> "GameSession":
        """Rebuild a saved game (replaying and verifying every turn). Raises SaveError."""
        save = read_save(path)
        return GameSession.from_save(save, str(path), saves_dir, humans)

    @staticmethod
    def from_save(save: SaveGame, source: str = "<save>", saves_dir: Path | None = None,
                  humans: Iterable[str] | None = None) -> "GameSession":
        engine = restore(save, source)
        sc = save.scenario
        if humans is not None or not save.controllers:
            seats = scenario_seats(sc, humans)
        else:
            seats = {sid: Seat.from_spec(spec, sc.state(sid).doctrine) for sid, spec in save.controllers.items()}
            if not any(seat.human for seat in seats.values()):
                # A replay written by `simulate`: hand the scenario's human states back to the players.
                for s in sc.states:
                    if s.controller == "human":
                        seats[s.id] = Seat(human=True, doctrine=s.doctrine, difficulty=s.difficulty)
        return GameSession(sc, save.seed, seats, engine=engine, saves_dir=saves_dir)


def list_saves(saves_dir: Path) -> list[Path]:
    """Saves and autosaves, newest first."""
    if not saves_dir.is_dir():
        return []
    return sorted(saves_dir.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)


def open_save(path: str | Path, saves_dir: Path | None = None) -> "GameSession | str":
    """The session saved at `path`, or the reason it cannot be loaded (for the load window)."""
    from game.errors import SaveError

    try:
        return GameSession.load(path, saves_dir)
    except SaveError as err:
        return str(err)
