"""The small helpers the rules ask every turn (game.core.state): what numpy's reductions would say."""
from __future__ import annotations

import numpy as np
import pytest

from game.core.state import NO_TURN, all_true, any_nonzero, any_true, any_turn


def masks():
    rng = np.random.default_rng(11)
    yield np.zeros((6, 6), dtype=bool)
    yield np.ones(6, dtype=bool)
    yield np.zeros(0, dtype=bool)
    for _ in range(50):
        m = rng.random((6, 6)) < rng.choice([0.0, 0.02, 0.5, 0.98, 1.0])
        yield m
        yield m.T  # not contiguous
        yield m[:, 2]


@pytest.mark.parametrize("mask", list(masks()))
def test_any_and_all_true_are_numpys(mask):
    assert any_true(mask) == bool(mask.any())
    assert all_true(mask) == bool(mask.all())


@pytest.mark.parametrize("values", [np.zeros(6, dtype=np.int64), np.array([0, 0, 3, 0]), np.array([0, 256, 0]),
                                    np.array([[0, 0], [0, -1]]), np.arange(6)[::2]])
def test_any_nonzero_is_numpys(values):
    assert any_nonzero(values) == bool(values.any())


@pytest.mark.parametrize("turns", [np.full((6, 6), NO_TURN), np.full((3, 3), NO_TURN), np.zeros((6, 6), dtype=np.int64),
                                   np.where(np.eye(4, dtype=bool), 7, NO_TURN), np.array([NO_TURN, 255, NO_TURN]),
                                   np.full((6, 6), NO_TURN).T[:, 1:]])
def test_any_turn_is_a_turn_other_than_no_turn(turns):
    assert any_turn(turns) == bool((turns != NO_TURN).any())
