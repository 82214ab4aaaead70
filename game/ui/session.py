"""A game in progress in the window: a match (game.match) whose human seats the UI fills, and
its saves. No pygame here.

Humans are driven by the UI (`submit`); AI states decide through the match loop at the start of
each turn. Autosaves are written after every resolved turn (atomic; the last few are kept).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from game.core.commands import Order
from game.core.engine import Engine, TurnReport
from game.match.match import Match
from game.errors import GameError, SaveError
from game.match.saves import ControllerSpec, SaveGame, read_save, record, replay_match, write_save
from game.match.seats import ControllerSeat, HumanSeat
from game.scenario.models import Scenario

AUTOSAVES_KEPT = 5


@dataclass(frozen=True)
class Seat:
    """Who governs a state: a human at this machine (a team, if it gave a name), or an AI
    doctrine at a difficulty."""

    human: bool
    doctrine: str = "defensive_realist"
    difficulty: str = "normal"
    team: str = ""

    def spec(self) -> ControllerSpec:
        return ControllerSpec(kind="human" if self.human else "ai", doctrine=self.doctrine, difficulty=self.difficulty,
                              team=(self.team or None) if self.human else None)

    @staticmethod
    def from_spec(spec: ControllerSpec, fallback_doctrine: str = "defensive_realist") -> "Seat":
        return Seat(human=spec.kind == "human", doctrine=spec.doctrine or fallback_doctrine, difficulty=spec.difficulty,
                    team=spec.team or "")


def scenario_seats(scenario: Scenario, humans: Iterable[str] | None = None) -> dict[str, Seat]:
    """Seats from the scenario's `controller` fields, or with exactly `humans` played by hand."""
    chosen = set(humans) if humans is not None else None
    return {s.id: Seat(human=(s.controller == "human") if chosen is None else (s.id in chosen),
                       doctrine=s.doctrine, difficulty=s.difficulty) for s in scenario.states}


class GameSession:
    """The window's game: a match whose human seats the UI fills, plus saving."""

    def __init__(self, scenario: Scenario, seed: int | None, seats: Mapping[str, Seat], match: Match | None = None,
                 saves_dir: Path | None = None, game_id: str | None = None):
        from game.ai.registry import make_controller

        self.scenario = scenario
        self.seats = {sid: seats.get(sid, Seat(human=False)) for sid in scenario.state_ids}
        match_seats = {sid: HumanSeat() if seat.human else ControllerSeat(make_controller(seat.doctrine, seat.difficulty))
                       for sid, seat in self.seats.items()}
        if match is None:
            match = Match(scenario, match_seats, seed=seed)
        else:
            for sid, seat in match_seats.items():
                match.set_seat(sid, seat)
        self.match = match
        self.saves_dir = saves_dir
        self.last_autosave: Path | None = None
        self.autosave_error: str | None = None
        # Names this game's autosaves, so that pruning them never touches another game's.
        self.game_id = game_id or f"{scenario.id}-{int(time.time() * 1000)}"

    @property
    def engine(self) -> Engine:
        return self.match.engine

    @property
    def last_report(self) -> TurnReport | None:
        return self.match.last_report

    # --- who plays ---------------------------------------------------------------------------
    @property
    def humans(self) -> list[str]:
        return self.match.people()

    @property
    def spectating(self) -> bool:
        return not self.humans

    def name(self, sid: str) -> str:
        return self.engine.state.names[self.engine.state.index(sid)]

    def humans_to_order(self) -> list[str]:
        """Living humans who have not given their orders this turn, in scenario order."""
        return self.match.waiting_for()

    def living_humans(self) -> list[str]:
        alive = set(self.engine.alive_ids())
        return [sid for sid in self.humans if sid in alive]

    # --- a turn ------------------------------------------------------------------------------
    def decide_ai(self) -> None:
        """Every AI state gives its orders for the coming turn (once per turn)."""
        self.match.decide()

    def submit(self, sid: str, orders: list[Order]) -> None:
        """A human's orders (raises IllegalOrder with the reason)."""
        self.match.submit(sid, orders)

    def ready(self) -> bool:
        return self.match.ready()

    def resolve(self) -> TurnReport:
        report = self.match.advance()
        self.autosave()
        return report

    def play_ai_turn(self) -> TurnReport:
        """Watch mode: everyone is AI; decide and resolve one turn."""
        self.decide_ai()
        return self.resolve()

    def explanations(self, turn: int | None = None) -> dict[str, Any]:
        """The AI explanations stored with a resolved turn (the last one by default)."""
        return self.match.explanations(turn)

    # --- saving ------------------------------------------------------------------------------
    def save_game(self, ui: dict[str, Any] | None = None) -> SaveGame:
        return record(self.engine, {sid: seat.spec() for sid, seat in self.seats.items()}, kind="save",
                      ui={**(ui or {}), "game_id": self.game_id})

    def save_to(self, path: Path) -> Path:
        return write_save(path, self.save_game())

    def autosave(self) -> Path | None:
        """Write this turn's autosave and keep this game's newest few (other games' autosaves are
        never touched). A failure (read-only or full folder) never ends the game: it is kept in
        `autosave_error` for the window to show, and the player can still save elsewhere."""
        if self.saves_dir is None:
            return None
        folder = self.saves_dir
        path = folder / f"autosave-{self.game_id}-t{self.engine.turn:03d}.json"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_save(path, self.save_game())
        except (OSError, SaveError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            self.autosave_error = (f"Autosave failed ({reason}). The game goes on: use Save to keep it "
                                   f"somewhere else.")
            return None
        self.autosave_error = None
        self.last_autosave = path
        mine = sorted(folder.glob(f"autosave-{self.game_id}-t*.json"))
        for old in mine[:-AUTOSAVES_KEPT]:
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
        match = replay_match(save, source)
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
        game_id = save.ui.get("game_id")
        if not (isinstance(game_id, str) and re.fullmatch(r"[a-z0-9_]+-[0-9]+", game_id)):
            game_id = None  # an older save, or a hand-edited one: its autosaves start a new series
        return GameSession(sc, save.seed, seats, match=match, saves_dir=saves_dir, game_id=game_id)


def list_saves(saves_dir: Path) -> list[Path]:
    """Saves and autosaves, newest first."""
    if not saves_dir.is_dir():
        return []
    return sorted(saves_dir.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)


def open_save(path: str | Path, saves_dir: Path | None = None) -> "GameSession | str":
    """The session saved at `path`, or the reason it cannot be loaded (for the load window). A
    running game is never lost to a bad file: whatever goes wrong while loading is a message."""
    try:
        return GameSession.load(path, saves_dir)
    except GameError as err:
        return str(err)
    except Exception as err:  # noqa: BLE001 - a fault of ours in loading must not end the game in progress
        return (f"{path}: could not be loaded ({type(err).__name__}: {err}). This is a bug in the game, not "
                f"in your file: please report it with the file attached.")
