"""Crises (DESIGN.md §4.7, §6): stand firm, back down or escalate in each open crisis.

Escalation weighs the belief that the rival is greedy and the chance of prevailing; backing down
weighs the chance of holding, the stake of a public threat, reputation and how long the crisis
has dragged on. Under a mutual second strike the low rungs are probed and the top never
(the stability–instability paradox); the last step before war is taken only when war is chosen.
"""
from __future__ import annotations

from game.ai.reasoning import explain
from game.ai.reasoning import threat as th
from game.ai.reasoning.params import Params
from game.ai.reasoning.plan import Plan
from game.ai.reasoning.war import preemption_case, rival_moving_to_war
from game.core.commands import CrisisResponse
from game.core.view import View


def answer_crises(view: View, p: Params, plan: Plan) -> None:
    me = view.me
    if max(view.lists("rung")[me]) < 2:
        return  # no crisis to answer
    greedy = view.my_type == "greedy"
    for j in view.rivals():
        r = int(view.rung[me, j])
        if view.war[me, j] or r < 2 or view.crisis_since[me, j] == view.turn:
            continue
        pi = float(view.belief[j])
        p_att = th.win_probability(view, j)
        p_def = th.defend_probability(view, j)
        mss = th.mutual_second_strike(view, j)
        staked = bool(view.threat_made[me, j])
        lasted = view.turn - int(view.crisis_since[me, j]) if view.crisis_since[me, j] >= 0 else 0
        escalate = p.firmness + 1.5 * (pi - 0.5) + 2.0 * (p_att - 0.5) + (0.5 if greedy else 0.0)
        if view.last_peace[me, j] >= 0 and view.turn - view.last_peace[me, j] < p.peace_memory:
            escalate -= 1.0  # a peace just made is not pushed back to the brink lightly
        back = (2.0 * (0.5 - pi) + 2.0 * (0.45 - p_def) - p.firmness - (0.4 if staked else 0.0)
                - view.reputation[me] * 0.2 + 0.2 * lasted)  # crises wear down resolve
        if mss:
            escalate += 0.3 if r < 3 else -5.0  # probe the low rungs, never the top (stability–instability)
            back += 0.5 * lasted  # but do not linger where an accident could end everything
        if r >= 4 and not ((rival_moving_to_war(view, plan, j) and pi >= 0.5 and preemption_case(view, p, j)[0])
                           or (greedy and p_att > 0.6)):
            escalate -= 2.0  # the next step is war: take it only when war itself is chosen
        if escalate > 1.3:
            resp = "escalate"
        elif back > 0.6:
            resp = "back_down"
        else:
            resp = "firm"
        plan.give(CrisisResponse(target=view.ids[j], response=resp),
                  explain.crisis_response, view, j, resp, pi, p_att, p_def, lasted, mss)
