"""The controller interface: whoever governs a state (a human through the UI, an AI doctrine, a
scripted test policy, a replay) reads a view and returns a decision. Nothing else."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from game.core.commands import Order
from game.core.view import View


@dataclass
class Decision:
    orders: list[Order]
    # Structured reasons (game.ai.reasoning.reasons.Explanation for the AI); must offer to_dict().
    explanation: Any = None
    extras: dict[str, Any] = field(default_factory=dict)
    # The view these orders were checked against, one after the other, with rules.check_order
    # (the reasoning core checks every order it gives); the engine then need not check twice.
    checked_against: View | None = None


class RandomSource(Protocol):
    """The draws a controller may make: the engine's per-turn AI stream (game.core.engine.AIRandom)
    or a numpy Generator (the tournament's fast path) both offer them."""

    def random(self, size=None): ...
    def integers(self, low, high=None, size=None): ...
    def uniform(self, low=0.0, high=1.0, size=None): ...
    def permutation(self, x): ...


class Controller(Protocol):
    name: str

    def decide(self, view: View, rng: RandomSource | np.random.Generator) -> Decision: ...
