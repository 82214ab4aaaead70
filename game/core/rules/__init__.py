"""The rules (DESIGN.md §3): which orders are legal, and how a turn resolves.

`check_order` and `legal_orders` read only what the ordering state may know (legality);
`resolve_turn` is a pure function of (state, orders, rng) -> (new state, events) (turn), which runs
the phases in order: economy, diplomacy, signals, crises, wars, observation — or the repeated
dilemma's one phase; `resolve_turns` does it for several games at once. The events' sentences are kept apart (narration).
"""
from game.core.rules.dilemma import dilemma_payoffs
from game.core.rules.economy import BudgetProjection, project_budget
from game.core.rules.legality import (
    PublicContext,
    call_open,
    check_order,
    check_orders,
    legal_orders,
    offer_open,
    offers_open,
)
from game.core.rules.signals import GREEDY_TRUST_GAIN, threat_evidence
from game.core.rules.turn import TurnToResolve, resolve_turn, resolve_turns
from game.core.state import WAR_LABELS

__all__ = [
    "check_order", "check_orders", "legal_orders", "resolve_turn", "resolve_turns", "TurnToResolve", "dilemma_payoffs", "call_open",
    "offer_open", "offers_open", "project_budget", "BudgetProjection", "PublicContext",
    "WAR_LABELS", "threat_evidence", "GREEDY_TRUST_GAIN",
]
