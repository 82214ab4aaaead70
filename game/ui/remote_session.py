"""A class game played from this machine over the network (DESIGN.md §10): the same interface
as GameSession, so the game screen, the resolution screen and the charts need no change; the
views come from the host (`view_of(TurnOpened)`) and the orders go to `client.submit`. No pygame.

The host sends a seat its view (with the forces it saw of everyone, turn by turn), the events
it may see and what the others said to it; on joining, its history of all these since turn 0.
`SeatRecord` keeps them and answers what the screens ask a local engine (`view_for`,
`events_for`, `series`, `tracker`, `records`), from what the seat was told and nothing else: a
laptop that joined late, or dropped and rejoined, draws what one there all along draws. What
only the host knows stays there: the AI's reasons beyond what it said to this seat.

When the game is over the host sends the whole game as a replay (GameOver.replay): the debrief
then runs on a local copy of the finished match, everything revealed, as after any game.

`public_picture` is the projector's picture: the public record only (what an observer is sent),
for the teacher's console and observers. No force, no type, no one's perception.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from game.core.commands import Order, dump_orders
from game.core.engine import TurnRecord
from game.core.events import Event
from game.core.rules import check_orders, legal_orders
from game.core.spirals import STAGES, Episode
from game.core.view import View
from game.errors import IllegalOrder
from game.net.client import rows_of
from game.net.protocol import Said, SeatHistory, TurnResolved
from game.ui.palette import state_colors
from game.ui.picture import History, Picture

SHARED_ROWS = ("rung", "alive", "Y")  # public, the same in every view
OWN_ROWS = ("threat", "belief")  # the seat's own row of its perceptions


@dataclass(frozen=True)
class Meta:
    title: str
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class RemoteScenario:
    """What the screens read of a scenario; the scenario itself (hidden types, doctrines) stays
    on the host until the game is over."""

    id: str
    scenario: Meta


def scenario_id(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "class_game"


# --- what a seat was told ----------------------------------------------------------------------


class SeatSeries:
    """The per-turn rows the screens chart, from the views received (row t: after turn t)."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[str, np.ndarray]] = {}
        self.length = 0
        self.turns = np.zeros(0, dtype=np.int64)

    def add(self, view: View) -> None:
        self._put(view.turn, view.me, {name: getattr(view, name) for name in SHARED_ROWS + OWN_ROWS})

    def add_history(self, me: int, rows: dict[str, np.ndarray]) -> None:
        """Rows 0..T of the seat's history (client.rows_of), as its views of those turns held them."""
        for t in range(len(rows["alive"])):
            self._put(t, me, {name: rows[name][t] for name in SHARED_ROWS + OWN_ROWS})

    def _put(self, turn: int, me: int, values: dict[str, np.ndarray]) -> None:
        n = len(values["alive"])
        row = {name: np.array(values[name]) for name in SHARED_ROWS}
        for name in OWN_ROWS:
            table = np.zeros((n, n))
            table[me] = values[name]
            row[name] = table
        self.rows[turn] = row
        self.length = max(self.length, turn + 1)
        self.turns = np.arange(self.length, dtype=np.int64)

    def __getitem__(self, name: str) -> np.ndarray:
        """Rows 0..turn; a turn the seat did not see repeats the nearest one it saw."""
        known = sorted(self.rows)
        out = []
        for t in range(self.length):
            nearest = min(known, key=lambda k: (abs(k - t), -k))
            out.append(self.rows[nearest][name])
        return np.array(out)


@dataclass
class SeatTracker:
    """Spiral episodes and each dyad's stage, from the spiral events (public)."""

    n: int
    ids: tuple[str, ...]
    episodes: list[Episode] = field(default_factory=list)

    @property
    def stage(self) -> np.ndarray:
        out = np.zeros((self.n, self.n), dtype=np.int64)
        for ep in self.episodes:
            if ep.end is None and ep.stages:
                i, j = self.ids.index(ep.a), self.ids.index(ep.b)
                out[i, j] = out[j, i] = STAGES.index(ep.stages[-1][1])
        return out

    def add(self, event: Event) -> None:
        if not event.kind.startswith("spiral_") or len(event.actors) < 2:
            return
        a, b = event.actors[:2]
        stage = str(event.data.get("stage", "emerging"))
        current = next((ep for ep in reversed(self.episodes) if {ep.a, ep.b} == {a, b} and ep.end is None), None)
        if event.kind == "spiral_started" or current is None:
            current = Episode(a=a, b=b, start=int(event.data.get("start", event.turn)))
            self.episodes.append(current)
        if event.kind == "spiral_ended":
            current.end = event.turn
            current.ended_by = stage
        elif stage in STAGES:
            current.stages.append((event.turn, stage))
        if event.data.get("richardson"):
            current.richardson = dict(event.data["richardson"])


@dataclass(frozen=True)
class SeatState:
    """The world state as far as a seat knows it: who is in it. Hidden types are unknown (None)."""

    ids: tuple[str, ...]

    @property
    def greedy(self) -> tuple[None, ...]:
        return (None,) * len(self.ids)


class SeatRecord:
    """What one seat has been told, read like a local engine by the screens."""

    def __init__(self, seat: str, scenario: RemoteScenario, first: View):
        self.seat = seat
        self.scenario = scenario
        self.view = first
        self.series = SeatSeries()
        self.tracker = SeatTracker(first.n, first.ids)
        self.events: list[Event] = []
        self._seen: set[tuple] = set()
        self.said: dict[int, list[Said]] = {}  # turn -> what the others said to this seat
        self.game_over = False
        self.state = SeatState(first.ids)
        self.update(first)

    def update(self, view: View) -> None:
        self.view = view
        self.series.add(view)
        self.add_events(view.events)

    def add_said(self, turn: int, said: Iterable[Said]) -> None:
        self.said[turn] = [s for s in said if s.turn == turn]

    def add_history(self, history: SeatHistory) -> None:
        """Everything the seat was shown before it (re)joined (ValueError if the rows are not arrays)."""
        self.series.add_history(self.view.me, rows_of(history))
        self.add_events(Event.from_dict(e) for e in history.events)
        # The history comes after the view's recent events: the spirals are read again in order.
        self.tracker = SeatTracker(self.view.n, self.view.ids)
        for e in self.events:
            self.tracker.add(e)
        for turn in range(1, history.turn + 1):
            self.add_said(turn, history.said)

    @property
    def records(self) -> list[TurnRecord]:
        """The turns' records as this seat knows them: what the others said to it, in the shape
        the engine stores reasons (game.ui.picture reads them as it reads a local engine's)."""
        out = []
        for turn in sorted(self.said):
            explanations: dict[str, dict] = {}
            for s in self.said[turn]:
                reasons = explanations.setdefault(s.speaker, {"reasons": []})["reasons"]
                reasons.append({"decision": s.decision, "target": self.seat, "summary": s.text})
            out.append(TurnRecord(turn=turn, orders={}, state_hash="", explanations=explanations))
        return out

    def add_events(self, events: Iterable[Event]) -> None:
        for e in events:
            key = (e.turn, e.kind, e.actors, e.text)
            if key in self._seen:
                continue
            self._seen.add(key)
            self.events.append(e)
            self.tracker.add(e)
        self.events.sort(key=lambda e: e.turn)

    # what the screens ask an engine
    @property
    def turn(self) -> int:
        return self.view.turn

    @property
    def ids(self) -> tuple[str, ...]:
        return self.view.ids

    @property
    def finished(self) -> bool:
        return self.game_over

    def view_for(self, sid: str) -> View:
        if sid != self.seat:
            raise IllegalOrder("a remote seat sees its own view only")
        return self.view

    def events_for(self, sid: str | None) -> list[Event]:
        return list(self.events)

    def alive_ids(self) -> list[str]:
        return [sid for sid, alive in zip(self.view.ids, self.view.alive.tolist()) if alive]

    def pending(self) -> list[str]:
        return self.alive_ids()


class RemoteSession:
    """GameSession's interface for one seat of a class game. `submit` checks the orders against
    the seat's view (the reason shows at once) and sends them; the host checks them again."""

    saves_dir = None
    autosave_error = None
    last_report = None

    def __init__(self, client, seat: str, title: str, first: View, turn: int):
        self.client = client
        self.seat = seat
        self.scenario = RemoteScenario(scenario_id(title), Meta(title))
        self.engine = SeatRecord(seat, self.scenario, first)
        self.open_turn = turn
        self.submitted_turn: int | None = None

    # who plays
    @property
    def humans(self) -> list[str]:
        return [self.seat]

    @property
    def spectating(self) -> bool:
        return False

    def name(self, sid: str) -> str:
        view = self.engine.view
        return view.names[view.index(sid)]

    def living_humans(self) -> list[str]:
        return [self.seat] if self.seat in self.engine.alive_ids() else []

    def humans_to_order(self) -> list[str]:
        return [] if self.submitted_turn == self.open_turn else self.living_humans()

    # a turn
    def turn_opened(self, view: View, turn: int, queued: bool) -> None:
        self.engine.update(view)
        self.open_turn = turn
        self.submitted_turn = turn if queued else None

    def turn_resolved(self, message: TurnResolved) -> None:
        self.engine.add_events(Event.from_dict(e) for e in message.events)
        self.engine.add_said(message.turn, message.said)

    def submit(self, sid: str, orders: list[Order]) -> None:
        view = self.engine.view
        checked = check_orders(view, view.me, orders)
        if self.client.submit(self.open_turn, dump_orders(checked)) is None:
            raise IllegalOrder("the connection to the host is down; your orders will be asked for again "
                               "when it is back")
        self.submitted_turn = self.open_turn

    def ready(self) -> bool:
        return False

    def decide_ai(self) -> None:
        """The AI states order on the host."""

    def explanations(self, turn: int | None = None) -> dict[str, Any]:
        return {}

    def legal(self) -> list[Order]:
        return legal_orders(self.engine.view)

    # saving: a class game is saved on the teacher's machine
    def save_to(self, path) -> None:
        raise OSError("a class game is saved on the teacher's machine (it autosaves every turn)")


# --- the projector's picture -------------------------------------------------------------------


@dataclass
class PublicHistory:
    """The public rows of each turn an observer (or the console) has seen."""

    rows: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)

    def add(self, public: dict[str, Any]) -> None:
        self.rows[int(public["turn"])] = {"rung": np.array(public["rung"]), "alive": np.array(public["alive"]),
                                          "Y": np.array(public["Y"])}

    def history(self, n: int) -> History:
        turns = sorted(self.rows)
        if not turns:
            turns = [0]
            self.rows[0] = {"rung": np.zeros((n, n)), "alive": np.ones(n, dtype=bool), "Y": np.zeros(n)}
        stack = lambda name: np.array([self.rows[t][name] for t in turns])  # noqa: E731
        zeros = np.zeros((len(turns), n, n))
        return History(turns=np.array(turns), arms=np.zeros((len(turns), n)), threat=zeros, belief=zeros,
                       tension=None, rung=stack("rung"), alive=stack("alive"), output=stack("Y"))


def public_picture(public: dict[str, Any], title: str, events: Iterable[Event], history: PublicHistory,
                   finished: bool = False) -> Picture:
    """A spectator's picture holding the public record only: forces, types, perceptions and
    threats are unknown (zero), and `extra["public"]` tells the map to show none of them."""
    n = len(public["ids"])
    events = tuple(e for e in events if e.visible_to is None)
    tracker = SeatTracker(n, tuple(public["ids"]))
    for e in events:
        tracker.add(e)
    history.add(public)
    unknown = np.zeros(n)
    from game.ui.picture import EpisodeInfo

    episodes = tuple(EpisodeInfo(a=ep.a, b=ep.b, start=ep.start, end=ep.end, stage=ep.stages[-1][1] if ep.stages
                                 else "emerging", peak=ep.peak, stages=tuple(ep.stages), ended_by=ep.ended_by,
                                 richardson=dict(ep.richardson)) for ep in tracker.episodes)
    return Picture(
        viewer=None, scenario_id=scenario_id(title), title=title, turn=int(public["turn"]),
        max_turns=int(public["max_turns"]), finished=finished, ids=tuple(public["ids"]), names=tuple(public["names"]),
        colors=tuple(state_colors(public["colors"])), pos=np.array(public["pos"]), alive=np.array(public["alive"]),
        Y=np.array(public["Y"]), N=np.array(public["N"]), reputation=np.array(public["reputation"]),
        mobilised=np.array(public["mobilised"]), conquered_by=np.array(public["conquered_by"]),
        dilemma_score=np.array(public["dilemma_score"]), last_move=np.array(public["last_move"]),
        forces=unknown, forces_err=unknown, offense_look=unknown, d_seen=unknown, belief=np.zeros((n, n)),
        threat=np.zeros((n, n)), pact=np.array(public["pact"]), guarantee=np.array(public["guarantee"]),
        arms_control=np.array(public["arms_control"]), rung=np.array(public["rung"]), war=np.array(public["war"]),
        war_attacker=np.array(public["war_attacker"]), stage=tracker.stage, omega=float(public["omega"]),
        distinguishability=float(public["distinguishability"]), dilemma=bool(public["dilemma"]),
        payoffs=tuple(public["payoffs"]), history=history.history(n), events=events, statements=(),
        episodes=episodes, extra={"public": True},
    )
