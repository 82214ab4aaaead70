"""Budget and procurement (DESIGN.md §3: economy and procurement come first in a turn)."""
from __future__ import annotations

import pytest

from game.core.commands import Budget
from game.core.state import RULES

from .world import engine, play


def test_depreciation_without_spending():
    """With no military spending, forces lose RULES.depreciation (5 %) a turn, offence and defence alike."""
    eng = engine()
    play(eng, {"aland": [Budget(military_share=0.0, offense_share=0.5)]})
    a = eng.state.index("aland")
    assert eng.state.O[a] == pytest.approx(10.0 * 0.95)
    assert eng.state.D[a] == pytest.approx(20.0 * 0.95)


def test_procurement_buys_forces_split_by_offense_share():
    """Spending share s of output Y buys s·Y·force_per_output forces, μ of them offensive, on top of
    what survives depreciation."""
    eng = engine()
    play(eng, {"aland": [Budget(military_share=0.2, offense_share=0.75)]})
    a = eng.state.index("aland")
    bought = 0.2 * 100.0 * RULES.force_per_output
    assert eng.state.O[a] == pytest.approx(10.0 * 0.95 + 0.75 * bought)
    assert eng.state.D[a] == pytest.approx(20.0 * 0.95 + 0.25 * bought)


def test_opening_budget_keeps_forces_level():
    """A state given no budget order spends its opening share, which (unless the scenario sets one)
    buys back exactly what depreciation takes in the first turn."""
    eng = engine()
    play(eng)
    a = eng.state.index("aland")
    assert eng.state.M[a] == pytest.approx(30.0)


def test_budget_persists_until_changed():
    """A budget stands until a new one is given: the next turn buys at the same share."""
    eng = engine()
    play(eng, {"aland": [Budget(military_share=0.3, offense_share=0.0)]})
    play(eng)
    a = eng.state.index("aland")
    assert eng.state.s[a] == 0.3
    assert eng.state.O[a] == pytest.approx(10.0 * 0.95 * 0.95)


def test_growth_drag_of_military_spending():
    """Output grows by g minus growth_drag·s: guns slow the economy a little."""
    eng = engine(aland={"growth": 0.03})
    play(eng, {"aland": [Budget(military_share=0.4, offense_share=0.5)]})
    a = eng.state.index("aland")
    assert eng.state.Y[a] == pytest.approx(100.0 * (1 + 0.03 - RULES.growth_drag * 0.4))


def test_welfare_is_output_not_spent_on_arms():
    """Welfare each turn is the output not spent on the military, (1 − s)·Y, at the turn's opening output."""
    eng = engine(aland={"growth": 0.05})
    play(eng, {"aland": [Budget(military_share=0.25, offense_share=0.5)]})
    a = eng.state.index("aland")
    assert eng.state.welfare[a] == pytest.approx(0.75 * 100.0)
    play(eng, {"aland": [Budget(military_share=0.0, offense_share=0.5)]})
    assert eng.state.welfare[a] == pytest.approx(75.0 + 100.0 * (1 + 0.05 - RULES.growth_drag * 0.25))


def test_budget_out_of_range_is_refused():
    """The military share is 0–50 % of output: more is an illegal order, not a silent clamp."""
    eng = engine()
    with pytest.raises(Exception) as err:
        eng.submit("aland", [{"kind": "budget", "military_share": 0.6, "offense_share": 0.5}])
    assert type(err.value).__name__ == "InvalidOrder"
    assert "military_share" in str(err.value)


def test_plain_float_path_gives_the_array_path_numbers():
    """With every state alive the economy works in plain floats (cheaper on a small world); bit for
    bit, it must give the numbers of the array form used when some state has been conquered."""
    import numpy as np

    from game.core.rules import economy

    rng = np.random.default_rng(7)
    st = engine(6).state
    for name, low, high in (("O", 0.0, 50.0), ("D", 0.1, 50.0), ("Y", 10.0, 300.0), ("s", 0.0, 0.5),
                            ("mu", 0.0, 1.0), ("growth", -0.02, 0.06), ("welfare", 0.0, 900.0), ("reputation", 0.9, 1.0)):
        getattr(st, name)[:] = rng.uniform(low, high, st.n)
    budgets = [(1, Budget(military_share=0.23, offense_share=0.61)), (4, Budget(military_share=0.0, offense_share=1.0))]
    floats, arrays = st.copy(), st.copy()
    economy._procure_all_alive(floats, budgets)
    economy._procure_arrays(arrays, budgets)
    for name, arr in floats.array_fields():
        assert np.array_equal(arr, getattr(arrays, name)), name
    assert not np.array_equal(floats.O, st.O) and floats.s[1] == 0.23 and floats.mu[4] == 1.0
    assert (floats.reputation == 1.0).any() and (floats.reputation < 1.0).any()
