"""Alliances (DESIGN.md §4.5, after Walt 1987 and Christensen & Snyder 1990).

Balance against the main threat with a partner that also faces it; bandwagon only when weak and
alone; under perceived offense dominance answer calls to arms at once (chain-ganging), under
perceived defense dominance leave the fight to states nearer the threat (buck-passing) — a chance
that rises smoothly with the believed Ω, the belief about the aggressor and the coalition's odds.
"""
from __future__ import annotations

import math

import numpy as np

from game.ai.reasoning import explain
from game.ai.reasoning import threat as th
from game.ai.reasoning.params import Params
from game.ai.reasoning.plan import Plan
from game.core import combat
from game.core.commands import AcceptPact, Attack, Guarantee, LeavePact, ProposePact, RefuseCall
from game.core.rules import call_open
from game.core.rules.legality import offers_open_to
from game.core.state import RULES
from game.core.view import View


CALL_TEMPERATURE = 0.12  # how sharply the chance of joining rises with the commitment's tightness


def call_tightness(view: View, p: Params, plan: Plan, a: int) -> tuple[float, float]:
    """(tightness, the coalition's chance of prevailing) of my commitment against the aggressor a:
    commitment + 0.8(Ω̃ − 1) + 0.4(π_a − ½) + 0.4(P_coalition − ½), where P_coalition is the
    chance that my offensive forces and those already fighting a prevail against a's defences
    (Christensen & Snyder: believed offense dominance draws commitments tight). Never tight
    against a mutual second strike."""
    me = view.me
    M_est, mu_est, war, alive = plan.M_est, plan.mu_est, plan.war, view.lists("alive")
    offense = view.my_O + sum(M_est[k] * mu_est[k] for k in range(view.n) if k != me and alive[k] and war[k][a])
    coalition = combat.war_win_probability(th.win_probability(plan, a, offense=offense, against_allies=False))
    tight = (p.commitment + 0.8 * (view.omega - 1.0) + 0.4 * (float(view.belief[a]) - 0.5)
             + 0.4 * (coalition - 0.5))
    if th.mutual_second_strike(plan, a):
        tight -= 2.0
    return tight, coalition


def answer_calls(view: View, p: Params, plan: Plan, rng: np.random.Generator) -> None:
    """Answer calls to arms: join with a chance logistic in the commitment's tightness,
    σ((tightness − ½)/CALL_TEMPERATURE), on each turn the call stands — chain-ganging under
    perceived offense dominance, buck-passing under perceived defense dominance (Christensen &
    Snyder). A state that has not joined holds back while it may, then refuses."""
    me = view.me
    if max(view.call_turn[me].tolist()) < 0:
        return  # nobody has called on me
    for a in range(view.n):
        if a == me or not view.alive[a] or not call_open(view, me, a):
            continue
        victim = int(view.call_victim[me, a])
        tight, coalition = call_tightness(view, p, plan, a)
        last_turn = view.turn - int(view.call_turn[me, a]) >= RULES.call_turns - 1
        join = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, (tight - 0.5) / CALL_TEMPERATURE))))
        if rng.random() < join:
            plan.give(Attack(target=view.ids[a]), explain.joined_war, view, p, a, victim, coalition)
        elif tight < 0.0 or last_turn:
            plan.give(RefuseCall(target=view.ids[a]), explain.refused_call, view, p, a, victim, coalition)
        else:
            plan.note(explain.held_back_from_call, view, p, a, victim, coalition)


def seek_alliances(view: View, p: Params, plan: Plan) -> None:
    me = view.me
    main = plan.main_rival  # (its reading, plan.main_threat, is made only for a sentence)
    offers_to_me = offers_open_to(view, "pact", me)  # [k]: does k's pact offer to me stand?
    threat, belief, M_est = plan.threat, plan.belief, plan.M_est
    pact, war, dist = plan.pact, plan.war, plan.dist
    # Accept or answer offers first.
    for k in plan.rivals:
        if offers_to_me[k] and not pact[me][k] \
                and not war[me][k] and not plan.has("attack", view.ids[k]):
            t_k = threat[k]
            facing = threat[main] if main is not None and main != k else 0.0
            tight = view.omega > 1.1
            n_pacts = plan.n_pacts
            # Buck-passing: when defense is believed to dominate, a state farther from the threat
            # than the one asking lets that one carry the burden.
            if main is not None and main != k and (view.omega < 0.9 or p.buck_pass > 0.5) \
                    and dist[k][main] < dist[me][main] and not plan.at_war:
                plan.note(explain.let_pact_offer_lapse, view, k, main)
                continue
            if t_k < 0.5 * max(facing, 0.05) and (facing >= 0.5 * p.balance_threshold or (tight and facing > 0)) \
                    and belief[k] < 0.6 and n_pacts < p.max_pacts + (1 if tight else 0):
                plan.give(AcceptPact(target=view.ids[k]), explain.accepted_pact, view, k, plan.main_threat, t_k, facing)
    # Leave a pact whose partner has become a threat — but never one fighting my main threat.
    for k in plan.rivals:
        if not pact[me][k]:
            continue
        fighting_my_threat = main is not None and main != k and war[k][main]
        if belief[k] > 0.8 and M_est[k] > plan.my_M and not any(war[k]) and not fighting_my_threat:
            plan.give(LeavePact(target=view.ids[k]), explain.left_pact, view, k)
    n_pacts = plan.n_pacts
    if main is None or threat[main] < p.balance_threshold or belief[main] < 0.4 or plan.has("accept_pact") \
            or n_pacts >= p.max_pacts:
        return
    j = main
    # Balance: a partner that also faces j and does not threaten me.
    candidates = []
    for k in plan.rivals:
        if k == j or pact[me][k] or war[me][k] or pact[k][j]:
            continue
        if threat[k] > 0.5 * threat[j] or belief[k] > 0.6:
            continue
        near_j = plan.proximity[k][j]
        candidates.append((M_est[k] * near_j, k))
    allies_vs_j = [k for k in plan.rivals if pact[me][k] and not pact[k][j]]
    strength_with_allies = plan.my_M + sum(M_est[k] for k in allies_vs_j)
    if strength_with_allies >= 1.2 * M_est[j]:
        return  # balanced already
    # Buck-passing: when defense is believed to dominate, leave it to a state nearer the threat.
    nearer = [k for _, k in candidates if dist[k][j] < dist[me][j]]
    pass_buck = (view.omega < 0.9 or p.buck_pass > 0.5) and nearer and not plan.at_war
    if pass_buck:
        k = min(nearer, key=lambda x: dist[x][j])
        plan.note(explain.passed_the_buck, view, j, k)
        return
    if candidates:
        _, k = max(candidates)
        plan.give(ProposePact(target=view.ids[k]), explain.offered_pact, view, k, plan.main_threat)
    elif not allies_vs_j and plan.my_M < 0.5 * M_est[j] and not war[me][j]:
        plan.give(ProposePact(target=view.ids[j]), explain.bandwagoned, view, plan.main_threat)
    if p.guarantees:
        extend_guarantee(view, plan, j)


def extend_guarantee(view: View, plan: Plan, j: int) -> None:
    """Extended deterrence: guarantee one weaker state nearer the threat j than I am."""
    me = view.me
    guarantee, pact, belief = plan.guarantee, plan.pact, plan.belief
    M_est, dist = plan.M_est, plan.dist
    for k in plan.rivals:
        if k == j or guarantee[me][k] or pact[me][k] or pact[k][j] or belief[k] > 0.5:
            continue
        if M_est[k] < 0.6 * M_est[j] and dist[k][j] < dist[me][j] and plan.my_M >= 0.8 * M_est[j]:
            plan.give(Guarantee(target=view.ids[k]), explain.guaranteed, view, k, j)
            return
