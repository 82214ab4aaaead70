"""The plan's readings of the public record (game.ai.reasoning.plan.TurnReading)."""
from __future__ import annotations

import math

from game.ai.reasoning.plan import turn_reading
from game.core.commands import ProposePact
from game.core.perception import THREAT_RANGE
from game.core.view import make_view
from tests.core.world import engine, play


def _reading(eng):
    return turn_reading(make_view(eng.state, 0))


def test_a_reading_takes_what_has_not_changed_from_its_own_games_last_reading():
    # Games played in step (a batch worker's chunk): another game's reading comes between two of
    # one game's, and the later still reuses what follows from its unchanged arrays.
    a, b = engine(4, seed=1), engine(4, seed=2)
    first_a, first_b = _reading(a), _reading(b)
    play(a)
    play(b)
    second_b, second_a = _reading(b), _reading(a)
    for first, second in ((first_a, second_a), (first_b, second_b)):
        assert second.dist is first.dist  # the map's tuple, handed on by the core
        assert second.proximity is first.proximity
        assert second.rivals_of is first.rivals_of
        assert second.nuclear_rivals_of is first.nuclear_rivals_of
        assert second.bound is first.bound
    assert second_a.proximity is not second_b.proximity  # never another game's


def test_a_reading_of_changed_arrays_is_made_anew():
    eng = engine(4, seed=1)
    before = _reading(eng)
    assert before.bound == (False, False, False, False)
    play(eng, {"aland": [ProposePact(target="borea")], "borea": [ProposePact(target="aland")]})
    after = _reading(eng)
    assert after.pact is not before.pact
    assert after.bound == (True, True, False, False)
    assert after.proximity == tuple(tuple(math.exp(-d / THREAT_RANGE) for d in row) for row in after.dist)
