"""Domain events with their causes: the log, the charts, the explanations and the debrief read them.

Every event says who did what to whom in a sentence, carries the numbers behind it (`data`) and
its cause (`cause`: the order that made it, or the observation, the chance, the rule). An event
is public unless `visible_to` names the states that may see it (a pact offer is seen by the two
states concerned, an intelligence report only by the state that made it). Spiral events are
public: they say which dyad is at which stage, never anyone's private numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# kind -> the concept it illustrates in the debrief (None: not a turning point)
KINDS: dict[str, str | None] = {
    "budget_changed": None,
    "pact_offered": None,
    "pact_formed": "balancing",
    "pact_failed": None,
    "pact_left": "buck-passing",
    "guarantee_given": "extended deterrence",
    "guarantee_ended": None,
    "pledge_made": "reassurance",
    "pledge_broken": "audience costs",
    "unilateral_cut": "costly reassurance",
    "transparency": "reassurance",
    "arms_control_offered": None,
    "arms_control_formed": "arms control",
    "arms_control_violated": "arms control",
    "arms_control_violation_hidden": None,
    "threat_made": "deterrence",
    "mobilised": "immediate deterrence",
    "crisis_escalated": "escalation",
    "crisis_accident": "inadvertent escalation",
    "crisis_backed_down": "deterrence success",
    "crisis_defused": "de-escalation",
    "border_clash": "escalation",
    "war_started": "war",
    "ally_called": "alliance commitment",
    "ally_joined": "chain-ganging",
    "ally_refused": "buck-passing",
    "call_lapsed": "buck-passing",
    "war_turn": None,
    "peace_offered": None,
    "peace": "war termination",
    "conquered": "war",
    "nuclear_use": "nuclear escalation",
    "dilemma_round": None,
    "intelligence": None,
    "spiral_started": "spiral",
    "spiral_stage": "spiral",
    "spiral_ended": "spiral",
}


@dataclass(frozen=True, slots=True)
class Event:
    turn: int
    kind: str
    actors: tuple[str, ...]
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    cause: dict[str, Any] = field(default_factory=dict)
    visible_to: tuple[str, ...] | None = None  # None: public

    def visible(self, state_id: str) -> bool:
        return self.visible_to is None or state_id in self.visible_to

    @property
    def concept(self) -> str | None:
        return KINDS.get(self.kind)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"turn": self.turn, "kind": self.kind, "actors": list(self.actors), "text": self.text}
        if self.data:
            d["data"] = self.data
        if self.cause:
            d["cause"] = self.cause
        if self.visible_to is not None:
            d["visible_to"] = list(self.visible_to)
        return d

    @staticmethod
    def from_dict(d: dict[str, Any]) -> "Event":
        return Event(
            turn=int(d["turn"]),
            kind=str(d["kind"]),
            actors=tuple(d.get("actors", ())),
            text=str(d.get("text", "")),
            data=dict(d.get("data", {})),
            cause=dict(d.get("cause", {})),
            visible_to=tuple(d["visible_to"]) if d.get("visible_to") is not None else None,
        )
