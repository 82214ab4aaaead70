"""Scenario variants: one map, several parameter sets, chosen with SCENARIO:VARIANT."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.loading import load_scenario
from game.scenario.models import list_variants, semantic_problems
from game.errors import ScenarioError, UnknownVariant

FIXTURE = Path(__file__).parent / "fixtures" / "with_variants.toml"


def test_without_a_variant_the_base_scenario_loads():
    """`file.toml` alone gives the base parameters and lists the variants."""
    sc = load_scenario(FIXTURE)
    assert sc.world.offense_defense == 1.0
    assert [v.id for v in list_variants(sc)] == ["offense_indistinguishable", "defense_distinguishable"]


def test_variant_applies_its_world_overrides_and_keeps_the_id():
    """`file.toml:variant` changes the world, keeps the scenario id and adds the variant's title."""
    sc = load_scenario(f"{FIXTURE}:offense_indistinguishable")
    assert (sc.world.offense_defense, sc.world.distinguishability) == (2.0, 0.1)
    assert sc.id == "mini_worlds"
    assert sc.scenario.title == "Mini Worlds: Offense dominant, indistinguishable"
    assert sc.scenario.variant == "offense_indistinguishable"


def test_variant_may_change_states_and_length():
    """Per-state overrides and a different number of turns are applied; other fields stay."""
    sc = load_scenario(f"{FIXTURE}:defense_distinguishable")
    assert sc.state("caspia").type == "security_seeker"
    assert sc.scenario.turns == 20
    assert sc.world.intel_noise == 0.2


def test_applied_variant_is_a_plain_scenario():
    """The chosen variant has no variants of its own, so it cannot be applied twice."""
    sc = load_scenario(f"{FIXTURE}:defense_distinguishable")
    assert sc.variants == []
    with pytest.raises(UnknownVariant):
        sc.with_variant("defense_distinguishable")


def test_unknown_variant_lists_the_known_ones():
    """A misspelt variant id suggests the closest and lists all of them."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(f"{FIXTURE}:offense_indistinguishabl")
    p = caught.value.problems[0]
    assert "did you mean `offense_indistinguishable`?" in p.message
    assert p.allowed == "one of: offense_indistinguishable, defense_distinguishable"


def test_variant_overrides_are_checked_with_the_same_messages():
    """A variant's bad value, unknown key, unknown state and duplicate id are all reported, by variant id."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(Path(__file__).parent / "fixtures" / "bad_variants.toml")
    found = {(p.path, p.message.split(" —")[0]) for p in caught.value.problems}
    assert ("variants.fast.world.distinguishability", "must be at most 1") in found
    assert ("variants.fast.world.offense_defence", "unknown key `offense_defence` in [variants.world]") in found
    assert ("variants.fast.id", "two variants have the same id") in found
    assert ("variants.fast.states.kaspia", 'names "kaspia", which is not a state of this scenario') in found
    assert ("variants.fast.states.verdia.economy", "must be at least 0.01") in found


def test_variant_that_leaves_a_state_without_forces_is_a_problem():
    """Each variant must give a valid scenario once applied (not only field by field)."""
    base = load_scenario(FIXTURE)
    data = base.model_dump()
    data["variants"][0]["states"] = {"rubria": {"offense": 0.0, "defense": 0.0}}
    problems = semantic_problems(type(base).model_validate(data))
    assert [p.path for p in problems] == ["variants.offense_indistinguishable"]
    assert "needs some forces" in problems[0].message


def test_variant_of_a_scenario_without_variants_says_so(tmp_path):
    """Asking a variant of a scenario that has none says it has none."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario("two_neighbours:hard")
    assert "has no variants" in caught.value.problems[0].message
