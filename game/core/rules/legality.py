"""Which orders are legal (DESIGN.md §1: an illegal order raises IllegalOrder with a reason a
player can read).

The checks read only what the ordering state may know: they work on a view as well as on the true
state, since both carry the same public arrays (`PublicContext`). The helpers that say whether an
offer or a call to arms stands are public: the AI, the policies and the orders panel ask them
rather than rewriting the rule.
"""
from __future__ import annotations

from typing import Iterable, Protocol, Sequence

import numpy as np

from game.core.commands import (
    AcceptPact,
    ArmsControlOffer,
    Attack,
    Budget,
    CrisisResponse,
    DilemmaMove,
    EndGuarantee,
    Guarantee,
    LeavePact,
    Mobilise,
    OfferPeace,
    Order,
    Pledge,
    ProposePact,
    RefuseCall,
    Threat,
    Transparency,
    UnilateralCut,
    target_of,
)
from game.core.state import NO_TURN, RULES, RUNG_NAMES
from game.errors import IllegalOrder


class PublicContext(Protocol):
    """What legality checks read: the true state and every view provide these."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    turn: int
    dilemma: bool
    alive: np.ndarray
    pact: np.ndarray
    guarantee: np.ndarray
    pact_offer: np.ndarray
    ac_offer: np.ndarray
    arms_control: np.ndarray
    pledge_until: np.ndarray
    transparent_until: np.ndarray
    threat_made: np.ndarray
    rung: np.ndarray
    war: np.ndarray
    call_turn: np.ndarray
    mobilised: np.ndarray
    N: np.ndarray
    O: np.ndarray
    D: np.ndarray


_OFFER_TABLES = {"pact": "pact_offer", "arms_control": "ac_offer", "peace": "peace_offer"}


def offer_open(ctx: PublicContext, kind: str, i: int, j: int, now: int | None = None) -> bool:
    """Does i's offer of `kind` ("pact", "arms_control" or "peace") to j still stand for orders
    given when `now` turns have been resolved? An offer stands for RULES.offer_turns turns."""
    now = ctx.turn if now is None else now
    offered = getattr(ctx, _OFFER_TABLES[kind]).item(i, j)  # (a Python int: cheaper to compare than numpy's)
    return offered != NO_TURN and now - offered < RULES.offer_turns


def offers_open(ctx: PublicContext, kind: str, now: int | None = None) -> np.ndarray:
    """offer_open for every pair at once: entry [i, j] says whether i's offer to j stands."""
    now = ctx.turn if now is None else now
    arr = np.asarray(getattr(ctx, _OFFER_TABLES[kind]))
    # now − offered < offer_turns, i.e. offered > oldest; once `oldest` is NO_TURN or later, that
    # comparison alone also rules out NO_TURN (one array operation instead of four: this runs for
    # every AI decision).
    oldest = now - RULES.offer_turns
    if oldest >= NO_TURN:
        return arr > oldest
    return (arr != NO_TURN) & (arr > oldest)


def offers_open_to(ctx: PublicContext, kind: str, j: int, now: int | None = None) -> list[bool]:
    """offer_open for every state's offer to j: [i] says whether i's offer to j stands. (One
    column, read as Python values: cheaper than the whole table of offers_open, which the AI
    would read one column of, every decision.)"""
    now = ctx.turn if now is None else now
    oldest = now - RULES.offer_turns  # as in offers_open: offered > oldest, and not NO_TURN
    column = getattr(ctx, _OFFER_TABLES[kind])[:, j].tolist()
    if oldest >= NO_TURN:
        return [offered > oldest for offered in column]
    return [offered != NO_TURN and offered > oldest for offered in column]


def call_open(ctx: PublicContext, i: int, j: int, now: int | None = None) -> bool:
    """Is i (an ally of j's victim) under a call to arms against j, for orders given when `now`
    turns have been resolved?"""
    now = ctx.turn if now is None else now
    called = ctx.call_turn.item(i, j)
    # A call made during this turn's resolution (after the orders were given) is not yet open.
    return called != NO_TURN and 0 <= now - called < RULES.call_turns


_HOSTILE = {"attack", "threat", "mobilise"}
_ALLYING = {"propose_pact", "accept_pact", "guarantee"}
_AT_PEACE_ONLY = {"propose_pact", "accept_pact", "guarantee", "pledge", "transparency", "arms_control"}
_NO_KINDS: frozenset[str] = frozenset()


def check_order(ctx: PublicContext, me: int, order: Order, earlier: Sequence[Order] = ()) -> None:
    """Raise IllegalOrder (with a reason a player can read) unless `order` is legal for state
    `me` now, given the `earlier` orders it gives in the same turn.

    (Every AI order is checked here. A reason is written only when the order is refused, not for
    every check passed; entries compared or printed are read as Python values (`item`), whose
    comparisons cost a fraction of numpy scalars', and flags by indexing, cheaper than `item` when
    only their truth is asked.)"""
    name = ctx.names
    alive = ctx.alive
    if not alive[me]:
        raise IllegalOrder(f"{name[me]} has been conquered and gives no orders.", order)
    kind = order.kind
    if ctx.dilemma and kind != "dilemma":
        raise IllegalOrder("In the repeated dilemma the only order is to restrain or to arm.", order)
    if not ctx.dilemma and kind == "dilemma":
        raise IllegalOrder("This scenario is not a repeated dilemma: give budget and diplomatic orders.", order)
    if kind == "budget" or kind == "dilemma":
        for o in earlier:  # (a loop, not any(): every AI decision gives a budget)
            if o.kind == kind:
                raise IllegalOrder("Only one budget a turn." if kind == "budget" else "Only one move a turn.", order)
        return
    ids = ctx.ids
    target = target_of(order)
    if target not in ids:
        raise IllegalOrder(f"There is no state called {target!r}.", order)
    t = ids.index(target)
    them = name[t]
    if t == me:
        raise IllegalOrder("An order needs another state as its target, not yourself.", order)
    if not alive[t]:
        raise IllegalOrder(f"{them} has been conquered.", order)
    if earlier:
        same_turn_kinds = set()  # the kinds of my earlier orders toward the same target
        for o in earlier:
            if target_of(o) == target:
                if o.kind == kind:
                    raise IllegalOrder(f"You already gave that order toward {them} this turn.", order)
                same_turn_kinds.add(o.kind)
    else:
        same_turn_kinds = _NO_KINDS
    at_war = ctx.war[me, t]
    allied = ctx.pact[me, t]
    reason = None  # why the order is refused, if it is

    if kind in _AT_PEACE_ONLY and at_war:
        reason = f"You are at war with {them}: make peace first."
    elif kind == "propose_pact":
        if allied:
            reason = f"You already have a defensive pact with {them}."
        elif offer_open(ctx, "pact", me, t):
            reason = f"Your pact offer to {them} still stands."
    elif kind == "accept_pact":
        if allied:
            reason = f"You already have a defensive pact with {them}."
        elif not offer_open(ctx, "pact", t, me):
            reason = f"{them} has not offered you a pact."
    elif kind == "leave_pact":
        if not allied:
            reason = f"You have no pact with {them}."
    elif kind == "guarantee":
        if ctx.guarantee[me, t]:
            reason = f"You already guarantee {them}."
    elif kind == "end_guarantee":
        if not ctx.guarantee[me, t]:
            reason = f"You do not guarantee {them}."
    elif kind == "pledge":
        until = ctx.pledge_until.item(me, t)
        if not until < ctx.turn + 1:
            reason = f"Your restraint pledge to {them} holds until turn {until}."
        elif same_turn_kinds & _HOSTILE:
            reason = f"A pledge of restraint and a hostile act toward {them} in one turn contradict each other."
    elif kind == "unilateral_cut":
        if any(o.kind == "unilateral_cut" for o in earlier):
            reason = "One unilateral cut a turn."
        elif not ctx.O[me] + ctx.D[me] > 2 * RULES.min_forces + 1.0:
            reason = "Your forces are already at the minimum."
    elif kind == "transparency":
        until = ctx.transparent_until.item(me, t)
        if not until < ctx.turn + 1:
            reason = f"You are already open to {them}'s inspectors until turn {until}."
    elif kind == "arms_control":
        if ctx.arms_control[me, t]:
            reason = f"You already have an arms-control agreement with {them}."
        elif offer_open(ctx, "arms_control", me, t):
            reason = f"Your arms-control offer to {them} still stands."
    elif kind == "threat":
        if at_war:
            reason = f"You are already at war with {them}."
        elif allied:
            reason = f"{them} is your ally: leave the pact before threatening it."
        elif ctx.threat_made[me, t]:
            reason = f"You already stand on a public threat against {them}."
        elif "pledge" in same_turn_kinds:
            reason = f"A pledge of restraint and a threat toward {them} in one turn contradict each other."
        else:
            protege = getattr(order, "protege", None)
            if protege is not None:
                if protege not in ids:
                    reason = f"There is no state called {protege!r}."
                else:
                    p = ids.index(protege)
                    if p in (me, t):
                        reason = "An extended threat protects a third state, not you or the target."
                    elif not alive[p]:
                        reason = f"{name[p]} has been conquered."
                    elif not (ctx.pact[me, p] or ctx.guarantee[me, p]):
                        reason = f"You can only threaten on behalf of an ally or a state you guarantee; {name[p]} is neither."
    elif kind == "mobilise":
        mobilised = ctx.mobilised.item(me)
        if not mobilised <= 0:
            reason = f"You are already mobilised ({int(mobilised)} more turns)."
        elif any(o.kind == "mobilise" for o in earlier):
            reason = "One mobilisation a turn."
        elif allied:
            reason = f"{them} is your ally: leave the pact before mobilising against it."
        elif "pledge" in same_turn_kinds:
            reason = f"A pledge of restraint and a mobilisation against {them} contradict each other."
    elif kind == "crisis":
        r = int(ctx.rung[me, t])
        if at_war:
            if getattr(order, "response") != "escalate":
                reason = f"You are at war with {them}: fight on, offer peace, or (with nuclear forces) escalate."
            elif not ctx.N.item(me) > 0:
                reason = "Only a state with nuclear weapons can escalate a war further."
            elif not r < 7:
                reason = "There is no rung above general nuclear war."
        elif not r >= 2:
            reason = f"There is no crisis with {them} to respond to (the rung is {RUNG_NAMES[r]})."
    elif kind == "attack":
        if at_war:
            reason = f"You are already at war with {them}."
        elif allied:
            reason = f"You have a defensive pact with {them}: leave it first."
        elif "pledge" in same_turn_kinds:
            reason = f"A pledge of restraint and an attack on {them} contradict each other."
        elif "refuse_call" in same_turn_kinds:
            reason = f"You cannot both join the war on {them} and refuse to."
    elif kind == "peace":
        if not at_war:
            reason = f"You are not at war with {them}."
    elif kind == "refuse_call":
        if not call_open(ctx, me, t):
            reason = f"No ally has called you to arms against {them}."
        elif "attack" in same_turn_kinds:
            reason = f"You cannot both join the war on {them} and refuse to."
    if reason is None and same_turn_kinds and (kind in _ALLYING or kind in _HOSTILE):
        if same_turn_kinds & (_HOSTILE if kind in _ALLYING else _ALLYING):
            reason = f"An offer of alliance and a hostile act toward {them} in one turn contradict each other."
    if reason is not None:
        raise IllegalOrder(reason, order)


def check_orders(ctx: PublicContext, me: int, orders: Iterable[Order]) -> list[Order]:
    """Check a turn's orders one after the other, each against those before it; return them."""
    accepted: list[Order] = []
    for order in orders:
        check_order(ctx, me, order, accepted)
        accepted.append(order)
    return accepted


def legal_orders(view: PublicContext, me: int | None = None) -> list[Order]:
    """Every order (with default parameters) the state may give now, one budget included."""
    me = getattr(view, "me") if me is None else me
    if not view.alive[me]:
        return []
    if view.dilemma:
        return [DilemmaMove(move="restrain"), DilemmaMove(move="arm")]
    out: list[Order] = [Budget(military_share=float(getattr(view, "s", np.full(len(view.ids), 0.05))[me]),
                               offense_share=float(getattr(view, "mu", np.full(len(view.ids), 0.5))[me]))]
    candidates: list[Order] = []
    for t, tid in enumerate(view.ids):
        if t == me or not view.alive[t]:
            continue
        candidates += [
            ProposePact(target=tid), AcceptPact(target=tid), LeavePact(target=tid), Guarantee(target=tid),
            EndGuarantee(target=tid), Pledge(target=tid), UnilateralCut(target=tid), Transparency(target=tid),
            ArmsControlOffer(target=tid), Threat(target=tid), Mobilise(target=tid),
            CrisisResponse(target=tid, response="firm"), CrisisResponse(target=tid, response="back_down"),
            CrisisResponse(target=tid, response="escalate"), Attack(target=tid), OfferPeace(target=tid),
            RefuseCall(target=tid),
        ]
        for p, pid in enumerate(view.ids):
            if p not in (me, t) and view.alive[p] and (view.pact[me, p] or view.guarantee[me, p]):
                candidates.append(Threat(target=tid, protege=pid))
    for order in candidates:
        try:
            check_order(view, me, order)
        except IllegalOrder:
            continue
        out.append(order)
    return out
