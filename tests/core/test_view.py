"""What make_view puts in a view, checked against the world it was made from."""
from __future__ import annotations

import numpy as np

from game.core.engine import Engine
from game.core.perception import belief_probability, effective_view_quality
from game.core.state import WorldState
from game.core.view import _PUBLIC_ARRAYS, _SHARED_FIELDS, make_view, shared_record
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


def test_make_view_puts_every_value_under_its_own_name():
    """make_view sets a view's slots one by one, the shared ones by unpacking the record: each
    field holds the record's value for it, and that is the world's."""
    eng = _engine()
    _advance(eng)
    _advance(eng)
    st = eng.state
    record = shared_record(st)
    view = make_view(st, 1, events=(), shared=record)
    for name, value in zip(_SHARED_FIELDS, record.view_fields, strict=True):
        assert getattr(view, name) is value, name
    for name in _PUBLIC_ARRAYS:
        assert np.array_equal(getattr(view, name), getattr(st, name)), name
    for name in ("turn", "max_turns", "ids", "names", "colors", "distinguishability", "intel_noise",
                 "spiral_threshold", "dilemma", "payoffs", "dilemma_noise"):
        assert getattr(view, name) == getattr(st, name), name
    assert view.omega == st.omega_perceived
    assert np.array_equal(view.moves, st.last_move[None, :])
    assert (view.me, view.my_type) == (1, "greedy" if st.greedy[1] else "security_seeker")
    for name in ("Y", "growth", "O", "D", "prev_M", "s", "mu", "welfare"):
        assert getattr(view, "my_" + name) == getattr(st, name)[1], name
    assert np.array_equal(view.seen_M, st.M_est[1][None, :]) and view.events == ()
    for name, table in zip(("pact_offer", "peace_offer", "call_turn", "call_victim"), record.visible_tables[1]):
        assert getattr(view, name) is table
    assert view._readings is record.readings and view.rivals() == (0, 2)
