"""The rules: which orders are legal, and how a turn resolves (DESIGN.md §3).

`check_order` and `legal_orders` read only what the ordering state may know (they work on a view
as well as on the true state: both carry the same public arrays). `resolve_turn` is a pure
function of (state, orders, rng) -> (new state, events); nothing else changes the world.

Resolution order: economy and procurement; diplomacy; signals; crises; wars; observation.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

import numpy as np

from game.core import combat
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
from game.core.events import Event
from game.core.perception import observe, sigmoid, tension_matrix, update_beliefs
from game.core.state import NO_TURN, RULES, RUNG_NAMES, WAR_LABELS, WorldState, upper_pairs
from game.errors import IllegalOrder

# Evidence (log-likelihood ratio greedy : security seeker) a public act gives observers.
# [to the target, to everyone else]. Reassurance is handled by `_cut_evidence` (Kydd).
ACT_EVIDENCE = {
    "attack": (3.0, 1.5),
    "alliance_attack": (1.0, 0.2),
    "pledge_broken": (1.5, 1.0),
    "arms_control_violated": (1.5, 0.8),
    # Cheap talk moves no belief (Kydd): a greedy state could say the same. Transparency works
    # only through the better look it gives; an agreement is a commitment with a price if broken.
    "pledge": (0.0, 0.0),
    "transparency": (0.0, 0.0),
    "arms_control_offer": (0.0, 0.0),
    "arms_control_formed": (-0.3, 0.0),
    "propose_pact": (0.0, 0.0),
    "backed_down": (-0.3, -0.1),
}
GREEDY_TRUST_GAIN = 0.06  # share of a victim's output a greedy state expects to gain by being trusted
CUT_EVIDENCE = -1.5


def threat_evidence(d: float) -> float:
    """A public threat is read through distinguishability: when forces cannot be told apart, a
    deterrent threat looks like aggression (deterrence can backfire)."""
    return 0.3 + 0.9 * (1.0 - d)


# ---------------------------------------------------------------------------------------------
# Legality


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


def offer_open(ctx: PublicContext, kind: str, i: int, j: int, now: int | None = None) -> bool:
    """Does i's offer of `kind` ("pact", "arms_control" or "peace") to j still stand for orders
    given when `now` turns have been resolved? An offer stands for RULES.offer_turns turns."""
    return _offer_open(ctx, getattr(ctx, _OFFER_TABLES[kind]), i, j, now)


_OFFER_TABLES = {"pact": "pact_offer", "arms_control": "ac_offer", "peace": "peace_offer"}


def _offer_open(ctx: PublicContext, arr: np.ndarray, i: int, j: int, now: int | None = None) -> bool:
    now = ctx.turn if now is None else now
    return arr[i, j] != NO_TURN and now - arr[i, j] < RULES.offer_turns


def offers_open(ctx: PublicContext, kind: str, now: int | None = None) -> np.ndarray:
    """offer_open for every pair at once: entry [i, j] says whether i's offer to j stands."""
    now = ctx.turn if now is None else now
    arr = np.asarray(getattr(ctx, _OFFER_TABLES[kind]))
    return (arr != NO_TURN) & (now - arr < RULES.offer_turns)


def project_budget(O: float, D: float, Y: float, military_share: float, offense_share: float) -> "BudgetProjection":
    """What a budget gives next turn, by the economy phase's own arithmetic (before any war)."""
    R = RULES
    buy = military_share * Y * R.force_per_output
    keep = 1 - R.depreciation
    O2 = O * keep + offense_share * buy
    D2 = D * keep + (1 - offense_share) * buy
    M, M2 = O + D, O2 + D2
    return BudgetProjection(cost=military_share * Y, welfare=(1 - military_share) * Y, offense=O2, defense=D2,
                            forces=M2, growth=(M2 - M) / max(M, 1e-9))


@dataclass(frozen=True)
class BudgetProjection:
    cost: float      # output spent on forces this turn
    welfare: float   # output left for welfare
    offense: float   # offensive forces next turn
    defense: float
    forces: float
    growth: float    # forces' growth over the turn


def call_open(ctx: PublicContext, i: int, j: int, now: int | None = None) -> bool:
    """Is i (an ally of j's victim) under a call to arms against j, for orders given when `now`
    turns have been resolved?"""
    now = ctx.turn if now is None else now
    # A call made during this turn's resolution (after the orders were given) is not yet open.
    return ctx.call_turn[i, j] != NO_TURN and 0 <= now - ctx.call_turn[i, j] < RULES.call_turns


_HOSTILE = {"attack", "threat", "mobilise"}
_ALLYING = {"propose_pact", "accept_pact", "guarantee"}


def check_order(ctx: PublicContext, me: int, order: Order, earlier: Sequence[Order] = ()) -> None:
    """Raise IllegalOrder (with a reason a player can read) unless `order` is legal for state
    `me` now, given the `earlier` orders it gives in the same turn."""
    name = ctx.names
    if not ctx.alive[me]:
        raise IllegalOrder(f"{name[me]} has been conquered and gives no orders.", order)
    kind = order.kind
    if ctx.dilemma and kind != "dilemma":
        raise IllegalOrder("In the repeated dilemma the only order is to restrain or to arm.", order)
    if not ctx.dilemma and kind == "dilemma":
        raise IllegalOrder("This scenario is not a repeated dilemma: give budget and diplomatic orders.", order)
    if kind in ("budget", "dilemma"):
        if any(o.kind == kind for o in earlier):
            raise IllegalOrder("Only one budget a turn." if kind == "budget" else "Only one move a turn.", order)
        return
    target = target_of(order)
    if target not in ctx.ids:
        raise IllegalOrder(f"There is no state called {target!r}.", order)
    t = ctx.ids.index(target)
    them = name[t]
    if t == me:
        raise IllegalOrder("An order needs another state as its target, not yourself.", order)
    if not ctx.alive[t]:
        raise IllegalOrder(f"{them} has been conquered.", order)
    for o in earlier:
        if o.kind == kind and target_of(o) == target:
            raise IllegalOrder(f"You already gave that order toward {them} this turn.", order)
    same_turn_kinds = {o.kind for o in earlier if target_of(o) == target}
    at_war = bool(ctx.war[me, t])
    allied = bool(ctx.pact[me, t])

    def need(cond: bool, reason: str) -> None:
        if not cond:
            raise IllegalOrder(reason, order)

    if kind in ("propose_pact", "accept_pact", "guarantee", "pledge", "transparency", "arms_control"):
        need(not at_war, f"You are at war with {them}: make peace first.")
    if kind == "propose_pact":
        need(not allied, f"You already have a defensive pact with {them}.")
        need(not _offer_open(ctx, ctx.pact_offer, me, t), f"Your pact offer to {them} still stands.")
    elif kind == "accept_pact":
        need(not allied, f"You already have a defensive pact with {them}.")
        need(_offer_open(ctx, ctx.pact_offer, t, me), f"{them} has not offered you a pact.")
    elif kind == "leave_pact":
        need(allied, f"You have no pact with {them}.")
    elif kind == "guarantee":
        need(not ctx.guarantee[me, t], f"You already guarantee {them}.")
    elif kind == "end_guarantee":
        need(bool(ctx.guarantee[me, t]), f"You do not guarantee {them}.")
    elif kind == "pledge":
        until = ctx.pledge_until[me, t]
        need(until < ctx.turn + 1, f"Your restraint pledge to {them} holds until turn {until}.")
        need(not (same_turn_kinds & _HOSTILE), f"A pledge of restraint and a hostile act toward {them} in one turn contradict each other.")
    elif kind == "unilateral_cut":
        need(not any(o.kind == "unilateral_cut" for o in earlier), "One unilateral cut a turn.")
        need(ctx.O[me] + ctx.D[me] > 2 * RULES.min_forces + 1.0, "Your forces are already at the minimum.")
    elif kind == "transparency":
        until = ctx.transparent_until[me, t]
        need(until < ctx.turn + 1, f"You are already open to {them}'s inspectors until turn {until}.")
    elif kind == "arms_control":
        need(not ctx.arms_control[me, t], f"You already have an arms-control agreement with {them}.")
        need(not _offer_open(ctx, ctx.ac_offer, me, t), f"Your arms-control offer to {them} still stands.")
    elif kind == "threat":
        need(not at_war, f"You are already at war with {them}.")
        need(not allied, f"{them} is your ally: leave the pact before threatening it.")
        need(not ctx.threat_made[me, t], f"You already stand on a public threat against {them}.")
        need("pledge" not in same_turn_kinds, f"A pledge of restraint and a threat toward {them} in one turn contradict each other.")
        protege = getattr(order, "protege", None)
        if protege is not None:
            need(protege in ctx.ids, f"There is no state called {protege!r}.")
            p = ctx.ids.index(protege)
            need(p not in (me, t), "An extended threat protects a third state, not you or the target.")
            need(bool(ctx.alive[p]), f"{name[p]} has been conquered.")
            need(bool(ctx.pact[me, p] or ctx.guarantee[me, p]),
                 f"You can only threaten on behalf of an ally or a state you guarantee; {name[p]} is neither.")
    elif kind == "mobilise":
        need(ctx.mobilised[me] <= 0, f"You are already mobilised ({int(ctx.mobilised[me])} more turns).")
        need(not any(o.kind == "mobilise" for o in earlier), "One mobilisation a turn.")
        need(not allied, f"{them} is your ally: leave the pact before mobilising against it.")
        need("pledge" not in same_turn_kinds, f"A pledge of restraint and a mobilisation against {them} contradict each other.")
    elif kind == "crisis":
        r = int(ctx.rung[me, t])
        resp = getattr(order, "response")
        if at_war:
            need(resp == "escalate", f"You are at war with {them}: fight on, offer peace, or (with nuclear forces) escalate.")
            need(ctx.N[me] > 0, "Only a state with nuclear weapons can escalate a war further.")
            need(r < 7, "There is no rung above general nuclear war.")
        else:
            need(r >= 2, f"There is no crisis with {them} to respond to (the rung is {RUNG_NAMES[r]}).")
    elif kind == "attack":
        need(not at_war, f"You are already at war with {them}.")
        need(not allied, f"You have a defensive pact with {them}: leave it first.")
        need("pledge" not in same_turn_kinds, f"A pledge of restraint and an attack on {them} contradict each other.")
        need("refuse_call" not in same_turn_kinds, f"You cannot both join the war on {them} and refuse to.")
    elif kind == "peace":
        need(at_war, f"You are not at war with {them}.")
    elif kind == "refuse_call":
        need(call_open(ctx, me, t), f"No ally has called you to arms against {them}.")
        need("attack" not in same_turn_kinds, f"You cannot both join the war on {them} and refuse to.")
    if kind in _ALLYING or kind in _HOSTILE:
        clash = same_turn_kinds & (_HOSTILE if kind in _ALLYING else _ALLYING)
        need(not clash, f"An offer of alliance and a hostile act toward {them} in one turn contradict each other.")


def check_orders(ctx: PublicContext, me: int, orders: Iterable[Order]) -> list[Order]:
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


# ---------------------------------------------------------------------------------------------
# Resolution


class _Turn:
    """Working set for one resolution: the new state, events, and evidence for observers."""

    def __init__(self, st: WorldState, orders: dict[int, list[Order]], rng: np.random.Generator):
        self.st = st
        self.t = st.turn
        self.given = st.turn - 1  # orders were given (and checked) when this many turns were resolved
        self.reports = True  # private intelligence reports (off in batch runs)
        self.orders = orders
        self.rng = rng
        self.events: list[Event] = []
        self.act_llr = np.zeros((st.n, st.n))
        self.by_kind: dict[str, list[tuple[int, Order]]] = defaultdict(list)
        # State order, not submission order: the same orders give the same world however the
        # controllers happened to submit them (a replay submits in state order).
        for i in sorted(orders):
            for o in orders[i]:
                self.by_kind[o.kind].append((i, o))

    # helpers -----------------------------------------------------------------------------
    def name(self, i: int) -> str:
        return self.st.names[i]

    def emit(self, kind: str, actors: Sequence[int], text: str, data: dict | None = None,
             cause: dict | None = None, visible_to: Sequence[int] | None = None) -> None:
        self.events.append(Event(
            turn=self.t, kind=kind, actors=tuple(self.st.ids[a] for a in actors), text=text,
            data=data or {}, cause=cause or {},
            visible_to=None if visible_to is None else tuple(self.st.ids[v] for v in visible_to),
        ))

    def evidence(self, actor: int, target: int | None, key_or_pair) -> None:
        to_target, to_others = ACT_EVIDENCE[key_or_pair] if isinstance(key_or_pair, str) else key_or_pair
        col = self.act_llr[:, actor]
        col += to_others
        if target is not None:
            col[target] += to_target - to_others
        col[actor] = 0.0

    def target(self, order: Order) -> int:
        return self.st.index(target_of(order))

    def has(self, i: int, kind: str, target: int) -> bool:
        tid = self.st.ids[target]
        return any(o.kind == kind and target_of(o) == tid for o in self.orders.get(i, ()))

    def response(self, i: int, target: int) -> str:
        tid = self.st.ids[target]
        for o in self.orders.get(i, ()):
            if o.kind == "crisis" and o.target == tid:
                return o.response
        return "firm"

    def lose_reputation(self, i: int, amount: float) -> None:
        self.st.reputation[i] = max(0.0, self.st.reputation[i] - amount)


def resolve_turn(state: WorldState, orders: dict[int, list[Order]], rng: np.random.Generator,
                 reports: bool = True) -> tuple[WorldState, list[Event]]:
    """Resolve one turn. `orders` maps state index -> its (already legal) orders. `reports=False`
    leaves out the private intelligence reports (batch runs, which nobody reads): the world that
    results is the same."""
    st = state.copy()
    st.turn += 1
    tr = _Turn(st, orders, rng)
    tr.reports = reports
    if st.dilemma:
        _dilemma(tr)
        return st, tr.events
    _economy(tr)
    _diplomacy(tr)
    _signals(tr)
    _crises(tr)
    _wars(tr)
    _observation(tr)
    return st, tr.events


def _economy(tr: _Turn) -> None:
    st, R = tr.st, RULES
    for i, o in tr.by_kind["budget"]:
        st.s[i] = o.military_share
        st.mu[i] = o.offense_share
    alive = st.alive
    st.prev_M[:] = st.M
    buy = st.s * st.Y * R.force_per_output
    keep = 1 - R.depreciation
    if alive.all():  # the usual case: the same numbers without masking out the conquered
        st.O[:] = st.O * keep + st.mu * buy
        st.D[:] = st.D * keep + (1 - st.mu) * buy
        st.welfare += (1 - st.s) * st.Y
        st.Y[:] = st.Y * (1 + st.growth - R.growth_drag * st.s)
    else:
        st.O[:] = np.where(alive, st.O * keep + st.mu * buy, 0.0)
        st.D[:] = np.where(alive, st.D * keep + (1 - st.mu) * buy, 0.0)
        st.welfare += np.where(alive, (1 - st.s) * st.Y, 0.0)
        st.Y[:] = np.where(alive, st.Y * (1 + st.growth - R.growth_drag * st.s), st.Y)
    st.mobilised[:] = np.maximum(st.mobilised - 1, 0)
    st.reputation[:] = np.minimum(1.0, st.reputation + R.reputation_recovery * alive)
    M = st.M
    # Broken restraint pledges (arming beyond the pledged level): an audience cost.
    active = st.pledge_until >= st.turn
    if active.any():
        broken = active & (M[:, None] > st.pledge_level * (1 + R.pledge_tolerance))
        for i, j in zip(*np.nonzero(broken)):
            _break_pledge(tr, int(i), int(j), "armed beyond the pledged level")
    # Arms-control caps: a violation is detected with probability d (or better, when open).
    if st.arms_control.any():
        d = st.distinguishability
        # A state at war is released from caps with third parties (force majeure): its war
        # footing is no violation and no evidence against it.
        at_war = st.war.any(axis=1)
        over = st.arms_control & (M[:, None] > st.ac_cap * (1 + R.arms_control_slack)) & ~at_war[:, None]
        for i, j in zip(*np.nonzero(over)):
            i, j = int(i), int(j)
            if not st.arms_control[i, j]:
                continue  # both broke the cap and the other was caught first: nothing left to break
            d_eff = max(d, 0.95) if st.transparent_until[i, j] >= st.turn else d
            if tr.rng.random() < d_eff:
                st.arms_control[i, j] = st.arms_control[j, i] = False
                tr.lose_reputation(i, R.audience_cost_reputation)
                st.rung[i, j] = st.rung[j, i] = max(1, st.rung[i, j])
                tr.evidence(i, j, "arms_control_violated")
                tr.emit("arms_control_violated", [i, j],
                        f"{tr.name(j)} caught {tr.name(i)} breaking their arms-control cap; the agreement collapsed.",
                        data={"forces": round(float(M[i]), 2), "cap": round(float(st.ac_cap[i, j]), 2)},
                        cause={"rule": "violation detected", "probability": round(d_eff, 3)})
            else:
                tr.emit("arms_control_violation_hidden", [i, j],
                        f"{tr.name(i)} exceeded its arms-control cap with {tr.name(j)} undetected.",
                        data={"forces": round(float(M[i]), 2), "cap": round(float(st.ac_cap[i, j]), 2)},
                        cause={"rule": "violation not detected", "probability": round(1 - d_eff, 3)},
                        visible_to=[i])


def _break_pledge(tr: _Turn, i: int, j: int, how: str) -> None:
    st = tr.st
    st.pledge_until[i, j] = NO_TURN
    tr.lose_reputation(i, RULES.audience_cost_reputation)
    cost = RULES.audience_cost_welfare * st.Y[i]
    st.welfare[i] -= cost
    tr.evidence(i, j, "pledge_broken")
    tr.emit("pledge_broken", [i, j], f"{tr.name(i)} broke its restraint pledge to {tr.name(j)}: it {how}.",
            data={"welfare_cost": round(float(cost), 2)}, cause={"rule": "audience cost", "how": how})


def _form_pact(tr: _Turn, i: int, j: int, how: str) -> None:
    st = tr.st
    st.pact[i, j] = st.pact[j, i] = True
    st.pact_offer[i, j] = st.pact_offer[j, i] = NO_TURN
    st.rung[i, j] = st.rung[j, i] = 0
    st.threat_made[i, j] = st.threat_made[j, i] = False
    tr.emit("pact_formed", [i, j], f"{tr.name(i)} and {tr.name(j)} formed a defensive pact.", cause={"order": how})


_HOSTILE_VERBS = {"attack": "attacked", "threat": "threatened", "mobilise": "mobilised against"}


def _hostile_pairs(tr: _Turn) -> dict[frozenset, tuple[int, int, str]]:
    """Dyads where one side orders a hostile act toward the other this turn (who, whom, verb)."""
    out = {}
    for kind, verb in _HOSTILE_VERBS.items():
        for i, o in tr.by_kind[kind]:
            out.setdefault(frozenset((i, tr.target(o))), (i, tr.target(o), verb))
    return out


def _pact_blocked(tr: _Turn, hostile: dict, i: int, j: int, order: str) -> bool:
    """A pact cannot form in a turn one side acts against the other (orders are simultaneous, so
    an offer can be accepted by a state its offerer is attacking): the offer fails."""
    act = hostile.get(frozenset((i, j)))
    if act is None:
        return False
    who, whom, verb = act
    tr.emit("pact_failed", [i, j],
            f"The pact between {tr.name(i)} and {tr.name(j)} did not form: {tr.name(who)} {verb} {tr.name(whom)} in the same turn.",
            cause={"order": order, "rule": "a hostile act withdraws a pact offer"})
    return True


def _diplomacy(tr: _Turn) -> None:
    st, R = tr.st, RULES
    hostile = _hostile_pairs(tr)
    proposals = {(i, tr.target(o)) for i, o in tr.by_kind["propose_pact"]}
    for i, j in sorted(proposals):
        if st.pact[i, j] or (i > j and (j, i) in proposals):
            continue
        if _pact_blocked(tr, hostile, i, j, "propose_pact"):
            continue
        if (j, i) in proposals or _offer_open(st, st.pact_offer, j, i, tr.given) or tr.has(j, "accept_pact", i):
            _form_pact(tr, i, j, "propose_pact")
        else:
            st.pact_offer[i, j] = st.turn
            tr.evidence(i, j, "propose_pact")
            tr.emit("pact_offered", [i, j], f"{tr.name(i)} offered {tr.name(j)} a defensive pact.",
                    cause={"order": "propose_pact"}, visible_to=[i, j])
    for i, o in tr.by_kind["accept_pact"]:
        j = tr.target(o)
        if not st.pact[i, j] and not _pact_blocked(tr, hostile, j, i, "accept_pact"):
            _form_pact(tr, j, i, "accept_pact")
    for i, o in tr.by_kind["leave_pact"]:
        j = tr.target(o)
        if st.pact[i, j]:
            st.pact[i, j] = st.pact[j, i] = False
            st.rung[i, j] = st.rung[j, i] = max(1, st.rung[i, j])
            tr.lose_reputation(i, R.leave_pact_reputation)
            tr.emit("pact_left", [i, j], f"{tr.name(i)} left its defensive pact with {tr.name(j)}.",
                    cause={"order": "leave_pact"}, data={"reputation_cost": R.leave_pact_reputation})
    for i, o in tr.by_kind["guarantee"]:
        j = tr.target(o)
        st.guarantee[i, j] = True
        tr.emit("guarantee_given", [i, j], f"{tr.name(i)} guaranteed {tr.name(j)}'s security.",
                cause={"order": "guarantee"})
    for i, o in tr.by_kind["end_guarantee"]:
        j = tr.target(o)
        st.guarantee[i, j] = False
        tr.lose_reputation(i, R.leave_pact_reputation / 2)
        tr.emit("guarantee_ended", [i, j], f"{tr.name(i)} withdrew its guarantee of {tr.name(j)}.",
                cause={"order": "end_guarantee"})
    for i, o in tr.by_kind["refuse_call"]:
        a = tr.target(o)
        _abandon(tr, i, a, refused=True)


def _abandon(tr: _Turn, ally: int, aggressor: int, refused: bool) -> None:
    st, R = tr.st, RULES
    victim = int(st.call_victim[ally, aggressor])
    st.call_turn[ally, aggressor] = NO_TURN
    st.call_victim[ally, aggressor] = NO_TURN
    if victim == NO_TURN:
        return
    st.pact[ally, victim] = st.pact[victim, ally] = False
    st.guarantee[ally, victim] = False
    tr.lose_reputation(ally, R.refuse_call_reputation)
    verb = "refused" if refused else "let lapse"
    tr.emit("ally_refused" if refused else "call_lapsed", [ally, victim, aggressor],
            f"{tr.name(ally)} {verb} {tr.name(victim)}'s call to arms against {tr.name(aggressor)}; their commitment is broken.",
            data={"reputation_cost": R.refuse_call_reputation},
            cause={"order": "refuse_call"} if refused else {"rule": f"no answer within {R.call_turns} turns"})


def _cut_evidence(st: WorldState, actor: int, cut_units: float) -> np.ndarray:
    """Kydd: reassurance separates types only if it costs more than a greedy state would pay to
    be trusted. The cost is the output the scrapped forces took to buy; a greedy state's gain
    from trust grows with the observer's output and the believed offense advantage."""
    cost = cut_units / RULES.force_per_output
    gain = GREEDY_TRUST_GAIN * st.omega_perceived * st.Y
    ev = np.where(cost > gain, CUT_EVIDENCE, 0.0)
    ev[actor] = 0.0
    return ev


def _signals(tr: _Turn) -> None:
    st, R, t = tr.st, RULES, tr.st.turn
    d = st.distinguishability
    for i, o in tr.by_kind["pledge"]:
        j = tr.target(o)
        st.pledge_until[i, j] = t + R.pledge_turns
        st.pledge_level[i, j] = st.M[i]
        tr.evidence(i, j, "pledge")
        tr.emit("pledge_made", [i, j],
                f"{tr.name(i)} pledged restraint toward {tr.name(j)} until turn {t + R.pledge_turns}.",
                cause={"order": "pledge"})
    for i, o in tr.by_kind["unilateral_cut"]:
        j = tr.target(o)
        cut = o.fraction * st.M[i]
        from_o = min(st.O[i], cut)
        st.O[i] -= from_o
        # The floor keeps a token defence, but a cut never adds forces a state did not have.
        st.D[i] = max(min(st.D[i], RULES.min_forces), st.D[i] - (cut - from_o))
        ev = _cut_evidence(st, i, cut)
        tr.act_llr[:, i] += ev
        tr.emit("unilateral_cut", [i, j],
                f"{tr.name(i)} scrapped {o.fraction:.0%} of its forces as a gesture to {tr.name(j)}.",
                data={"forces_cut": round(float(cut), 2), "cost_output": round(float(cut / R.force_per_output), 2),
                      "costly_enough_for": [st.ids[k] for k in np.nonzero(ev < 0)[0]]},
                cause={"order": "unilateral_cut"})
    for i, o in tr.by_kind["transparency"]:
        j = tr.target(o)
        st.transparent_until[i, j] = t + R.transparency_turns
        tr.evidence(i, j, "transparency")
        tr.emit("transparency", [i, j],
                f"{tr.name(i)} opened its forces to {tr.name(j)}'s inspectors until turn {t + R.transparency_turns}.",
                cause={"order": "transparency"})
    offers = {(i, tr.target(o)) for i, o in tr.by_kind["arms_control"]}
    for i, j in sorted(offers):
        if st.arms_control[i, j]:
            continue
        if (j, i) in offers or _offer_open(st, st.ac_offer, j, i, tr.given):
            st.arms_control[i, j] = st.arms_control[j, i] = True
            st.ac_cap[i, j], st.ac_cap[j, i] = st.M[i], st.M[j]
            st.ac_offer[i, j] = st.ac_offer[j, i] = NO_TURN
            st.rung[i, j] = st.rung[j, i] = 0
            st.threat_made[i, j] = st.threat_made[j, i] = False
            st.crisis_since[i, j] = st.crisis_since[j, i] = NO_TURN
            tr.evidence(i, j, "arms_control_formed")
            tr.evidence(j, i, "arms_control_formed")
            tr.emit("arms_control_formed", [i, j],
                    f"{tr.name(i)} and {tr.name(j)} agreed to cap their forces at today's levels.",
                    data={"cap_" + st.ids[i]: round(float(st.M[i]), 2), "cap_" + st.ids[j]: round(float(st.M[j]), 2)},
                    cause={"order": "arms_control"})
        else:
            st.ac_offer[i, j] = t
            tr.evidence(i, j, "arms_control_offer")
            tr.emit("arms_control_offered", [i, j],
                    f"{tr.name(i)} offered {tr.name(j)} a mutual cap on forces.", cause={"order": "arms_control"})
    hostile = threat_evidence(d)
    for i, o in tr.by_kind["threat"]:
        j = tr.target(o)
        _hostile_act_breaks_pledge(tr, i, j, "threatened it")
        st.threat_made[i, j] = True
        _raise_rung(tr, i, j, 2)
        tr.evidence(i, j, (hostile, 0.2 * hostile))
        p = st.index(o.protege) if o.protege else None
        if p is None:
            text = f"{tr.name(i)} publicly warned {tr.name(j)}: an attack would be met with force."
        else:
            text = f"{tr.name(i)} publicly warned {tr.name(j)} to keep its hands off {tr.name(p)}."
        tr.emit("threat_made", [i, j] + ([p] if p is not None else []), text,
                data={"extended": p is not None, "rung": int(st.rung[i, j])},
                cause={"order": "threat", "read_as_hostile_by_target": round(hostile, 2)})
    for i, o in tr.by_kind["mobilise"]:
        j = tr.target(o)
        _hostile_act_breaks_pledge(tr, i, j, "mobilised against it")
        st.mobilised[i] = R.mobilisation_turns
        cost = R.mobilisation_cost * st.Y[i]
        st.welfare[i] -= cost
        _raise_rung(tr, i, j, 3)
        tr.evidence(i, j, (hostile + 0.3, 0.3))
        tr.emit("mobilised", [i, j], f"{tr.name(i)} mobilised its forces against {tr.name(j)}.",
                data={"cost": round(float(cost), 2), "rung": int(st.rung[i, j])}, cause={"order": "mobilise"})


def _war_breaks_commitments(tr: _Turn, a: int, v: int) -> None:
    """No state is allied to, or guarantees, a state it is at war with. The attacker pays what
    leaving would have cost; a victim's guarantee of its attacker simply ends."""
    st, R = tr.st, RULES
    if st.pact[a, v]:
        st.pact[a, v] = st.pact[v, a] = False
        tr.lose_reputation(a, R.leave_pact_reputation)
        tr.emit("pact_left", [a, v], f"{tr.name(a)} broke its defensive pact with {tr.name(v)} by attacking it.",
                data={"reputation_cost": R.leave_pact_reputation}, cause={"rule": "attacked an ally"})
    if st.guarantee[a, v]:
        st.guarantee[a, v] = False
        tr.lose_reputation(a, R.leave_pact_reputation / 2)
        tr.emit("guarantee_ended", [a, v], f"{tr.name(a)} ended its guarantee of {tr.name(v)} by attacking it.",
                cause={"rule": "attacked a protégé"})
    if st.guarantee[v, a]:
        st.guarantee[v, a] = False
        tr.emit("guarantee_ended", [v, a], f"{tr.name(v)}'s guarantee of {tr.name(a)} ended when {tr.name(a)} attacked it.",
                cause={"rule": "attacked by a protégé"})


def _hostile_act_breaks_pledge(tr: _Turn, i: int, j: int, how: str) -> None:
    if tr.st.pledge_until[i, j] >= tr.st.turn:
        _break_pledge(tr, i, j, how)
    if tr.st.arms_control[i, j] and how.startswith("attacked"):
        tr.st.arms_control[i, j] = tr.st.arms_control[j, i] = False


def _raise_rung(tr: _Turn, i: int, j: int, rung: int) -> None:
    st = tr.st
    if st.rung[i, j] < rung:
        if st.rung[i, j] < 2 <= rung:
            st.crisis_since[i, j] = st.crisis_since[j, i] = st.turn
        st.rung[i, j] = st.rung[j, i] = rung
        st.arms_control[i, j] = st.arms_control[j, i] = False


def _end_crisis(st: WorldState, i: int, j: int) -> None:
    st.rung[i, j] = st.rung[j, i] = 1
    st.crisis_since[i, j] = st.crisis_since[j, i] = NO_TURN
    st.threat_made[i, j] = st.threat_made[j, i] = False


def _crises(tr: _Turn) -> None:
    st, R = tr.st, RULES
    if not (st.rung >= 2).any():
        return
    open_ = (st.rung >= 2) & ~st.war & st.alive[:, None] & st.alive[None, :] & upper_pairs(st.n)
    tension = tension_matrix(st)
    for i, j in zip(*np.nonzero(open_)):
        i, j = int(i), int(j)
        if st.crisis_since[i, j] == st.turn:
            continue  # opened this turn: the other side answers next turn
        ri, rj = tr.response(i, j), tr.response(j, i)
        r = int(st.rung[i, j])
        if "escalate" in (ri, rj):
            movers = [k for k, resp in ((i, ri), (j, rj)) if resp == "escalate"]
            for k in movers:  # escalating by choice is a threat: it breaks a restraint pledge
                other = j if k == i else i
                if st.pledge_until[k, other] >= st.turn:
                    _break_pledge(tr, k, other, "escalated the crisis")
            new = r + 1
            if new >= 5:
                attacker = movers[0] if len(movers) == 1 else (i if st.O[i] >= st.O[j] else j)
                other = j if attacker == i else i
                tr.emit("crisis_escalated", movers + [k for k in (i, j) if k not in movers],
                        f"{' and '.join(tr.name(k) for k in movers)} escalated the crisis into war.",
                        data={"rung": 5}, cause={"order": "crisis", "response": "escalate"})
                _start_war(tr, attacker, other, called=False, how="escalation")
            else:
                st.rung[i, j] = st.rung[j, i] = new
                tr.emit("crisis_escalated", movers + [k for k in (i, j) if k not in movers],
                        f"{' and '.join(tr.name(k) for k in movers)} escalated the crisis to {RUNG_NAMES[new]}.",
                        data={"rung": new}, cause={"order": "crisis", "response": "escalate"})
            continue
        if ri == "back_down" and rj == "back_down":
            _end_crisis(st, i, j)
            tr.emit("crisis_defused", [i, j], f"{tr.name(i)} and {tr.name(j)} both stepped back; the crisis is over.",
                    cause={"order": "crisis", "response": "back_down"})
            continue
        if "back_down" in (ri, rj):
            loser, winner = (i, j) if ri == "back_down" else (j, i)
            cost = R.back_down_reputation + (R.audience_cost_reputation if st.threat_made[loser, winner] else 0.0)
            tr.lose_reputation(loser, cost)
            conceded = R.concession_share * st.Y[loser]
            st.Y[loser] -= conceded
            st.Y[winner] += conceded
            _end_crisis(st, i, j)
            tr.evidence(loser, winner, "backed_down")
            tr.emit("crisis_backed_down", [loser, winner],
                    f"{tr.name(loser)} backed down before {tr.name(winner)} and conceded {conceded:.1f} output.",
                    data={"reputation_cost": round(cost, 3), "conceded": round(float(conceded), 2),
                          "winner_threatened": bool(st.threat_made[winner, loser])},
                    cause={"order": "crisis", "response": "back_down"})
            continue
        # Both stand firm: the crisis goes on, with a chance of an accidental step up.
        if r == 4:
            for k in (i, j):
                st.O[k] *= 1 - R.border_clash_force_loss
                st.D[k] *= 1 - R.border_clash_force_loss
            tr.emit("border_clash", [i, j], f"Border clashes between {tr.name(i)} and {tr.name(j)}.",
                    data={"force_loss": R.border_clash_force_loss}, cause={"rule": "rung 4"})
        p = combat.accident_probability(r, float(tension[i, j]), st.omega)
        if tr.rng.random() < p:
            new = r + 1
            tr.emit("crisis_accident", [i, j],
                    f"An incident between {tr.name(i)} and {tr.name(j)} pushed the crisis to {RUNG_NAMES[new]}.",
                    data={"rung": new}, cause={"rule": "accidental escalation", "probability": round(p, 3)})
            if new >= 5:
                attacker = i if (st.mobilised[i], st.O[i]) >= (st.mobilised[j], st.O[j]) else j
                _start_war(tr, attacker, j if attacker == i else i, called=False, how="accident")
            else:
                st.rung[i, j] = st.rung[j, i] = new


def _start_war(tr: _Turn, a: int, v: int, called: bool, how: str, rationale: str | None = None) -> None:
    st = tr.st
    if how == "accident":
        label = "accidental"
    elif called or rationale is None:
        label = combat.label_war(st, a, v, called)
    else:
        label = rationale
    now, later = combat.projected_power_share(st, a, v)
    _hostile_act_breaks_pledge(tr, a, v, "attacked it")
    _war_breaks_commitments(tr, a, v)
    st.war[a, v] = st.war[v, a] = True
    st.war_attacker[a, v], st.war_attacker[v, a] = True, False
    st.war_start[a, v] = st.war_start[v, a] = st.turn
    st.war_label[a, v] = st.war_label[v, a] = combat.label_code(label)
    st.war_net[a, v] = st.war_net[v, a] = 0.0
    st.rung[a, v] = st.rung[v, a] = 5
    st.arms_control[a, v] = st.arms_control[v, a] = False
    st.threat_made[a, v] = st.threat_made[v, a] = False
    if how != "accident":  # an incident is nobody's act of aggression
        tr.evidence(a, v, "alliance_attack" if called else "attack")
    reasons = {
        "accidental": "neither side chose it: an incident in a crisis escalated into war",
        "alliance": "it answered an ally's call to arms",
        "preemptive": "it believed an attack on it was imminent (target mobilised or crisis at rung 3+)",
        "preventive": f"its projected share of power was falling ({now:.0%} now, {later:.0%} in five turns)",
        "opportunistic": "neither fear of an imminent attack nor a falling share of power: it saw a chance",
    }
    text = (f"An incident between {tr.name(a)} and {tr.name(v)} escalated into war." if how == "accident"
            else f"{tr.name(a)} went to war against {tr.name(v)} ({label}).")
    tr.emit("war_started", [a, v], text,
            data={"label": label, "power_share_now": round(now, 3), "power_share_later": round(later, 3),
                  "win_probability": round(combat.dyad_win_probability(st, a, v), 3)},
            cause={"order": "attack" if how == "order" else how, "label_reason": reasons[label]})
    # Call the victim's allies and guarantors (not the attacker's: pacts are defensive).
    for k in range(st.n):
        if k in (a, v) or not st.alive[k] or st.war[k, a] or st.pact[k, a]:
            continue
        if st.pact[k, v] or st.guarantee[k, v]:
            if call_open(st, k, a, tr.given) or st.call_turn[k, a] == st.turn:
                continue  # already called against this aggressor (earlier, or by another victim this turn)
            st.call_turn[k, a] = st.turn
            st.call_victim[k, a] = v
            tr.emit("ally_called", [k, v, a],
                    f"{tr.name(v)} called on {tr.name(k)} to honour its {'pact' if st.pact[k, v] else 'guarantee'} against {tr.name(a)}.",
                    cause={"rule": "defensive pact" if st.pact[k, v] else "guarantee"})


def _wars(tr: _Turn) -> None:
    st, R = tr.st, RULES
    for i, o in tr.by_kind["attack"]:
        j = tr.target(o)
        if not (st.alive[i] and st.alive[j]) or st.war[i, j]:
            continue
        called = bool(call_open(st, i, j, tr.given))
        victim = int(st.call_victim[i, j])
        st.call_turn[i, j] = NO_TURN  # a state fighting the aggressor has answered any call against it
        st.call_victim[i, j] = NO_TURN
        if called:
            tr.emit("ally_joined", [i, victim, j],
                    f"{tr.name(i)} honoured its commitment to {tr.name(victim)} and entered the war against {tr.name(j)}.",
                    cause={"order": "attack", "rule": "call to arms"})
        _start_war(tr, i, j, called=called, how="order", rationale=o.rationale)
    # Unanswered calls lapse: buck-passing breaks the commitment.
    lapsed = (st.call_turn != NO_TURN) & (st.turn - st.call_turn >= R.call_turns)
    for k, a in zip(*np.nonzero(lapsed)) if lapsed.any() else ():
        k, a = int(k), int(a)
        victim = int(st.call_victim[k, a])
        if victim != NO_TURN and st.alive[victim] and st.war[victim, a] and st.alive[k] and not st.war[k, a]:
            _abandon(tr, k, a, refused=False)
        else:
            st.call_turn[k, a] = NO_TURN
            st.call_victim[k, a] = NO_TURN
    # Peace when both offer: in the same turn, or one answers the other's standing offer.
    offers = {(i, tr.target(o)) for i, o in tr.by_kind["peace"]}
    for i, j in sorted(offers):
        if not st.war[i, j]:
            continue
        if (j, i) in offers or _offer_open(st, st.peace_offer, j, i, tr.given):
            _end_war(tr, i, j, "peace")
        else:
            st.peace_offer[i, j] = st.turn
            tr.emit("peace_offered", [i, j], f"{tr.name(i)} offered {tr.name(j)} peace.",
                    cause={"order": "peace"}, visible_to=[i, j])
    # Nuclear escalation during war: like a crisis, a war climbs at most one rung a turn (both
    # sides escalating in one turn is one step, taken by the first in state order).
    stepped: set[frozenset] = set()
    for i, o in tr.by_kind["crisis"]:
        j = tr.target(o)
        if frozenset((i, j)) in stepped:
            continue
        if st.war[i, j] and st.war_start[i, j] < st.turn and o.response == "escalate" and st.rung[i, j] < 7:
            stepped.add(frozenset((i, j)))
            new = int(st.rung[i, j]) + 1
            st.rung[i, j] = st.rung[j, i] = new
            damage = combat.nuclear_damage(st, i, j, new)
            for sid, share in damage.items():
                k = st.index(sid)
                st.Y[k] *= 1 - share
                st.O[k] *= 1 - share
                st.D[k] *= 1 - share
            tr.emit("nuclear_use", [i, j], f"{tr.name(i)} escalated its war with {tr.name(j)} to {RUNG_NAMES[new]}.",
                    data={"rung": new, "output_lost": {k: round(v, 3) for k, v in damage.items()},
                          "mutual_second_strike": bool(combat.second_strike(st.N[i]) and combat.second_strike(st.N[j]))},
                    cause={"order": "crisis", "response": "escalate"})
    # Each war turn is a contest.
    if not st.war.any():
        return
    fronts = st.war.sum(axis=1)
    # Every front is fought at once: strengths come from the forces at the start of the contests,
    # not from what an earlier front (in state order) left; losses multiply, so order is moot.
    O0, D0 = st.O.copy(), st.D.copy()
    for i, j in zip(*np.nonzero(st.war & upper_pairs(st.n))):
        i, j = int(i), int(j)
        if not (st.alive[i] and st.alive[j]):
            continue
        a, v = (i, j) if st.war_attacker[i, j] else (j, i)
        A = combat.attack_strength(st.omega, st.geo[a, v], O0[a], st.mobilised[a] > 0, int(fronts[a]))
        B = combat.defense_strength(D0[v], O0[v], st.mobilised[v] > 0, int(fronts[v]))
        p = combat.win_probability(A, B)
        won = bool(tr.rng.random() < p)
        la, lv = combat.war_losses(A, B, won)
        st.O[a] *= 1 - la / fronts[a]
        st.D[a] *= 1 - la / fronts[a]
        st.O[v] *= 1 - lv / fronts[v]
        st.D[v] *= 1 - lv / fronts[v]
        if won:
            taken = R.territory_share * st.Y[v]
            st.Y[v] -= taken
            st.Y[a] += taken
            st.war_net[a, v] += taken
            st.war_net[v, a] -= taken
        else:
            taken = 0.5 * R.territory_share * st.Y[a]
            st.Y[a] -= taken
            st.Y[v] += taken
            st.war_net[v, a] += taken
            st.war_net[a, v] -= taken
        for k in (a, v):
            cost = R.war_output_cost * st.Y[k]
            st.Y[k] -= cost
            st.welfare[k] -= cost
        winner = a if won else v
        tr.emit("war_turn", [a, v],
                f"{tr.name(winner)} {'advanced' if won else 'held'} in the war between {tr.name(a)} and {tr.name(v)}.",
                data={"attacker_win_probability": round(p, 3), "attacker_won": won,
                      "output_changed_hands": round(float(taken), 2), "attacker_losses": round(la, 3),
                      "defender_losses": round(lv, 3)},
                cause={"rule": "Hirshleifer contest", "probability": round(p, 3)})
    # Conquest.
    for j in range(st.n):
        if not st.alive[j]:
            continue
        enemies = np.nonzero(st.war[j])[0]
        if len(enemies) == 0:
            continue
        if st.Y[j] < R.conquest_output_floor * st.Y0[j] or st.M[j] < R.conquest_force_floor:
            conqueror = int(enemies[np.argmax(st.war_net[enemies, j])])
            _conquer(tr, conqueror, j)


def _end_war(tr: _Turn, i: int, j: int, how: str) -> None:
    st = tr.st
    st.war[i, j] = st.war[j, i] = False
    st.war_attacker[i, j] = st.war_attacker[j, i] = False
    st.peace_offer[i, j] = st.peace_offer[j, i] = NO_TURN
    st.last_peace[i, j] = st.last_peace[j, i] = st.turn
    # The victim's calls to arms against its former enemy are over (nobody can refuse, or be
    # blamed for ignoring, a call to a war that has ended).
    for aggressor, victim in ((i, j), (j, i)):
        ended = st.call_victim[:, aggressor] == victim
        st.call_turn[ended, aggressor] = NO_TURN
        st.call_victim[ended, aggressor] = NO_TURN
    st.rung[i, j] = st.rung[j, i] = 1
    st.crisis_since[i, j] = st.crisis_since[j, i] = NO_TURN
    net = float(st.war_net[i, j])
    result = "draw"
    if abs(net) > 0.02 * max(st.Y0[i], st.Y0[j]):
        w, l = (i, j) if net > 0 else (j, i)
        st.wars_won[w] += 1
        st.wars_lost[l] += 1
        result = st.ids[w]
    tr.emit("peace", [i, j], f"{tr.name(i)} and {tr.name(j)} made peace.",
            data={"winner": result, "output_gained_by_" + st.ids[i]: round(net, 2),
                  "turns": int(st.turn - st.war_start[i, j] + 1)},
            cause={"order": "peace"} if how == "peace" else {"rule": how})


def _conquer(tr: _Turn, winner: int, loser: int) -> None:
    st = tr.st
    gained = RULES.annexed_share * st.Y[loser]
    st.Y[winner] += gained
    for k in np.nonzero(st.war[loser])[0]:
        k = int(k)
        st.war[loser, k] = st.war[k, loser] = False
        st.war_attacker[loser, k] = st.war_attacker[k, loser] = False
        st.rung[k, loser] = st.rung[loser, k] = 0
    st.wars_won[winner] += 1
    st.wars_lost[loser] += 1
    st.alive[loser] = False
    st.conquered_by[loser] = winner
    st.rung[loser, :] = st.rung[:, loser] = 0  # no crisis with a state that no longer exists
    st.crisis_since[loser, :] = st.crisis_since[:, loser] = NO_TURN
    st.Y[loser] = 0.0
    st.O[loser] = st.D[loser] = 0.0
    st.N[loser] = 0.0
    st.s[loser] = 0.0
    for arr in (st.pact, st.guarantee, st.arms_control, st.threat_made):
        arr[loser, :] = False
        arr[:, loser] = False
    for arr in (st.pact_offer, st.ac_offer, st.peace_offer, st.pledge_until, st.transparent_until, st.call_turn,
                st.call_victim):
        arr[loser, :] = NO_TURN
        arr[:, loser] = NO_TURN
    st.call_turn[st.call_victim == loser] = NO_TURN
    st.call_victim[st.call_victim == loser] = NO_TURN
    tr.emit("conquered", [winner, loser], f"{tr.name(winner)} conquered {tr.name(loser)}.",
            data={"output_annexed": round(float(gained), 2)}, cause={"rule": "output or forces below the floor"})


INTEL_BELIEF_SHIFT = 0.08  # a change of belief worth an intelligence report


def _observation(tr: _Turn) -> None:
    """Observe, and tell each state privately when what it saw moved its reading of a rival:
    the observation is the cause of the belief (the UI's dispatches, the debrief's chains)."""
    st = tr.st
    if not tr.reports:
        observe(st, tr.rng, tr.act_llr, st.posture_llr, evidence_wanted=False)
        return
    before = sigmoid(st.belief)
    evidence = observe(st, tr.rng, tr.act_llr, st.posture_llr)
    after = sigmoid(st.belief)
    shift = np.abs(after - before)
    np.fill_diagonal(shift, 0.0)
    shift[~st.alive, :] = 0.0
    shift[:, ~st.alive] = 0.0
    # One report per state and turn: the reading that moved most (a dispatch, not a flood).
    biggest = np.argmax(shift, axis=1)
    for i in np.nonzero(shift[np.arange(st.n), biggest] >= INTEL_BELIEF_SHIFT)[0]:
        i, j = int(i), int(biggest[i])
        seen = float(st.M_est[i, j] / max(st.M_est_prev[i, j], 1e-9) - 1)
        direction = "more" if after[i, j] > before[i, j] else "less"
        tr.emit("intelligence", [i, j],
                f"{tr.name(i)}'s intelligence: {tr.name(j)}'s forces seem to have {'grown' if seen >= 0 else 'shrunk'} "
                f"{abs(seen):.0%} and look {st.mu_est[i, j]:.0%} offensive; {tr.name(i)} now thinks it {direction} likely "
                f"to be greedy ({after[i, j]:.0%}).",
                data={"belief_before": round(float(before[i, j]), 4), "belief": round(float(after[i, j]), 4),
                      "forces_seen": round(float(st.M_est[i, j]), 2), "growth_seen": round(seen, 4),
                      "offense_seen": round(float(st.mu_est[i, j]), 4)},
                cause={"observation": {"evidence": round(float(evidence[i, j]), 3),
                                       "acts": round(float(tr.act_llr[i, j]), 3)}},
                visible_to=[i])


# ---------------------------------------------------------------------------------------------
# Repeated-dilemma mode


def dilemma_payoffs(move_a: int, move_b: int, payoffs: tuple[float, float, float, float]) -> tuple[float, float]:
    """One round of the prisoner's dilemma; 0 = restrain (C), 1 = arm (D). payoffs = (R, T, S, P)."""
    R_, T_, S_, P_ = payoffs
    table = ((R_, R_), (S_, T_)), ((T_, S_), (P_, P_))
    return table[move_a][move_b]


DILEMMA_SHARE = (0.05, 0.15)  # military share that goes with restrain / arm, so the charts show arms


def _dilemma(tr: _Turn) -> None:
    st = tr.st
    moves = np.where(st.last_move >= 0, st.last_move, 0)
    for i, o in tr.by_kind["dilemma"]:
        moves[i] = 1 if o.move == "arm" else 0
    intended = moves.copy()
    if st.dilemma_noise > 0:
        flips = tr.rng.random(st.n) < st.dilemma_noise
        moves = np.where(flips, 1 - moves, moves)
    a, b = 0, 1
    pa, pb = dilemma_payoffs(int(moves[a]), int(moves[b]), st.payoffs)
    st.dilemma_score[a] += pa
    st.dilemma_score[b] += pb
    st.last_move[:] = moves
    st.prev_M[:] = st.M
    share = np.where(moves == 1, DILEMMA_SHARE[1], DILEMMA_SHARE[0])
    st.s[:] = share
    buy = share * st.Y * RULES.force_per_output
    keep = 1 - RULES.depreciation
    st.O[:] = st.O * keep + st.mu * buy
    st.D[:] = st.D * keep + (1 - st.mu) * buy
    st.welfare += (1 - share) * st.Y
    names = ("restrained", "armed")
    flipped = [st.ids[k] for k in range(st.n) if moves[k] != intended[k]]
    tr.emit("dilemma_round", [a, b],
            f"{tr.name(a)} {names[moves[a]]}, {tr.name(b)} {names[moves[b]]}: {pa:g} and {pb:g}.",
            data={"moves": [int(moves[a]), int(moves[b])], "payoffs": [pa, pb], "flipped_by_noise": flipped},
            cause={"rule": "payoff matrix"})
    M = st.M
    st.M_est[:] = M[None, :]
    st.M_est_prev[:] = st.prev_M[None, :]
    # Moves are public and exact: each side's belief about the other follows them (no noise, so
    # no draw from the generator — the repeated dilemma's random stream is its noise alone).
    evidence = np.where(moves == 1, DILEMMA_EVIDENCE[1], DILEMMA_EVIDENCE[0])[None, :] * np.ones((st.n, 1))
    np.fill_diagonal(evidence, 0.0)
    update_beliefs(st, evidence)


DILEMMA_EVIDENCE = (-0.5, 0.8)  # log-likelihood ratio greedy : security seeker of restraint, arming


__all__ = [
    "check_order", "check_orders", "legal_orders", "resolve_turn", "dilemma_payoffs", "call_open",
    "offer_open", "offers_open", "project_budget", "BudgetProjection",
    "WAR_LABELS", "threat_evidence",
]
