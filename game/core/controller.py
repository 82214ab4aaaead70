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


class Controller(Protocol):
    name: str

    def decide(self, view: View, rng: np.random.Generator) -> Decision: ...
