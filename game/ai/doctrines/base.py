"""What every doctrine is (DESIGN.md §1, after Axelrod's strategies): a small class with a `name`
(the doctrine id), a `classifier` dict describing it, a `mindset` (how it reads rivals — see
game.core.perception.MindSet; difficulty changes only its intelligence), and
`decide(view, rng) -> Decision`. The class docstring cites the theory it embodies.
Humans implement the same controller interface through the UI."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

import numpy as np

from game.core.controller import Decision
from game.core.perception import DIFFICULTY_NOISE, MindSet
from game.core.view import View


class Doctrine:
    name: ClassVar[str] = "doctrine"
    title: ClassVar[str] = "Doctrine"
    classifier: ClassVar[dict[str, Any]] = {}
    base_mindset: ClassVar[MindSet] = MindSet()

    def __init__(self, difficulty: str = "normal"):
        self.difficulty = difficulty
        self.mindset = replace(self.base_mindset, noise_mult=self.base_mindset.noise_mult * DIFFICULTY_NOISE[difficulty])

    def decide(self, view: View, rng: np.random.Generator) -> Decision:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.difficulty!r})"
