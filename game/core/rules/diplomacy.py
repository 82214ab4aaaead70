"""Diplomacy, the second phase of a turn (DESIGN.md §3: alliances): defensive pacts offered,
formed, refused by a hostile act, left; guarantees given and ended; calls to arms refused.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from game.core.rules import narration
from game.core.rules.legality import offer_open
from game.core.state import NO_TURN, RULES

if TYPE_CHECKING:
    from game.core.rules.turn import TurnContext

_HOSTILE_KINDS = ("attack", "threat", "mobilise")


def resolve(tr: TurnContext) -> None:
    st, R = tr.st, RULES
    proposals = {(i, tr.target(o)) for i, o in tr.by_kind["propose_pact"]}
    acceptances = tr.by_kind["accept_pact"]
    # (Only a pact about to form asks about hostile acts, and on most turns none is.)
    hostile = _hostile_pairs(tr) if proposals or acceptances else {}
    for i, j in sorted(proposals):
        if st.pact[i, j] or (i > j and (j, i) in proposals):
            continue
        if _pact_blocked(tr, hostile, i, j, "propose_pact"):
            continue
        if (j, i) in proposals or offer_open(st, "pact", j, i, tr.given) or tr.has(j, "accept_pact", i):
            _form_pact(tr, i, j, "propose_pact")
        else:
            st.pact_offer[i, j] = st.turn
            tr.evidence(i, j, "propose_pact")
            tr.emit("pact_offered", [i, j], narration.pact_offered(tr.name(i), tr.name(j)),
                    cause={"order": "propose_pact"}, visible_to=[i, j])
    for i, o in acceptances:
        j = tr.target(o)
        if not st.pact[i, j] and not _pact_blocked(tr, hostile, j, i, "accept_pact"):
            _form_pact(tr, j, i, "accept_pact")
    for i, o in tr.by_kind["leave_pact"]:
        j = tr.target(o)
        if st.pact[i, j]:
            st.pact[i, j] = st.pact[j, i] = False
            st.rung[i, j] = st.rung[j, i] = max(1, st.rung[i, j])
            tr.lose_reputation(i, R.leave_pact_reputation)
            tr.emit("pact_left", [i, j], narration.pact_left(tr.name(i), tr.name(j)),
                    cause={"order": "leave_pact"}, data={"reputation_cost": R.leave_pact_reputation})
    for i, o in tr.by_kind["guarantee"]:
        j = tr.target(o)
        st.guarantee[i, j] = True
        tr.emit("guarantee_given", [i, j], narration.guarantee_given(tr.name(i), tr.name(j)),
                cause={"order": "guarantee"})
    for i, o in tr.by_kind["end_guarantee"]:
        j = tr.target(o)
        st.guarantee[i, j] = False
        tr.lose_reputation(i, R.leave_pact_reputation / 2)
        tr.emit("guarantee_ended", [i, j], narration.guarantee_ended(tr.name(i), tr.name(j)),
                cause={"order": "end_guarantee"})
    for i, o in tr.by_kind["refuse_call"]:
        a = tr.target(o)
        abandon_call(tr, i, a, refused=True)


def _form_pact(tr: TurnContext, i: int, j: int, how: str) -> None:
    st = tr.st
    st.pact[i, j] = st.pact[j, i] = True
    st.pact_offer[i, j] = st.pact_offer[j, i] = NO_TURN
    st.rung[i, j] = st.rung[j, i] = 0
    st.threat_made[i, j] = st.threat_made[j, i] = False
    tr.emit("pact_formed", [i, j], narration.pact_formed(tr.name(i), tr.name(j)), cause={"order": how})


def _hostile_pairs(tr: TurnContext) -> dict[frozenset, tuple[int, int, str]]:
    """Dyads where one side orders a hostile act toward the other this turn (who, whom, kind)."""
    out = {}
    for kind in _HOSTILE_KINDS:
        for i, o in tr.by_kind[kind]:
            out.setdefault(frozenset((i, tr.target(o))), (i, tr.target(o), kind))
    return out


def _pact_blocked(tr: TurnContext, hostile: dict, i: int, j: int, order: str) -> bool:
    """A pact cannot form in a turn one side acts against the other (orders are simultaneous, so
    an offer can be accepted by a state its offerer is attacking): the offer fails."""
    act = hostile.get(frozenset((i, j)))
    if act is None:
        return False
    who, whom, kind = act
    tr.emit("pact_failed", [i, j], narration.pact_failed(tr.name(i), tr.name(j), tr.name(who), kind, tr.name(whom)),
            cause={"order": order, "rule": "a hostile act withdraws a pact offer"})
    return True


def abandon_call(tr: TurnContext, ally: int, aggressor: int, refused: bool) -> None:
    """The ally refuses (or lets lapse) its call to arms against the aggressor: its commitment to
    the victim is broken, and its reputation pays."""
    st, R = tr.st, RULES
    victim = int(st.call_victim[ally, aggressor])
    st.call_turn[ally, aggressor] = NO_TURN
    st.call_victim[ally, aggressor] = NO_TURN
    if victim == NO_TURN:
        return
    st.pact[ally, victim] = st.pact[victim, ally] = False
    st.guarantee[ally, victim] = False
    tr.lose_reputation(ally, R.refuse_call_reputation)
    tr.emit("ally_refused" if refused else "call_lapsed", [ally, victim, aggressor],
            narration.call_abandoned(tr.name(ally), tr.name(victim), tr.name(aggressor), refused),
            data={"reputation_cost": R.refuse_call_reputation},
            cause={"order": "refuse_call"} if refused else {"rule": f"no answer within {R.call_turns} turns"})
