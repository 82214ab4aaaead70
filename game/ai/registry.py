"""Doctrine ids -> controllers (DESIGN.md §4, §7)."""
from __future__ import annotations

from game.ai.doctrines.base import Doctrine
from game.ai.doctrines.hawk import DeterrenceHawk
from game.ai.doctrines.realists import DefensiveRealist, OffensiveRealist
from game.ai.doctrines.repeated import REPEATED_STRATEGIES
from game.ai.doctrines.spiral_aware import SpiralAware
from game.scenario.models import DIFFICULTIES, DOCTRINE_IDS

REASONING: dict[str, type[Doctrine]] = {
    cls.name: cls for cls in (DefensiveRealist, OffensiveRealist, SpiralAware, DeterrenceHawk)
}


def doctrine_classes() -> dict[str, type[Doctrine]]:
    return {**REASONING, **REPEATED_STRATEGIES}


def make_controller(doctrine: str, difficulty: str = "normal") -> Doctrine:
    if difficulty not in DIFFICULTIES:
        raise KeyError(f"unknown difficulty {difficulty!r}; known: {', '.join(DIFFICULTIES)}")
    classes = doctrine_classes()
    if doctrine not in classes:
        raise KeyError(f"unknown doctrine {doctrine!r}; known: {', '.join(DOCTRINE_IDS)}")
    return classes[doctrine](difficulty)
