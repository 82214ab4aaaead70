"""What make_view puts in a view, checked against the world it was made from."""
from __future__ import annotations

import numpy as np

from game.core.engine import Engine
from game.core.perception import belief_probability, effective_view_quality
from game.core.state import WorldState
from tests.core.world import scenario

PRIVATE_ROWS = ("M_est", "M_est_prev", "mu_est", "error", "distinguishability_seen", "belief", "threat", "my_caps")


def _engine() -> Engine:
    return Engine(scenario(3, turns=12, seed=3), seed=3)


def _advance(eng: Engine) -> None:
    for sid in eng.pending():
        eng.submit(sid, [])
    eng.advance()


def _expected_rows(st: WorldState, k: int) -> dict[str, tuple]:
    """State k's private rows worked out from the world: its perception of each state, the
    truth about itself."""
    sigma, d = effective_view_quality(st)
    rows = {"M_est": st.M_est[k].copy(), "M_est_prev": st.M_est_prev[k].copy(), "mu_est": st.mu_est[k].copy(),
            "error": sigma[k].copy(), "distinguishability_seen": d[k].copy(),
            "belief": belief_probability(st)[k].copy(), "threat": st.threat[k].copy(),
            "my_caps": st.arms_control[k] * st.ac_cap[k]}
    rows["M_est"][k], rows["M_est_prev"][k], rows["mu_est"][k] = st.M[k], st.prev_M[k], st.mu[k]
    rows["error"][k] = rows["belief"][k] = rows["my_caps"][k] = 0.0
    return {name: tuple(row.tolist()) for name, row in rows.items()}


def _check_private_rows(eng: Engine) -> None:
    for k, sid in enumerate(eng.ids):
        view = eng.view_for(sid)
        expected = _expected_rows(eng.state, k)
        for name in PRIVATE_ROWS:
            assert view.lists(name) == expected[name], (eng.turn, sid, name)
            assert tuple(getattr(view, name).tolist()) == expected[name], (eng.turn, sid, name)


def test_private_rows_are_each_states_own_turn_after_turn():
    """Each row under its own name and for its own state, whether made afresh or taken again
    from the last turn's record (the rows that seldom change, the estimates held as previous)."""
    eng = _engine()
    for _ in range(4):
        _check_private_rows(eng)
        _advance(eng)
    _check_private_rows(eng)


def test_seldom_changing_rows_show_a_change():
    """A cap agreed, an estimate held as previous edited, an error changed: the next turn's
    views show them, though the rows around them are as they were."""
    eng = _engine()
    _advance(eng)
    _check_private_rows(eng)
    _advance(eng)
    st = eng.state
    st.arms_control[0, 1] = st.arms_control[1, 0] = True
    st.ac_cap[0, 1] = st.ac_cap[1, 0] = 42.0
    st.M_est_prev[2, 0] += 1.5
    _check_private_rows(eng)
    assert eng.view_for("aland").lists("my_caps")[1] == 42.0
    sigma, _ = effective_view_quality(st)
    assert sigma[1, 2] > 0
    before = eng.view_for("borea").lists("error")
    _advance(eng)
    eng.state.intel_noise *= 2  # (before the turn's first view: a view record serves the whole turn)
    _check_private_rows(eng)
    assert eng.view_for("borea").lists("error") != before
