"""The AI reads only engine.view_for(its id): it cannot see rivals' hidden types, budgets,
postures or pending orders, and it cannot change the world except through orders."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from game.ai.registry import make_controller
from game.core.commands import Attack, Budget
from game.core.engine import Engine
from game.core.view import View
from tests.ai.helpers import scenario

DOCTRINES = ["defensive_realist", "offensive_realist", "spiral_aware", "deterrence_hawk"]


def _orders(engine: Engine, sid: str, doctrine: str) -> list[dict]:
    ai = make_controller(doctrine)
    decision = ai.decide(engine.view_for(sid), engine.ai_rng(sid))
    return [o.model_dump() for o in decision.orders]


@pytest.mark.parametrize("doctrine", DOCTRINES)
def test_a_rivals_hidden_type_does_not_change_the_decision(doctrine):
    """Two worlds alike in everything a state can observe, differing only in a rival's hidden
    type: the AI decides the same."""
    worlds = []
    for rival_type in ("security_seeker", "greedy"):
        sc = scenario(3, turns=10, seed=4, borea={"type": rival_type})
        worlds.append(Engine(sc, seed=4))
    assert _orders(worlds[0], "aland", doctrine) == _orders(worlds[1], "aland", doctrine)


@pytest.mark.parametrize("doctrine", DOCTRINES)
def test_pending_orders_of_others_do_not_change_the_decision(doctrine):
    """A rival's orders for this turn, already submitted, are invisible until resolution."""
    plain = Engine(scenario(3, turns=10, seed=2), seed=2)
    primed = Engine(scenario(3, turns=10, seed=2), seed=2)
    primed.submit("borea", [Budget(military_share=0.5, offense_share=1.0), Attack(target="aland")])
    assert _orders(plain, "aland", doctrine) == _orders(primed, "aland", doctrine)


def test_a_view_holds_no_private_state_of_rivals():
    """No field of a view carries a rival's type, budget, offensive share or true forces."""
    names = {f.name for f in dataclasses.fields(View)}
    assert not names & {"greedy", "type", "s", "mu", "O", "D", "M", "prev_M", "welfare"}
    eng = Engine(scenario(3, turns=5, seed=1, borea={"type": "greedy"}), seed=1)
    view = eng.view_for("aland")
    assert view.my_type == "security_seeker"
    assert (view.s[1:] == 0).all() and (view.mu[1:] == 0).all() and (view.O[1:] == 0).all()
    # Estimates of rivals are not the truth (noise), while one's own are exact.
    assert view.M_est[0] == pytest.approx(float(eng.state.M[0]))
    assert not np.allclose(view.M_est[1:], eng.state.M[1:])


def test_a_view_cannot_be_used_to_change_the_world():
    """Every array in a view is read-only."""
    view = Engine(scenario(2, turns=5, seed=1), seed=1).view_for("aland")
    for f in dataclasses.fields(View):
        value = getattr(view, f.name)
        if isinstance(value, np.ndarray):
            with pytest.raises(ValueError):
                value.flat[0] = value.flat[0]


def test_same_seed_same_decisions():
    """AI choices depend on the view and the engine's per-turn child generator only."""
    a = Engine(scenario(4, turns=5, seed=9), seed=9)
    b = Engine(scenario(4, turns=5, seed=9), seed=9)
    for sid in ("aland", "borea", "cerulia", "dorn"):
        assert _orders(a, sid, "spiral_aware") == _orders(b, sid, "spiral_aware")


def _root(arr: np.ndarray) -> np.ndarray:
    while isinstance(arr.base, np.ndarray):
        arr = arr.base
    return arr


def test_private_rows_do_not_lead_back_to_other_states_perceptions():
    """A view's private arrays are its own copies: no numpy `base` reaches the matrix holding
    every state's estimates, beliefs and threat — what lies behind them is one block of this
    state's own rows, shared with no other state's view."""
    eng = Engine(scenario(3, turns=5, seed=1), seed=1)
    from game.match.policies import FixedBudget
    for _ in range(2):
        for sid in eng.pending():
            eng.submit(sid, FixedBudget(0.1).decide(eng.view_for(sid), eng.ai_rng(sid)).orders)
        eng.advance()
    n = len(eng.ids)
    mine, theirs = eng.view_for("aland"), eng.view_for("borea")
    rows = ("M_est", "M_est_prev", "mu_est", "error", "belief", "threat", "distinguishability_seen", "my_caps")
    tables = ("pact_offer", "peace_offer", "call_turn", "call_victim")
    for name in rows + tables + ("seen_M",):
        arr = getattr(mine, name)
        limit = {**dict.fromkeys(rows, len(rows) * n), **dict.fromkeys(tables, len(tables) * n * n)}.get(name, arr.size)
        assert _root(arr).size <= limit, f"{name} is a window on an array holding more than aland's own rows"
        for other in rows + tables + ("seen_M",):
            assert not np.shares_memory(arr, getattr(theirs, other)), f"aland's {name} shares memory with borea's {other}"
    # and the rows hold aland's perceptions, not borea's
    assert mine.belief[1] == pytest.approx(1 / (1 + np.exp(-eng.state.belief[0, 1])))
    assert mine.M_est[0] == pytest.approx(eng.state.M[0]) and mine.M_est[1] == pytest.approx(eng.state.M_est[0, 1])


def test_a_view_has_every_field_and_nothing_else():
    """Views are filled by position (make_view): every field is there, and being slotted, a view
    takes no attribute it does not declare."""
    view = Engine(scenario(3, turns=5, seed=1), seed=1).view_for("borea")
    assert [f.name for f in dataclasses.fields(View) if not hasattr(view, f.name)] == []
    with pytest.raises(AttributeError):
        view.rival_budget = 0.3


def test_no_array_of_a_view_leads_back_to_the_world():
    """Not even through numpy's `base` can a controller reach (and change) the world's arrays."""
    eng = Engine(scenario(3, turns=5, seed=1), seed=1)
    view = eng.view_for("aland")
    world = [id(a) for _, a in eng.state.array_fields()]
    for f in dataclasses.fields(View):
        value = getattr(view, f.name)
        if isinstance(value, np.ndarray):
            base = value
            while base is not None:
                assert id(base) not in world, f"{f.name} reaches the world's array"
                base = base.base
