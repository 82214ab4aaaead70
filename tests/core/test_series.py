"""The per-turn series (game.core.metrics): what is read is what each turn was."""
from __future__ import annotations

import numpy as np

from game.core.metrics import Series
from game.core.perception import tension_matrix

from .world import engine


def test_tension_worked_out_when_read_is_each_recorded_turns_tension():
    """Tension is worked out when the series is read, not as a turn is recorded (batch runs never
    read it): bit for bit, it must be tension_matrix of the state of each turn recorded — read in
    the middle of a game, after a conquest, and after a turn is recorded again."""
    st = engine(4).state.copy()
    n = st.n
    series = Series(st.ids, 12)
    rng = np.random.default_rng(5)
    expected = []

    def record(turn: int) -> None:
        st.turn = turn
        st.threat[:] = rng.uniform(0.0, 3.0, (n, n))
        np.fill_diagonal(st.threat, 0.0)
        rung = rng.integers(0, 8, (n, n))
        st.rung[:] = np.triu(rung, 1) + np.triu(rung, 1).T
        st.alive[2] = turn < 5  # conquered at turn 5
        del expected[turn:]
        expected.append(tension_matrix(st).copy())
        series.record(st, np.zeros((n, n), dtype=int))

    for turn in range(4):
        record(turn)
    assert np.array_equal(series["tension"], np.array(expected))
    for turn in range(4, 9):
        record(turn)
    assert np.array_equal(series["tension"], np.array(expected))
    series.truncate(7)
    record(7)  # turn 7 again, with other numbers
    assert np.array_equal(series["tension"], np.array(expected))
    assert np.array_equal(series.data["tension"][:8], np.array(expected))
    assert not (series["tension"][6][2] > 0).any() and (series["tension"][6][0] > 0).any()
