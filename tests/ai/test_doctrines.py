"""Doctrines: small classes with a name, a classifier and a docstring citing their theory;
difficulty changes what an AI knows, never what it owns; each doctrine behaves as its theory says."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from game.ai.registry import REASONING, make_controller
from game.core.perception import DIFFICULTY_NOISE
from game.scenario.models import DOCTRINE_IDS
from game.match.games import run_game
from tests.ai.helpers import scenario


@pytest.mark.parametrize("doctrine", DOCTRINE_IDS)
def test_every_doctrine_id_makes_a_controller(doctrine):
    """Every id of the command line and the scenario format has a controller of that name."""
    ai = make_controller(doctrine)
    assert ai.name == doctrine
    assert isinstance(ai.classifier, dict) and ai.classifier
    assert re.search(r"\b(1[89]\d\d|20\d\d)\b", type(ai).__doc__ or ""), "the docstring cites its theory"


@pytest.mark.parametrize("doctrine", sorted(REASONING))
def test_difficulty_changes_information_not_resources(doctrine):
    """Easy and hard AIs differ only in the noise of their intelligence."""
    easy, hard = make_controller(doctrine, "easy"), make_controller(doctrine, "hard")
    assert easy.params == hard.params
    assert easy.mindset.noise_mult / hard.mindset.noise_mult == pytest.approx(DIFFICULTY_NOISE["easy"] / DIFFICULTY_NOISE["hard"])
    for field in ("empathy", "lam_hostile", "lam_benign", "forgetting", "prior"):
        assert getattr(easy.mindset, field) == getattr(hard.mindset, field)


def test_unknown_doctrine_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown doctrine 'napoleon'"):
        make_controller("napoleon")


def _acts(doctrine: str, seeds=range(5)) -> Counter:
    counts: Counter = Counter()
    for seed in seeds:
        sc = scenario(4, turns=25, seed=seed, world=dict(offense_defense=1.5, distinguishability=0.3, intel_noise=0.2),
                      borea={"type": "greedy"}).with_overrides({"states.*.doctrine": doctrine})
        eng = run_game(sc, seed=seed).engine
        counts.update(e.kind for e in eng.events)
        counts["share_x1000"] += int(1000 * eng.series["s"][1:11].mean())  # budgets before wars intervene
    return counts


def test_hawks_threaten_more_than_spiral_aware_states():
    """The deterrence model threatens and mobilises; the spiral model reassures."""
    hawk, dove = _acts("deterrence_hawk"), _acts("spiral_aware")
    assert hawk["threat_made"] + hawk["mobilised"] > 2 * (dove["threat_made"] + dove["mobilised"])
    assert dove["unilateral_cut"] + dove["transparency"] + dove["arms_control_offered"] > \
        hawk["unilateral_cut"] + hawk["transparency"] + hawk["arms_control_offered"]


def test_offensive_realists_arm_more_than_defensive_realists():
    """Maximising relative power (Mearsheimer) costs more arms than seeking enough security."""
    assert _acts("offensive_realist")["share_x1000"] > 1.2 * _acts("defensive_realist")["share_x1000"]
