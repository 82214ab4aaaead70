"""The one match loop (DESIGN.md §1): an engine and a seat per state, played turn by turn.

Every driver of turns — the window's session, `simulate`, `experiment`, the tournament's engine
games, restoring saves and replays, the network host and the tests — plays through `Match`;
outside the core nothing else calls `Engine.advance` (or `advance_together`). A turn is:

    views out   each seat that decides at once (AI, script, replay) reads its view and orders;
                people (here or remote) order through `submit` whenever they are ready
    orders in   `Engine.submit` checks them (IllegalOrder with a reason a player can read)
    advance     when nobody is pending: the rules resolve the turn; events and explanations out

Automatic seats decide when a turn opens: a view never shows pending orders, so when they decide
changes nothing, and deciding first lets people take their time.

`play_together` plays several matches in step, a turn of each at a time, their turns resolved at
once (an experiment's chunk of games); `Match.play` is the same loop for one match.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from game.core.commands import Budget, Order
from game.core.controller import Controller
from game.core.engine import Engine, TurnReport, advance_together
from game.core.perception import MindSet
from game.core.state import maintenance_share
from game.scenario.models import Scenario
from game.errors import EngineError, OrderError
from game.match.seats import ControllerSeat, ReplaySeat, Seat

OnTurn = Callable[["Match", TurnReport], None]

LEADERS_STREAM = 0x1EAD  # the leaders' draws come from a stream of the seed of their own


def leaders_boldness(scenario: Scenario, seed: int) -> dict[str, float]:
    """Each state's leader's boldness this game, in standard deviations: as the scenario fixes
    it, or drawn from the seed (the same leaders for the same seed, whoever governs; a leader's
    temperament is one more thing about a game nobody else knows — first-image variation)."""
    drawn = np.random.default_rng([seed, LEADERS_STREAM]).standard_normal(len(scenario.states))
    return {spec.id: float(z if spec.boldness is None else spec.boldness) for spec, z in zip(scenario.states, drawn)}


class Match:
    def __init__(self, scenario: Scenario, seats: Mapping[str, Seat], seed: int | None = None,
                 minds: Mapping[str, MindSet] | None = None, record: bool = True, explain: bool = True):
        """`seats` must name every state. `minds` defaults to the seats' own mind-sets (an AI
        doctrine's; the neutral advisor for everyone else). `record=False` keeps no replay and
        `explain=False` switches the AI's reasons off: batch runs, where nobody reads either."""
        missing = [sid for sid in scenario.state_ids if sid not in seats]
        if missing:
            raise EngineError(f"no seat for: {', '.join(missing)}")
        self.scenario = scenario
        self.seats: dict[str, Seat] = {sid: seats[sid] for sid in scenario.state_ids}
        if not explain:
            for seat in self.seats.values():
                controller = getattr(seat, "controller", None)
                if hasattr(controller, "explain"):
                    controller.explain = False
        if minds is None:
            minds = {sid: seat.mindset for sid, seat in self.seats.items() if seat.mindset is not None}
        self.engine = Engine(scenario, seed=seed, minds=minds, record=record)
        self.last_report: TurnReport | None = None
        self._decided_turn = -1
        self.boldness = leaders_boldness(scenario, self.engine.seed)
        for sid, seat in self.seats.items():
            self._seat_leader(sid, seat)

    # --- reading ---------------------------------------------------------------------------
    @property
    def turn(self) -> int:
        return self.engine.turn

    @property
    def finished(self) -> bool:
        return self.engine.finished

    def people(self) -> list[str]:
        """States governed by people (here or remote), in scenario order."""
        return [sid for sid, seat in self.seats.items() if not seat.automatic]

    def waiting_for(self) -> list[str]:
        """Living states governed by people that have not ordered this turn, in scenario order."""
        pending = set(self.engine.pending())
        return [sid for sid in self.people() if sid in pending]

    def ready(self) -> bool:
        return not self.engine.finished and not self.engine.pending()

    def explanations(self, turn: int | None = None) -> dict[str, Any]:
        """The reasons stored with a resolved turn (the last one by default)."""
        records = self.engine.records
        if not records:
            return {}
        if turn is None:
            return dict(records[-1].explanations)
        return next((dict(r.explanations) for r in records if r.turn == turn), {})

    # --- seats -----------------------------------------------------------------------------
    def set_seat(self, sid: str, seat: Seat) -> None:
        """Hand a state to another seat (a replayed save handed back to its players, an AI taking
        over an absent team). Takes effect from the next decision."""
        if sid not in self.seats:
            raise EngineError(f"there is no state called {sid!r}")
        self.seats[sid] = seat
        self._seat_leader(sid, seat)
        self._decided_turn = -1

    def _seat_leader(self, sid: str, seat: Seat) -> None:
        """An AI governing `sid` takes office as the state's leader this game, with its boldness."""
        controller = getattr(seat, "controller", None)
        if hasattr(controller, "take_office"):
            controller.take_office(self.boldness[sid])

    # --- a turn ----------------------------------------------------------------------------
    def decide(self) -> None:
        """Every automatic seat gives its orders for the coming turn (once per turn)."""
        engine = self.engine
        if engine.finished or self._decided_turn == engine.turn:
            return
        pending = set(engine.pending())
        for sid, seat in self.seats.items():
            if sid in pending and seat.automatic:
                try:
                    self._order_for(sid, seat)
                except OrderError as err:
                    err.state_id = sid  # whose orders were refused, for whoever reports it
                    raise
        self._decided_turn = engine.turn

    def submit(self, sid: str, orders: Iterable[Order | dict]) -> None:
        """A person's orders (raises IllegalOrder with the reason). Submitting again replaces them."""
        self.engine.submit(sid, orders)

    def withdraw(self, sid: str) -> None:
        self.engine.withdraw(sid)

    def fill_silent(self, only: Iterable[str] | None = None) -> list[str]:
        """The turn must go on (a deadline passed, the teacher ended the turn): every person who
        has not ordered is covered as their seat says. Returns who is still awaited ("wait")."""
        still = []
        for sid in (list(only) if only is not None else self.waiting_for()):
            seat = self.seats[sid]
            policy = getattr(seat, "if_silent", "wait")
            if policy == "ai" and getattr(seat, "fallback", None) is not None:
                covering = ControllerSeat(seat.fallback)
                self._seat_leader(sid, covering)  # the AI covering a silent team governs as the state's leader
                self._order_for(sid, covering)
            elif policy in ("hold", "ai"):
                self.engine.submit(sid, hold_orders(self.engine.view_for(sid)))
            else:
                still.append(sid)
        return still

    def advance(self) -> TurnReport:
        """Resolve the turn (EngineError if someone has not ordered)."""
        report = self.engine.advance()
        self.last_report = report
        return report

    def play_turn(self) -> TurnReport:
        """Decide for every automatic seat, then resolve. People must have ordered already."""
        self.decide()
        return self.advance()

    def play(self, on_turn: OnTurn | None = None, turns: int | None = None) -> "Match":
        """Play to the end (or `turns` more turns). Every seat must decide at once."""
        play_together([self], on_turn, turns)
        return self

    # --- internals -------------------------------------------------------------------------
    def _order_for(self, sid: str, seat: Seat) -> None:
        engine = self.engine
        if isinstance(seat, ReplaySeat):
            turn = engine.turn + 1
            engine.submit(sid, seat.orders.get(turn, []), seat.explanations.get(turn))
            return
        controller = seat.controller  # type: ignore[union-attr]
        view = engine.view_for(sid)
        decision = controller.decide(view, engine.ai_rng(sid))
        explanation = decision.explanation
        if hasattr(explanation, "to_dict"):
            explanation = explanation.to_dict()
        engine.submit(sid, decision.orders, explanation, checked_against=decision.checked_against)


def play_together(matches: Sequence[Match], on_turn: OnTurn | None = None, turns: int | None = None) -> None:
    """Play several matches to the end (or `turns` more turns each), turn by turn together: every
    automatic seat of every match decides, then all their turns resolve at once (engine's
    advance_together: an experiment's games cost less together than one by one). Each match is
    played as it would be alone; one that ends leaves the others to go on."""
    stops = [None if turns is None else match.engine.turn + turns for match in matches]
    while True:
        playing = [match for match, stop in zip(matches, stops)
                   if not match.engine.finished and (stop is None or match.engine.turn < stop)]
        if not playing:
            return
        for match in playing:
            match.decide()
        for match, report in zip(playing, advance_together([match.engine for match in playing])):
            match.last_report = report
            if on_turn is not None:
                on_turn(match, report)


def hold_orders(view) -> list[Order]:
    """What a silent state does when told to hold: forces held level at its current mix, no
    other order (no threat, no attack; crises default to standing firm under the rules)."""
    return [Budget(military_share=maintenance_share(view.my_M, view.my_Y),
                   offense_share=float(min(1.0, max(0.0, view.my_mu))))]


def controller_seats(controllers: Mapping[str, Controller]) -> dict[str, Seat]:
    return {sid: ControllerSeat(c) for sid, c in controllers.items()}
