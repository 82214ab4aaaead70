"""The shape of the reasons behind every AI decision (DESIGN.md §4.8); the sentences themselves
are written in game.ai.reasoning.explain.

An Explanation is a list of Reasons, one per decision (arms, an alliance move, a signal, a crisis
response, a war). Each reason names its target, the belief behind it and the factors with their
sizes, and renders as a sentence a player can read:

    "Caspia raised its arms 14 %: it now believes you are 62 % likely to be greedy (your forces
     look 70 % offensive; distinguishability is low)."

`to_dict()` is what the engine stores with the turn (saves, replays, debrief) and what the UI
reads:
    {"state": id, "doctrine": id,
     "sentences": [str, ...],
     "reasons": [{"decision": "arms"|"alliance"|"signal"|"crisis"|"war"|"peace"|"dilemma",
                  "order": {order as plain data} | None, "target": id | None,
                  "belief": P(target greedy) | None, "summary": str,
                  "factors": [{"name": str, "value": float, "weight": float, "text": str}]}]}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Factor:
    name: str  # machine name, e.g. "belief", "power_ratio", "offense_share_seen"
    value: float
    weight: float = 1.0  # how much it pushed the decision (signed)
    text: str = ""  # the clause for a player: "your forces look 70 % offensive"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": round(float(self.value), 4), "weight": round(float(self.weight), 4),
                "text": self.text}


@dataclass
class Reason:
    decision: str
    summary: str  # the full sentence
    target: str | None = None
    belief: float | None = None
    order: dict[str, Any] | None = None
    factors: list[Factor] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "order": self.order, "target": self.target,
                "belief": None if self.belief is None else round(float(self.belief), 4),
                "summary": self.summary, "factors": [f.to_dict() for f in self.factors]}


@dataclass
class Explanation:
    state: str
    doctrine: str
    reasons: list[Reason] = field(default_factory=list)

    def add(self, reason: Reason) -> None:
        self.reasons.append(reason)

    @property
    def sentences(self) -> list[str]:
        return [r.summary for r in self.reasons]

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "doctrine": self.doctrine, "sentences": self.sentences,
                "reasons": [r.to_dict() for r in self.reasons]}


def pct(x: float) -> str:
    return f"{100 * x:.0f} %"
