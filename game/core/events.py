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

# Every kind of event the rules emit (the concept each illustrates: game.theory.concept_of).
KINDS: frozenset[str] = frozenset({
    "budget_changed", "pact_offered", "pact_formed", "pact_failed", "pact_left", "guarantee_given",
    "guarantee_ended", "pledge_made", "pledge_broken", "unilateral_cut", "transparency", "arms_control_offered",
    "arms_control_formed", "arms_control_violated", "arms_control_violation_hidden", "threat_made", "mobilised",
    "crisis_escalated", "crisis_accident", "crisis_backed_down", "crisis_defused", "border_clash", "war_started",
    "ally_called", "ally_joined", "ally_refused", "call_lapsed", "war_turn", "peace_offered", "peace", "conquered",
    "nuclear_use", "dilemma_round", "intelligence", "spiral_started", "spiral_stage", "spiral_ended",
})


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
