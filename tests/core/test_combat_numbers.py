"""The combat arithmetic is defined at every strength a game can reach."""
from __future__ import annotations

import pytest

from game.core.combat import win_probability


def test_the_contest_is_defined_at_any_strengths():
    """Hirshleifer's contest p = A^m / (A^m + B^m) gives a probability for any positive strengths,
    even where A^m and B^m under- or overflow (1e-200, 1e200): equal strengths are a coin toss,
    a hundredfold edge is near-certain victory."""
    for x in (1e-300, 1e-200, 1.0, 1e200, 1e300):
        assert win_probability(x, x) == pytest.approx(0.5)
        assert win_probability(100 * x if x < 1e300 else x, x / 100) > 0.999
    assert win_probability(1e-200, 1e200) == pytest.approx(0.0)
    assert win_probability(0.0, 1e-300) == 0.0 and win_probability(1e-300, -0.0) == 1.0
