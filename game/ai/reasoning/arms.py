"""Arms (DESIGN.md §4.4): the budget, from Richardson's model with a belief-driven reaction.

ΔM_i = κ[Σ_j k_ij·M̂_j − a_i·M_i] + g_i, where k_ij = k₀·(π₀ + π_ij)·proximity·Ω̃^w·(¼ + 1½·μ̂_ij)
rises with the belief that j is greedy, the believed offense advantage, nearness and how
offensive j's forces look; a_i = a₀ + a₁·s_i is the economic fatigue of the burden; g_i > 0 only
for greedy types (larger under a bold leader). The offensive share rises with Ω̃; security seekers lower it when d is high
(a defensive posture is then a credible, costly signal).
"""
from __future__ import annotations

import math

from game.ai.reasoning import explain
from game.ai.reasoning.params import Params
from game.ai.reasoning.plan import Plan, turn_reading
from game.core.commands import budget_order
from game.core.state import RULES
from game.core.view import View

# A greedy leader's own growth g is e^(BOLD_ARMING × boldness) times the doctrine's: a bold one
# arms for the war it may gamble on.
BOLD_ARMING = 0.4


def reaction_coefficients(view: View, params: Params) -> tuple[list[float], float]:
    """(k_ij for every j, a_i): the Richardson coefficients this state acts on now.
    (Plain Python over a dozen states: cheaper than numpy on arrays this small. The budget
    weighs each k_ij at once in desired_growth, with the same arithmetic.)"""
    me = view.me
    public = turn_reading(view)
    war, pact, near = public.war[me], public.pact[me], public.proximity[me]
    belief, mu = view.lists("belief"), view.lists("mu_est")
    scale, prudence = params.reaction * view.omega ** params.omega_weight, params.prudence
    k = [0.0] * len(belief)
    for j in public.rivals_of[me]:  # the living but me
        if pact[j]:
            continue
        if war[j]:  # an enemy at war: greedy (π 1), and as near as can be (proximity 1, a factor left out)
            k[j] = scale * (prudence + 1.0) * (0.25 + 1.5 * mu[j])
        else:
            k[j] = scale * (prudence + belief[j]) * near[j] * (0.25 + 1.5 * mu[j])
    a = params.fatigue + params.burden_fatigue * view.my_s
    return k, a


def desired_growth(plan: Plan, params: Params) -> tuple[float, list[float], float]:
    """(growth of forces wanted this turn, each rival's pull, fatigue a_i):
    ΔM = κ[Σ_j k_ij·M̂_j − a_i·M_i + a_i·M_floor] (+ g·M for greedy types).

    Each rival's pull on my arms is k_ij·M̂_j (reaction_coefficients' k_ij, worked out here in the
    same loop: the budget is set by every state every turn) — the main rival's in full, the others'
    discounted (a state arms against its main threat; lesser ones add less than their sum)."""
    view = plan.view
    M = plan.my_M
    war, pact, near = plan.war_row, plan.pact_row, plan.proximity[view.me]
    belief, mu, M_est = plan.belief, plan.mu_est, plan.M_est
    scale, prudence = params.reaction * view.omega ** params.omega_weight, params.prudence
    others = params.others_weight
    pull = [0.0] * len(M_est)  # (nought where k is: mine, the dead's and my allies')
    top, main = 0.0, None  # the strongest pull, and whose (the first of the strongest, as max() finds it)
    for j in plan.rivals:
        if pact[j]:
            continue  # (k_ij nought: its pull 0.0, neither the strongest nor other than nought)
        if war[j]:  # an enemy at war: greedy (π 1), and as near as can be (proximity 1, a factor left out)
            pull_j = scale * (prudence + 1.0) * (0.25 + 1.5 * mu[j]) * M_est[j]
        else:
            pull_j = scale * (prudence + belief[j]) * near[j] * (0.25 + 1.5 * mu[j]) * M_est[j]
        pull[j] = pull_j * others
        if pull_j > top:
            top, main = pull_j, j
    if main is not None:
        pull[main] = top
    a = params.fatigue + params.burden_fatigue * view.my_s  # (as reaction_coefficients reads it)
    floor = params.floor_share * view.my_Y
    delta = params.adjust * (sum(pull) - a * (M - floor))
    if view.my_type == "greedy":
        delta += params.greed_growth * math.exp(BOLD_ARMING * params.boldness) * M
    if params.relative_power > 0:
        strongest = max((M_est[j] for j in plan.rivals if not pact[j]), default=0.0)
        delta += 0.3 * max(0.0, params.relative_power * strongest - M)
    # Clamped to ±max_growth: min(top, max(-top, growth)) written as conditionals, which cost a
    # fraction of the calls (this runs for every state every turn).
    top = params.max_growth
    growth = delta / (1e-9 if M < 1e-9 else M)
    growth = growth if growth > -top else -top
    return (growth if growth < top else top), pull, a


def share_for_growth(plan: Plan, growth: float, cap: float = 0.5) -> float:
    """The military share that makes forces grow by `growth` this turn."""
    M, Y = plan.my_M, plan.view.my_Y
    need = growth * M + RULES.depreciation * M
    share = float(need / (RULES.force_per_output * (1e-9 if Y < 1e-9 else Y)))
    share = share if share > 0.0 else 0.0  # min(cap, max(0.0, share)), as in desired_growth
    return share if share < cap else cap


def offense_share(view: View, p: Params, greedy: bool, at_war: bool) -> float:
    """The offensive share of what is bought (μ). (It reads the believed Ω and d and the three
    offense parameters alone: set_budget keeps its answers by them, _POSTURES.)"""
    omega = view.omega
    mu = p.offense_base + p.offense_omega * math.log2(1e-3 if omega < 1e-3 else omega)
    if greedy:
        mu += 0.2
    else:
        mu -= p.offense_signal * view.distinguishability
    if at_war:
        mu += 0.15
    mu = float(mu)
    mu = mu if mu > 0.05 else 0.05  # min(0.95, max(0.05, mu)), as in desired_growth
    return mu if mu < 0.95 else 0.95


# offense_share, rounded as a budget gives it, by everything it reads: the believed Ω and d, the
# doctrine's posture, the type and whether at war. A game asks the same few every turn for every
# state, and the rounding alone costs as much as the rest of a posture.
_POSTURES: dict[tuple[float, float, float, float, float, bool, bool], float] = {}
_POSTURES_KEPT = 4096  # (and at most this many: past it, they are dropped and made anew)


def set_budget(view: View, p: Params, plan: Plan) -> None:
    me = view.me
    M = plan.my_M
    M_floor = 1e-9 if M < 1e-9 else M  # max(M, 1e-9)
    greedy = view.my_type == "greedy"
    growth, pull, a = desired_growth(plan, p)
    at_war = plan.at_war
    # Promises kept: a restraint pledge or an arms-control cap holds growth down — except that a
    # greedy state cheats on a cap where violations are hard to see.
    # A limit is (growth allowed, partner): partner None for a pledge, else the rival capped with.
    limits: list[tuple[float, int | None]] = []
    if max(plan.public.pledge_until[me]) >= view.turn + 1:
        limits.append((RULES.pledge_tolerance * 0.5, None))
    caps = view.lists("my_caps")
    if any(caps) and not (greedy and view.distinguishability < 0.5):  # (most states have no cap)
        for j, cap in enumerate(caps):
            if cap > 0:
                cap_growth = cap * (1 + 0.5 * RULES.arms_control_slack) / M_floor - 1
                limits.append((cap_growth, j))
    binding = None  # the limit that holds growth down, if one does
    for limit in limits:
        if growth > limit[0] and not at_war:
            growth, binding = limit[0], limit
    share = share_for_growth(plan, growth, cap=p.max_share)
    if at_war:
        share = max(share, min(p.max_share, 0.3))
    posture = (view.omega, view.distinguishability, p.offense_base, p.offense_omega, p.offense_signal, greedy, at_war)
    mu = _POSTURES.get(posture)
    if mu is None:
        if len(_POSTURES) >= _POSTURES_KEPT:
            _POSTURES.clear()
        mu = _POSTURES[posture] = round(offense_share(view, p, greedy, at_war), 4)
    plan.give(budget_order(round(share, 4), mu),
              explain.budget, view, p, pull, a, share, binding, at_war, greedy)
