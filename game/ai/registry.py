"""Doctrine ids -> controllers (DESIGN.md §4, §7)."""
from __future__ import annotations

from game.ai.doctrines.base import Doctrine
from game.ai.doctrines.hawk import DeterrenceHawk
from game.ai.doctrines.realists import DefensiveRealist, OffensiveRealist
from game.ai.doctrines.spiral_aware import SpiralAware
from game.data.scenario import DIFFICULTIES, DOCTRINE_IDS

REASONING: dict[str, type[Doctrine]] = {
    cls.name: cls for cls in (DefensiveRealist, OffensiveRealist, SpiralAware, DeterrenceHawk)
}


def doctrine_classes() -> dict[str, type[Doctrine]]:
    classes = dict(REASONING)
    try:
        from game.ai.doctrines.repeated import REPEATED_STRATEGIES
    except ImportError:  # not built yet
        REPEATED_STRATEGIES = {}
    classes.update(REPEATED_STRATEGIES)
    return classes


def make_controller(doctrine: str, difficulty: str = "normal") -> Doctrine:
    if difficulty not in DIFFICULTIES:
        raise KeyError(f"unknown difficulty {difficulty!r}; known: {', '.join(DIFFICULTIES)}")
    classes = doctrine_classes()
    if doctrine not in classes:
        if doctrine in DOCTRINE_IDS:
            return DefensiveRealist(difficulty)  # a repeated-dilemma strategy not yet built
        raise KeyError(f"unknown doctrine {doctrine!r}; known: {', '.join(DOCTRINE_IDS)}")
    return classes[doctrine](difficulty)
