"""One vocabulary (game.theory): the window, the debrief and the charts name a world alike; the
middle of the map is "between worlds"; the corners keep Jervis's names; every event that
illustrated a concept still does."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from game.core.engine import Engine
from game.core.events import KINDS
from game.scenario.loading import load_scenario
from game.report.charts import world_label
from game.report.debrief import build_debrief
from game.theory import CONCEPTS, EVENT_CONCEPTS, GLOSSARY, WAR_CONCEPTS, concept_of, world_name
from game.ui.concepts import world_tooltip
from game.ui.widgets.kit import esc

OMEGAS = (0.2, 0.33, 0.6, 0.9, 1, 1.1, 1.5, 2, 3)
DS = (0, 0.1, 0.3, 0.5, 0.7, 0.9, 1)
CORNERS = ("offense_indistinguishable", "offense_distinguishable", "defense_indistinguishable",
           "defense_distinguishable")

# Every kind of event that illustrated a concept before the vocabulary moved here, and that concept.
CONCEPT_OF_KIND = {
    "pact_formed": "balancing", "pact_left": "buck-passing", "guarantee_given": "extended deterrence",
    "pledge_made": "reassurance", "pledge_broken": "audience costs", "unilateral_cut": "costly reassurance",
    "transparency": "reassurance", "arms_control_formed": "arms control", "arms_control_violated": "arms control",
    "threat_made": "deterrence", "mobilised": "immediate deterrence", "crisis_escalated": "escalation",
    "crisis_accident": "inadvertent escalation", "crisis_backed_down": "deterrence success",
    "crisis_defused": "de-escalation", "border_clash": "escalation", "war_started": "war",
    "ally_called": "alliance commitment", "ally_joined": "chain-ganging", "ally_refused": "buck-passing",
    "call_lapsed": "buck-passing", "peace": "war termination", "conquered": "war",
    "nuclear_use": "nuclear escalation", "spiral_started": "spiral", "spiral_stage": "spiral", "spiral_ended": "spiral",
}


def _debriefed_world(omega: float, d: float):
    sc = load_scenario("two_neighbours").with_overrides({"world.offense_defense": omega,
                                                         "world.distinguishability": d})
    return build_debrief(Engine(sc, seed=1), counterfactual=False)


@pytest.mark.parametrize("omega", OMEGAS)
def test_window_debrief_and_charts_name_a_world_alike(omega):
    for d in DS:
        named = world_name(omega, d)
        tooltip = world_tooltip(omega, d)  # the world badge's tooltip and the help window
        assert re.match(r"<b>(.*?)</b>", tooltip).group(1) == esc(named.short)
        assert esc(named.long) in tooltip
        debrief = _debriefed_world(omega, d)
        assert (debrief.world_name, debrief.world_story) == (named.short, named.long)
        chart = world_label("Ω=…, d=…", {"world.offense_defense": omega, "world.distinguishability": d})
        assert chart.splitlines()[-1] == named.short


def test_the_middle_of_the_map_is_between_worlds():
    named = world_name(1.0, 0.5)
    assert named.short == "Between worlds" and named.corner is None
    assert named.long.startswith("Between Jervis's worlds")
    assert "doubly" not in named.long.lower()
    assert world_tooltip(1.0, 0.5).startswith("<b>Between worlds</b>")


@pytest.mark.parametrize("omega, d", [(1.0, 0.1), (1.0, 0.9), (2.0, 0.5), (0.33, 0.5), (0.8, 0.0), (1.25, 1.0),
                                      (3.0, 0.35), (0.2, 0.65)])
def test_either_axis_in_its_middle_band_is_between_worlds(omega, d):
    named = world_name(omega, d)
    assert named.short == "Between worlds" and named.corner is None


def test_each_corner_has_its_jervis_name():
    stories = {"offense_indistinguishable": "doubly dangerous", "offense_distinguishable": "No security dilemma",
               "defense_indistinguishable": "security dilemma operates", "defense_distinguishable": "doubly safe"}
    for corner in CORNERS:
        sc = load_scenario(f"four_worlds:{corner}")  # the scenario's variants are the four corners
        named = world_name(sc.world.offense_defense, sc.world.distinguishability)
        assert named.corner == corner
        balance, visibility = corner.split("_")
        assert named.short == f"{balance.capitalize()} dominant · {visibility}"
        assert stories[corner] in named.long and "Jervis 1978" in named.long


def test_the_bands_are_symmetric_and_the_3_to_1_rule_is_defense_dominant():
    assert world_name(1 / 3, 0.0).corner == "defense_indistinguishable"
    assert world_name(0.79, 0.0).corner == "defense_indistinguishable"
    assert world_name(1 / 0.79, 0.0).corner == "offense_indistinguishable"
    assert world_name(2.0, 0.34).corner == "offense_indistinguishable"
    assert world_name(2.0, 0.66).corner == "offense_distinguishable"


def test_every_event_that_illustrated_a_concept_still_does():
    assert set(CONCEPT_OF_KIND) <= KINDS
    assert set(EVENT_CONCEPTS) <= KINDS
    for kind, concept in CONCEPT_OF_KIND.items():
        assert concept_of(kind) == concept, kind
    assert {k for k in KINDS if concept_of(k)} == set(CONCEPT_OF_KIND)


def test_a_war_is_named_by_its_label_and_by_the_threat_before_it():
    assert concept_of("war_started", "preventive") == "preventive war"
    assert concept_of("war_started", "preemptive", target_had_threatened=True) == "deterrence failure"
    assert concept_of("war_started", "alliance", target_had_threatened=True) == "chain-ganging"
    assert concept_of("war_started") == "war"


def test_every_concept_named_anywhere_is_defined():
    named = set(EVENT_CONCEPTS.values()) | set(WAR_CONCEPTS.values()) | {"deterrence failure"}
    assert named <= set(CONCEPTS)
    for cid, c in CONCEPTS.items():
        assert c.id == cid and c.name and c.definition and "\n" not in c.definition
    assert all(text.strip() for text in GLOSSARY.values())
    assert set(_debriefed_world(1.0, 0.5).glossary) <= set(CONCEPTS)


def test_theory_is_a_leaf():
    """game.theory imports nothing from the game (DESIGN.md §1: errors/theory <- scenario <- core ...)."""
    import game.theory

    tree = ast.parse(Path(game.theory.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m == "game" or m.startswith("game.")}
