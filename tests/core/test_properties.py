"""Property test (DESIGN.md §1: an illegal order raises IllegalOrder, never anything else):
thousands of random legal and illegal orders, invariants after every turn, and no exception but
OrderError (InvalidOrder or IllegalOrder)."""
from __future__ import annotations

import json

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from game.core.commands import ORDER_KINDS
from game.core.engine import Engine
from game.core.events import KINDS
from game.core.rules import legal_orders
from game.core.state import RULES, WorldState
from game.scenario.loading import load_scenario
from game.errors import OrderError

from .world import scenario

TURNS = 10


def _worlds() -> dict:
    return {
        "two_neighbours": load_scenario("two_neighbours").with_overrides({"scenario.turns": TURNS}),
        # six states: two blocs, a guarantee, an old crisis, two weak states that can be conquered
        "six": scenario(6, turns=TURNS, world={"offense_defense": 2.0, "distinguishability": 0.3},
                        alliances=[("aland", "borea", "cerulia"), ("dorn", "estra")], guarantees=[("fenn", "borea")],
                        rivalries=[("cerulia", "dorn", 3)], terrain=[("aland", "dorn", 0.6)],
                        borea={"offense": 1.0, "defense": 1.0, "economy": 40.0},
                        fenn={"offense": 0.4, "defense": 0.6, "economy": 30.0}, estra={"offense": 40.0}),
        # nuclear: one state with a second strike, one with a few warheads, one without
        "nuclear": scenario(3, turns=TURNS, aland={"warheads": 30.0}, borea={"warheads": 3.0},
                            cerulia={"offense": 1.0, "defense": 1.5}, rivalries=[("aland", "borea", 4)]),
        "dilemma": scenario(2, turns=TURNS, dilemma={"noise": 0.1}),
    }


WORLDS = _worlds()
NAMES = [sid for sc in WORLDS.values() for sid in sc.state_ids]
TARGETS = st.one_of(st.sampled_from(sorted(set(NAMES)) + ["", "atlantis", "ALAND"]), st.integers(-2, 20), st.none())
NUMBERS = st.one_of(st.floats(-1.0, 2.0), st.sampled_from([0.0, 0.05, 0.5, 1.0, float("nan"), float("inf")]),
                    st.integers(-3, 3), st.text(max_size=3))
FIELDS = {
    "target": TARGETS, "protege": TARGETS, "military_share": NUMBERS, "offense_share": NUMBERS, "fraction": NUMBERS,
    "response": st.sampled_from(["firm", "back_down", "escalate", "flee"]),
    "move": st.sampled_from(["restrain", "arm", "shrug"]), "colour": st.just("red"),
}
WELL_FORMED = {
    "budget": {"military_share": NUMBERS, "offense_share": NUMBERS},
    "unilateral_cut": {"target": TARGETS, "fraction": NUMBERS},
    "threat": {"target": TARGETS, "protege": TARGETS},
    "crisis": {"target": TARGETS, "response": FIELDS["response"]},
    "dilemma": {"move": FIELDS["move"]},
}


def order_dicts():
    """Orders as plain data: well-formed kinds with any targets and numbers (in range or not), and
    shapeless dicts with unknown kinds, missing and extra fields."""
    shaped = st.sampled_from(ORDER_KINDS).flatmap(
        lambda kind: st.fixed_dictionaries({"kind": st.just(kind), **WELL_FORMED.get(kind, {"target": TARGETS})}))
    shapeless = st.fixed_dictionaries({"kind": st.sampled_from(list(ORDER_KINDS) + ["surrender", "", "BUDGET"])},
                                      optional=FIELDS)
    return st.one_of(shaped, shaped, shapeless, st.sampled_from([None, "attack", 3, [], {}]))


def submit_what_is_legal(eng: Engine, sid: str, orders: list) -> None:
    """Submit `orders`; if the set is refused (OrderError, the only exception allowed), keep the
    orders that are legal together, one by one, and submit those."""
    try:
        eng.submit(sid, orders)
        return
    except OrderError:
        pass
    kept: list = []
    for order in orders:
        try:
            eng.check(sid, kept + [order])
        except OrderError:
            continue
        kept.append(order)
    eng.submit(sid, kept)


FORCE_EVENTS = {"unilateral_cut": 1, "border_clash": 2, "war_turn": 2, "nuclear_use": 2, "conquered": 2}
WELFARE_EVENTS = {"mobilised": 1, "pledge_broken": 1, "war_turn": 2, "nuclear_use": 2}


def touched(events, table) -> set[str]:
    out: set[str] = set()
    for e in events:
        if e.kind in table:
            out.update(e.actors[: table[e.kind]])
    return out


def check_invariants(prev: WorldState, st_: WorldState, events) -> None:
    n = st_.n
    alive = st_.alive
    live = alive[:, None] & alive[None, :]
    off = ~np.eye(n, dtype=bool)
    for name, arr in st_.array_fields():
        if arr.dtype.kind == "f":
            assert np.isfinite(arr).all(), f"{name} is not finite"
    for name in ("O", "D", "Y", "N"):
        assert (getattr(st_, name) >= 0).all(), f"negative {name}: {getattr(st_, name)}"
    assert ((st_.reputation >= 0) & (st_.reputation <= 1)).all()
    assert ((st_.s >= 0) & (st_.s <= 0.5)).all() and ((st_.mu >= 0) & (st_.mu <= 1)).all()
    assert (st_.mobilised >= 0).all()
    # the dead stay dead, with nothing
    assert not (alive & ~prev.alive).any(), "a conquered state came back"
    dead = ~alive
    assert (st_.Y[dead] == 0).all() and (st_.M[dead] == 0).all() and (st_.N[dead] == 0).all()
    # dyads
    for name in ("pact", "arms_control", "war", "rung", "crisis_since"):
        arr = getattr(st_, name)
        assert (arr == arr.T).all(), f"{name} is not symmetric"
    for name in ("pact", "arms_control", "war", "guarantee", "threat_made"):
        arr = getattr(st_, name)
        assert not arr[np.eye(n, dtype=bool)].any(), f"{name} with oneself"
        assert not (arr & ~live).any(), f"{name} with a conquered state"
    assert not (st_.pact & st_.war).any(), "allies at war"
    assert not (st_.guarantee & st_.war).any(), "guarantor at war with its protégé"
    assert not (st_.arms_control & st_.war).any(), "arms control at war"
    assert (st_.war_attacker == (st_.war & ~st_.war_attacker.T)).all(), "each war has exactly one attacker"
    assert ((st_.rung >= 0) & (st_.rung <= 7)).all() and (np.diag(st_.rung) == 0).all()
    assert ((st_.rung >= 5) == st_.war)[live & off].all(), "war exactly at rungs 5-7"
    assert (st_.rung[dead] == 0).all()
    calls = st_.call_turn >= 0
    assert not (calls & ~live).any() and (st_.call_victim[calls] >= 0).all()
    assert alive[st_.call_victim[calls]].all()
    # events
    for e in events:
        assert e.kind in KINDS, e.kind
        assert set(e.actors) <= set(st_.ids) and e.turn == st_.turn
        assert e.visible_to is None or set(e.visible_to) <= set(st_.ids)
        json.dumps(e.to_dict(), allow_nan=False)  # events go into saves and reports as plain JSON
    # budgets: procurement s·Y·force_per_output is the only way forces grow, after depreciation
    forced, spent = touched(events, FORCE_EVENTS), touched(events, WELFARE_EVENTS)
    growth = np.ones(n) if st_.dilemma else 1 + prev.growth - RULES.growth_drag * st_.s
    assert st_.Y.sum() <= (prev.Y * growth).sum() * (1 + 1e-9) + 1e-9, "output appeared from nowhere"
    for k, sid in enumerate(st_.ids):
        if not alive[k]:
            continue
        expected = prev.M[k] * (1 - RULES.depreciation) + st_.s[k] * prev.Y[k] * RULES.force_per_output
        assert st_.M[k] <= expected * (1 + 1e-9) + 1e-9, f"{sid} gained forces beyond procurement"
        if sid not in forced:
            assert np.isclose(st_.M[k], expected, rtol=1e-9, atol=1e-9), f"{sid}: forces {st_.M[k]} != {expected}"
        welfare = st_.welfare[k] - prev.welfare[k]
        assert welfare <= (1 - st_.s[k]) * prev.Y[k] * (1 + 1e-9) + 1e-9
        if sid not in spent:
            assert np.isclose(welfare, (1 - st_.s[k]) * prev.Y[k], rtol=1e-9, atol=1e-9), f"{sid}: welfare"


@settings(max_examples=200, deadline=None)
@given(world=st.sampled_from(sorted(WORLDS)), seed=st.integers(0, 2**16), data=st.data())
def test_random_orders_keep_the_world_sound(world, seed, data):
    """Random legal and illegal orders, every state, every turn: OrderError is the only exception,
    and after every turn forces, output and beliefs are finite and non-negative, commitments and wars
    are symmetric and between living states, rungs within 0–7 (war exactly at 5–7), the conquered stay
    dead and give no orders, forces grow by procurement (s·Y·force_per_output) minus depreciation
    and nothing else, and every event is plain JSON."""
    eng = Engine(WORLDS[world], seed=seed)
    while not eng.finished:
        for sid in eng.ids:
            if sid not in eng.pending():
                try:
                    eng.submit(sid, [])
                except OrderError:
                    continue
                raise AssertionError(f"{sid} is conquered but its orders were taken")
            view = eng.view_for(sid)
            legal = legal_orders(view)
            picks = data.draw(st.lists(st.integers(0, 10**6), max_size=4), label=f"legal picks {sid}")
            orders = [legal[p % len(legal)] for p in picks] if legal else []
            orders += data.draw(st.lists(order_dicts(), max_size=3), label=f"raw orders {sid}")
            orders = data.draw(st.permutations(orders), label="order")
            submit_what_is_legal(eng, sid, orders)
        prev = eng.state
        report = eng.advance()
        check_invariants(prev, eng.state, report.events)
        for kind in {e.kind for e in report.events} & {"war_started", "conquered", "nuclear_use", "pact_formed",
                                                       "ally_joined", "call_lapsed", "crisis_accident", "peace"}:
            event(kind)
