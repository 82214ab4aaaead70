"""Crises (DESIGN.md §4.7, §6): stand firm, back down or escalate in each open crisis, and in a
war, whether to climb the nuclear rungs.

Escalation weighs the belief that the rival is greedy and the chance of prevailing; backing down
weighs the chance of holding, the stake of a public threat, reputation and how long the crisis
has dragged on. Under a mutual second strike the low rungs are probed and the top never
(the stability–instability paradox); the last step before war is taken only when war is chosen.

In a war a nuclear state weighs its nuclear rungs with the same smooth logic, drawn as a chance
(logistic): first use only when facing defeat and nobody can retaliate; a strike suffered is
answered in kind as the doctrine says (a hawk surely, a spiral-aware state perhaps not); general
nuclear war against a survivable second strike essentially never.
"""
from __future__ import annotations

import math

import numpy as np

from game.ai.reasoning import explain
from game.ai.reasoning import threat as th
from game.ai.reasoning.params import Params
from game.ai.reasoning.plan import Plan
from game.ai.reasoning.war import sigmoid, war_chosen
from game.core import combat
from game.core.commands import CrisisResponse, targeted_order
from game.core.state import RULES
from game.core.view import View

CRISIS_SCALE = 0.25  # how sharply the chance to escalate or back down rises with its case
ESCALATION_DETERRED = 1.5  # how much a rival's resolve (0 .. ~1.2) holds back a greedy state's escalation
BACKDOWN_DETERRED = 0.8  # and how much it moves the greedy state to back down (deterrence succeeding)

# Logits of the nuclear decisions (a chance is 1 / (1 + e^-x)).
FIRST_USE = -10.0  # first use, before any danger of defeat (even chances at a danger of 2.5)
REPLY = 1.5  # answering a strike in kind, for a doctrine of neutral firmness
DETERRED = -8.0  # a survivable second strike (the rival's, or a protector's) waiting in answer


def answer_crises(view: View, p: Params, plan: Plan, rng: np.random.Generator) -> None:
    me = view.me
    if max(plan.rung[me]) < 2:
        return  # no crisis to answer
    greedy = view.my_type == "greedy"
    nuclear = plan.N[me] > 0
    # My rows of the public tables as plain lists (cheaper to read than numpy entries).
    rungs, since, last_peace = plan.rung[me], view.lists("crisis_since")[me], view.lists("last_peace")[me]
    for j in plan.rivals:
        r = rungs[j]
        if plan.war_row[j]:
            if nuclear:
                weigh_nuclear_use(view, p, plan, j, rng)
            continue
        if r < 2 or since[j] == view.turn:
            continue
        pi = plan.belief[j]
        p_att = plan.attack_chance(j)
        p_def = holding_chance(plan, j)
        shadow = nuclear_shadow(plan, j)
        staked = bool(plan.threat_made[me][j])
        lasted = view.turn - since[j] if since[j] >= 0 else 0
        escalate = p.firmness + 1.5 * (pi - 0.5) + 2.0 * (p_att - 0.5) + (0.5 if greedy else 0.0)
        if last_peace[j] >= 0 and view.turn - last_peace[j] < p.peace_memory:
            escalate -= 1.0  # a peace just made is not pushed back to the brink lightly
        back = (2.0 * (0.5 - pi) + 2.0 * (0.45 - p_def) - p.firmness - (0.4 if staked else 0.0)
                - plan.reputation[me] * 0.2 + 0.2 * lasted)  # crises wear down resolve
        if shadow:  # the stability–instability paradox: as neither side will risk a war, each probes
            escalate += 0.3 if r < 3 else -5.0  # the low rungs and never climbs to the top,
            back += -0.4 - 0.1 * lasted if r < 4 else 1.0  # holds firm there, and steps back from the brink
        chosen = war_chosen(view, p, plan, j)
        if greedy:
            # Compellence meets deterrence: a rival that warned me publicly, matched my mobilisation
            # and keeps its word is a rival I push less; one that backed down before invites the
            # next demand (its reputation is spent).
            resolve = plan.resolve(j)
            escalate -= ESCALATION_DETERRED * resolve
            back += BACKDOWN_DETERRED * resolve
            if r >= 4:  # the step to war: taken when war looks won, or is chosen
                escalate -= 2.0 * sigmoid((0.65 - p_att) / 0.05) * (1 - chosen)
        elif r >= 3:
            # Deterrence holds the line, it does not climb it: past matching a mobilisation a
            # security seeker steps up only when war itself is chosen (striking first).
            escalate -= 2.0 * (1 - chosen)
        elif not ({"crisis_escalated", "mobilised"} & plan.acts_toward_me(j) or plan.mobilised[j] > 0):
            escalate -= 1.0  # and it matches a rival's step up; it does not take the first one
        # Smooth choices: escalation and backing down are chances, rising with their cases.
        u = rng.random()
        p_escalate = sigmoid((escalate - 1.3) / CRISIS_SCALE)
        p_back = (1 - p_escalate) * sigmoid((back - 0.6) / CRISIS_SCALE)
        resp = "escalate" if u < p_escalate else "back_down" if u < p_escalate + p_back else "firm"
        plan.give(targeted_order(CrisisResponse, view.ids[j], response=resp),
                  explain.crisis_response, view, j, resp, pi, p_att, p_def, lasted, shadow)


def holding_chance(plan: Plan, j: int) -> float:
    """Perceived chance of holding a war turn if j attacks me, counting the defences of my pact
    partners and guarantors, each as sure as its reputation: a protector's backing steadies a
    weak state in a crisis (the blank cheque that keeps a protégé from backing down)."""
    me = plan.view.me
    d_me = plan.view.my_D
    M_est, mu_est, rep = plan.M_est, plan.mu_est, plan.reputation
    pact, guarantee = plan.pact, plan.guarantee
    for k in plan.rivals:  # the living but me
        if k == j or pact[k][j] or not (pact[k][me] or guarantee[k][me]):
            continue
        d_me += rep[k] * M_est[k] * (1 - mu_est[k] + RULES.defender_offense_weight * mu_est[k])
    return th.defend_probability(plan, j, defence=d_me)


def covered(plan: Plan, k: int, rival: int) -> bool:
    """Does a survivable second strike stand behind k against `rival`: k's own, or that of a state
    bound to defend k (a pact partner or guarantor not allied to the rival: extended deterrence)?"""
    return plan.second_strike[k] or next(th.nuclear_protectors(plan, k, rival), None) is not None


def nuclear_shadow(plan: Plan, j: int) -> bool:
    """Do survivable second strikes stand behind both sides of my rivalry with j (mutual deterrence,
    direct or extended)? Then a war between us could end in general nuclear war."""
    me = plan.view.me
    return covered(plan, me, j) and covered(plan, j, me)


def defeat_danger(plan: Plan, j: int) -> float:
    """How near defeat the war with j has brought me (0 while it goes well): a poor chance of
    holding against j's offensives, whoever began the war (an attacker whose offensive stalls
    can make peace; one that cannot hold faces conquest), and the share of my forces lost since
    it began."""
    view = plan.view
    me = view.me
    pw = th.defend_probability(plan, j)
    before = float(view.seen_M[max(int(view.war_start[me, j]) - 1, 0), me])
    lost = 1.0 - plan.my_M / max(before, 1e-9)
    return max(0.0, 6.0 * (0.4 - pw) + 3.0 * lost)


def weigh_nuclear_use(view: View, p: Params, plan: Plan, j: int, rng: np.random.Generator) -> None:
    """In a war with j, a nuclear state's next rung (DESIGN.md §6): a strike suffered last turn is
    answered in kind as firmness says (a GRIT doctrine seldom); any other use — a first strike, a
    late reply, general nuclear war — is weighed against the danger of defeat, and a survivable
    second strike waiting in answer all but rules it out. The reply in kind is not deterred by the
    user's second strike; only the climb beyond it is."""
    me = view.me
    if view.rung[me, j] >= 7:
        return
    start = int(view.war_start[me, j])
    strikes = view.lists("nuclear_strike")
    used, struck = strikes[me][j] >= start, strikes[j][me] >= start
    answered = covered(plan, j, me)
    danger = defeat_danger(plan, j)
    greedy = 0.5 if view.my_type == "greedy" else 0.0
    prompt_reply = struck and not used and strikes[j][me] == view.turn  # an answer is given at once or not at all
    if not (prompt_reply or danger > 0.0):
        return  # no other use is weighed while the war holds no danger of defeat
    if prompt_reply:
        exposed = combat.second_strike(float(view.N[j])) and not combat.second_strike(float(view.N[me]))
        x = REPLY + 4.0 * p.firmness - (1.0 if p.grit else 0.0) + greedy - (3.0 if exposed else 0.0)
    else:
        x = FIRST_USE + 4.0 * danger + p.firmness + greedy + (DETERRED if answered else 0.0)
    choice = "general" if used else "reply" if struck else "first_use"
    chance = 1.0 / (1.0 + math.exp(-x))
    if rng.random() < chance:
        plan.give(targeted_order(CrisisResponse, view.ids[j], response="escalate"),
                  explain.nuclear_use, view, j, choice, chance, danger, answered)
    elif prompt_reply or danger >= 1.0:
        plan.note(explain.nuclear_restraint, view, j, choice, chance, danger, answered)
