"""Signals (DESIGN.md §4.6): the spiral model against the deterrence model.

Deter when π is high, reassure when low, reciprocate in between (Huth's firm-but-flexible).
Reassurance separates types only if it is costly, so greedy types do not pay for it (Kydd 2000);
spiral-aware states answer a spiral with unilateral steps down (Osgood's GRIT).
"""
from __future__ import annotations

import numpy as np

from game.ai.reasoning import explain
from game.ai.reasoning.params import Params
from game.ai.reasoning.plan import NO_ACTS, Plan
from game.ai.reasoning.war import sigmoid
from game.core.commands import ArmsControlOffer, Mobilise, Pledge, Threat, Transparency, UnilateralCut, targeted_order
from game.core.view import View


TRUST_MEMORY = 12  # turns a caught breach of a cap or a pledge rules out cooperation with the breaker


def arms_control_willingness(view: View, p: Params, j: int) -> float:
    """The belief below which a cap is acceptable: lower when violations would go unseen (low d)
    and when being caught short is dangerous (offense dominance)."""
    openness = 0.4 + view.lists("distinguishability_seen")[j]
    # min(1.0, openness) and max(1.0, Ω̃) as conditionals: cheaper than the calls
    return p.arms_control_below * (openness if openness < 1.0 else 1.0) / (view.omega if view.omega > 1.0 else 1.0)


PROVOCATIONS = frozenset({"threat_made", "mobilised"})  # acts toward me that call for a warning
STEPS_UP = frozenset({"mobilised", "crisis_escalated"})  # acts in a crisis that call for a matching mobilisation
# A cooperative gesture toward me, and the order that answers it in kind.
ANSWER_IN_KIND = {"pledge_made": Pledge, "transparency": Transparency, "unilateral_cut": Pledge,
                  "arms_control_offered": ArmsControlOffer}
GESTURES = frozenset(ANSWER_IN_KIND)

DEMAND_HAZARD = 0.3  # the largest chance a turn that a greedy state makes a demand of one rival


def demand_chance(view: View, plan: Plan, j: int) -> float:
    """A greedy state's chance this turn of making a demand of j: rising with its chance of
    winning a war over j and falling with j's resolve (logistic in both)."""
    p_att = plan.attack_chance(j)
    return DEMAND_HAZARD * sigmoid((p_att - 0.55) / 0.08) * sigmoid((0.6 - plan.resolve(j)) / 0.15)


def send_signals(view: View, p: Params, plan: Plan, rng: np.random.Generator) -> None:
    me = view.me
    greedy = view.my_type == "greedy"
    my_M = plan.my_M
    main = plan.main_rival
    beliefs = plan.belief
    war, pact, rungs = plan.war_row, plan.pact_row, plan.rung[me]
    floor = p.floor_share * view.my_Y
    # Rows read once as plain lists: cheaper than indexing small arrays again and again.
    ac_open = plan.ac_open  # [i][j]: does i's arms-control offer to j stand?
    offered_by_me = ac_open[me]
    public = plan.public
    capped, threatened = public.arms_control[me], plan.threat_made[me]
    pledged_to, open_to = public.pledge_until[me], public.transparent_until[me]
    mobilised = plan.mobilised
    broke_faith = public.broke_faith  # [i][j]: the turn i was last caught breaking faith with j
    backing_down_to = {o.target for o in plan.orders if o.kind == "crisis" and o.response == "back_down"} \
        if plan.has("crisis") else ()  # (asked only when I answered a crisis this turn)
    acts_of = plan.acts_by_actor()  # {rival: the kinds of its acts toward me last turn}
    attacking = plan.has("attack")  # (asked once: which rival I attack, only if I attack one)
    for j in plan.rivals:
        if war[j] or pact[j] or attacking and plan.has("attack", view.ids[j]):
            continue
        tid = view.ids[j]
        pi = beliefs[j]
        rung = rungs[j]
        acts = acts_of.get(j, NO_ACTS)
        ac_offered_to_me = ac_open[j][me]
        # Coercion: a greedy state makes demands (a public threat: a crisis whose loser concedes
        # output) of a rival it could beat and whose resolve looks weak — and a rival that backed
        # down before has spent its resolve, inviting the next demand (the deterrence model).
        if greedy and rung < 2 and not threatened[j] and not plan.has("threat"):
            chance = demand_chance(view, plan, j)
            if chance > 0.01 and rng.random() < chance:
                plan.give(targeted_order(Threat, tid), explain.demanded, view, j, chance)
                continue
        # Deterrence (not toward a rival I am backing down to this very turn)
        if pi >= p.deter_above:
            is_main = main == j
            if tid in backing_down_to:
                pass
            elif rung >= 2 and (not STEPS_UP.isdisjoint(acts) or mobilised[j] > 0) and mobilised[me] <= 0:
                plan.give(targeted_order(Mobilise, tid), explain.mobilised, view, j, pi)
            elif is_main and rung < 2 and not threatened[j] and (not PROVOCATIONS.isdisjoint(acts) or plan.is_arming(j)):
                plan.give(targeted_order(Threat, tid), explain.warned, view, j, pi)
            continue
        # Trust lost is lost: a state caught breaking a cap or a pledge to me gets no offer, no
        # acceptance and no gesture from me for a while — whatever its words now.
        betrayed_at = broke_faith[j][me]
        if betrayed_at >= 0 and view.turn - betrayed_at < TRUST_MEMORY:
            if ac_offered_to_me or "pledge_made" in acts or "transparency" in acts:
                plan.note(explain.distrusted, view, j, int(betrayed_at))
            continue
        # Answer an arms-control offer (a greedy state signs where cheating cannot be seen)
        if ac_offered_to_me and not capped[j]:
            if pi < arms_control_willingness(view, p, j) or (greedy and view.distinguishability < 0.4):
                plan.give(targeted_order(ArmsControlOffer, tid), explain.accepted_arms_control, view, j, pi)
            continue
        # Reassurance, where tension rises as they arm (a spiral I build shows in their arming too)
        if pi <= p.reassure_below or (p.grit and pi < 0.6 and plan.is_arming(j)):
            if greedy:
                continue  # a greedy state will not pay what it would cost to be trusted (Kydd)
            they_arm = plan.is_arming(j)
            pledged = pledged_to[j] >= view.turn + 1
            if p.grit and they_arm and not pledged and my_M >= 0.8 * plan.M_est[j] and 0.9 * my_M >= floor:
                if plan.give(UnilateralCut(target=tid, fraction=0.1), explain.cut_forces, view, j, pi):
                    plan.give(targeted_order(Pledge, tid))
                    continue
            if not capped[j] and pi < arms_control_willingness(view, p, j) and not offered_by_me[j] \
                    and rng.random() < (0.5 if they_arm else 0.15):
                plan.give(targeted_order(ArmsControlOffer, tid), explain.offered_arms_control, view, j, pi, they_arm)
                continue
            if p.transparency and they_arm and open_to[j] < view.turn + 1 and view.my_mu < 0.45:
                plan.give(targeted_order(Transparency, tid), explain.opened_to_inspection, view, j, pi)
                continue
            continue
        # In between: reciprocity (firm but flexible)
        if p.reciprocity:
            gestures = GESTURES & acts
            if gestures:
                plan.give(targeted_order(ANSWER_IN_KIND[min(gestures)], tid), explain.answered_in_kind, view, j, pi)
            elif "threat_made" in acts and pi >= 0.5 and not threatened[j] and rung < 2:
                plan.give(targeted_order(Threat, tid), explain.answered_threat, view, j, pi)
