"""Random worlds (`random:N[:SEED]`): valid, varied, and the same for the same seed."""
from __future__ import annotations

import pytest

from game.scenario.loading import load_scenario
from game.scenario.random_worlds import PALETTE, random_scenario
from game.scenario.models import semantic_problems
from game.errors import ScenarioError


@pytest.mark.parametrize("n", range(2, 13))
def test_every_size_gives_a_valid_scenario(n):
    """random:N for N = 2..12 passes the same checks as a teacher's file."""
    sc = random_scenario(n, seed=n * 7)
    assert len(sc.states) == n
    assert semantic_problems(sc) == []


def test_same_seed_same_world():
    """The same N and seed give the identical scenario (the generator is seeded, nothing global)."""
    assert load_scenario("random:6:42") == load_scenario("random:6:42")


def test_different_seeds_different_worlds():
    """Another seed draws another map."""
    assert load_scenario("random:6:1").states != load_scenario("random:6:2").states


def test_without_seed_the_default_map_is_used():
    """random:6 is the map of seed 0, so a class can share it by name."""
    assert load_scenario("random:6") == load_scenario("random:6:0")


def test_colours_are_distinct_and_from_the_palette():
    """Twelve states get twelve different colours from the colour-blind-safe palette."""
    colours = [s.color for s in random_scenario(12, 3).states]
    assert len(set(colours)) == 12 and set(colours) <= set(PALETTE)


def test_mostly_security_seekers_with_some_greedy():
    """Across sizes, security seekers are the majority and some states are greedy; never all greedy."""
    kinds = [s.type for n in range(2, 13) for s in random_scenario(n, 11).states]
    greedy = kinds.count("greedy")
    assert 0 < greedy < len(kinds) / 2
    for n in range(2, 13):
        assert any(s.type == "security_seeker" for s in random_scenario(n, 11).states)


def test_states_are_spread_over_the_map():
    """No two states of a crowded map sit on top of each other."""
    states = random_scenario(12, 5).states
    gaps = [((a.position[0] - b.position[0]) ** 2 + (a.position[1] - b.position[1]) ** 2) ** 0.5
            for i, a in enumerate(states) for b in states[i + 1:]]
    assert min(gaps) > 0.08


@pytest.mark.parametrize("ref", ["random:1", "random:13", "random:six", "random:6:x", "random:6:-1"])
def test_bad_random_reference_is_explained(ref):
    """A count outside 2..12 or a seed that is not a whole number gives a problem saying what is allowed."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(ref)
    assert "random:N" in caught.value.problems[0].allowed
