"""Doctrine ids -> controller factories. (Placeholder until the reasoning core lands.)"""
from __future__ import annotations

from game.core.perception import DIFFICULTY_NOISE, MindSet
from game.data.scenario import DOCTRINE_IDS


class _Placeholder:
    def __init__(self, doctrine: str, difficulty: str):
        from game.sim.policies import FixedBudget

        self.name = doctrine
        self._inner = FixedBudget(0.08, 0.4, name=doctrine)
        self.mindset = MindSet(noise_mult=DIFFICULTY_NOISE[difficulty])

    def decide(self, view, rng):
        return self._inner.decide(view, rng)


def make_controller(doctrine: str, difficulty: str = "normal"):
    if doctrine not in DOCTRINE_IDS:
        raise KeyError(f"unknown doctrine {doctrine!r}; known: {', '.join(DOCTRINE_IDS)}")
    return _Placeholder(doctrine, difficulty)
