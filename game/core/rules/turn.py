"""How a turn resolves (DESIGN.md §3): `resolve_turn` is a pure function of (state, orders, rng)
-> (new state, events); nothing else changes the world. `resolve_turns` resolves several games'
turns at once, each as `resolve_turn` would.

Phases, in order: economy and procurement; diplomacy; signals; crises; wars; observation. The
repeated dilemma has one phase of its own. Each phase works on a `TurnContext`: the new state, the
events so far, and the evidence the turn's public acts give observers.
"""
from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple, Sequence

import numpy as np

from game.core.commands import Order, target_of
from game.core.events import Event
from game.core.rules import crises, dilemma, diplomacy, economy, observation, signals, wars
from game.core.state import WorldState

# Evidence (log-likelihood ratio greedy : security seeker) a public act gives observers.
# [to the target, to everyone else]. Reassurance by a costly cut is weighed apart (signals, Kydd).
ACT_EVIDENCE = {
    "attack": (3.0, 1.5),
    "alliance_attack": (1.0, 0.2),
    "pledge_broken": (1.5, 1.0),
    "arms_control_violated": (1.5, 0.8),
    # Cheap talk moves no belief (Kydd): a greedy state could say the same. Transparency works
    # only through the better look it gives; an agreement is a commitment with a price if broken.
    "pledge": (0.0, 0.0),
    "transparency": (0.0, 0.0),
    "arms_control_offer": (0.0, 0.0),
    "arms_control_formed": (-0.3, 0.0),
    "propose_pact": (0.0, 0.0),
    "backed_down": (-0.3, -0.1),
}


class TurnContext:
    """Working set for one resolution: the new state, events, and evidence for observers."""

    def __init__(self, st: WorldState, orders: dict[int, list[Order]], rng: np.random.Generator,
                 reports: bool = True):
        self.st = st
        self.t = st.turn
        self.given = st.turn - 1  # orders were given (and checked) when this many turns were resolved
        self.reports = reports  # private intelligence reports (off in batch runs)
        self.orders = orders
        self.rng = rng
        self.events: list[Event] = []
        self.act_llr = np.zeros((st.n, st.n))
        self.by_kind: dict[str, list[tuple[int, Order]]] = defaultdict(list)
        # State order, not submission order: the same orders give the same world however the
        # controllers happened to submit them (a replay submits in state order).
        for i in sorted(orders):
            for o in orders[i]:
                self.by_kind[o.kind].append((i, o))

    def name(self, i: int) -> str:
        return self.st.names[i]

    def emit(self, kind: str, actors: Sequence[int], text: str, data: dict | None = None,
             cause: dict | None = None, visible_to: Sequence[int] | None = None) -> None:
        self.events.append(Event(
            turn=self.t, kind=kind, actors=tuple(self.st.ids[a] for a in actors), text=text,
            data=data or {}, cause=cause or {},
            visible_to=None if visible_to is None else tuple(self.st.ids[v] for v in visible_to),
        ))

    def evidence(self, actor: int, target: int | None, key_or_pair) -> None:
        """Record what an act tells observers about the actor: an ACT_EVIDENCE key, or a pair
        (to the target, to everyone else)."""
        to_target, to_others = ACT_EVIDENCE[key_or_pair] if isinstance(key_or_pair, str) else key_or_pair
        if not (to_target or to_others):
            return  # cheap talk weighs nothing (adding zeros is three numpy calls that change no entry)
        col = self.act_llr[:, actor]
        col += to_others
        if target is not None:
            col[target] += to_target - to_others
        col[actor] = 0.0

    def target(self, order: Order) -> int:
        return self.st.index(target_of(order))

    def has(self, i: int, kind: str, target: int) -> bool:
        tid = self.st.ids[target]
        return any(o.kind == kind and target_of(o) == tid for o in self.orders.get(i, ()))

    def response(self, i: int, target: int) -> str:
        """i's answer in its crisis with `target` this turn (standing firm unless it says otherwise)."""
        tid = self.st.ids[target]
        for o in self.orders.get(i, ()):
            if o.kind == "crisis" and o.target == tid:
                return o.response
        return "firm"

    def lose_reputation(self, i: int, amount: float) -> None:
        self.st.reputation[i] = max(0.0, self.st.reputation[i] - amount)


class TurnToResolve(NamedTuple):
    """One game's turn to resolve: its state, its orders (state index -> its already legal orders)
    and its random generator. `reports=False` leaves out the private intelligence reports (batch
    runs, which nobody reads): the world that results is the same. `in_place=True` resolves on
    `state` itself, which becomes the new state, instead of on a copy: for an owner that keeps no
    earlier state (the copy costs 3 % of a batch turn). The rules never read the state the turn
    started from, so the world that results is the same."""

    state: WorldState
    orders: dict[int, list[Order]]
    rng: np.random.Generator
    reports: bool = True
    in_place: bool = False


def resolve_turn(state: WorldState, orders: dict[int, list[Order]], rng: np.random.Generator,
                 reports: bool = True, in_place: bool = False) -> tuple[WorldState, list[Event]]:
    """Resolve one turn: (new state, events). See TurnToResolve."""
    return resolve_turns([TurnToResolve(state, orders, rng, reports, in_place)])[0]


def resolve_turns(turns: Sequence[TurnToResolve]) -> list[tuple[WorldState, list[Event]]]:
    """Resolve a turn in each of several games (an experiment's games advance together): each
    game's (new state, events), the same as resolving it alone. The phases up to the wars run
    game by game; the observation, all array work, runs for all of them at once."""
    contexts, observing = [], []
    for state, orders, rng, reports, in_place in turns:
        st = state if in_place else state.copy()
        st.turn += 1
        tr = TurnContext(st, orders, rng, reports)
        contexts.append(tr)
        if st.dilemma:
            dilemma.resolve(tr)
            continue
        economy.resolve(tr)
        diplomacy.resolve(tr)
        signals.resolve(tr)
        crises.resolve(tr)
        wars.resolve(tr)
        observing.append(tr)
    if observing:
        observation.resolve(observing)
    return [(tr.st, tr.events) for tr in contexts]
