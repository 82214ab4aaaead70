"""Threat assessment (Walt, DESIGN.md §4.3): power, proximity, offensive capability, intentions.

The number itself is the core's (`view.threat`, computed by game.core.perception with this
state's own beliefs), so a human's advisor and the AI feel the same threat from the same
evidence. Here it is taken apart into the factors an explanation names, and extended with
what a decision needs: who is the main threat, and how the balance of forces would go in a war.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from game.core import combat
from game.core.perception import THREAT_OFFENSE_WEIGHT
from game.core.state import RULES

# (RULES' numbers a contest is weighed with, read once: the AI weighs contests many times a turn)
MOBILISED, DEFENDER_OFFENSE_WEIGHT = 1 + RULES.mobilisation_bonus, RULES.defender_offense_weight

if TYPE_CHECKING:
    from game.ai.reasoning.plan import Plan  # (plan reads threat: a cycle at run time)


@dataclass(slots=True)
class ThreatReading:
    """How threatening rival j looks to the viewing state, factor by factor. (Not frozen: a
    frozen dataclass is slow to build, and one is built for every decision.)"""

    target: int
    threat: float
    belief: float  # P(j greedy)
    power_ratio: float  # M̂_j / M_i
    proximity: float  # exp(-dist/ℓ)
    offense_seen: float  # μ̂_ij: how offensive j's forces look
    offense_term: float  # 1 + c·Ω̃·μ̂·M̂_j/D_i


def reading(plan: Plan, j: int) -> ThreatReading:
    view = plan.view
    M_i, D_i, least = plan.my_M, view.my_D, RULES.min_forces
    M_i = least if M_i < least else M_i  # max(M_i, least), without the cost of a builtin call
    D_i = least if D_i < least else D_i
    M_j = plan.M_est[j]
    mu = plan.mu_est[j]
    prox = plan.proximity[view.me][j]
    off = 1 + THREAT_OFFENSE_WEIGHT * view.omega * mu * M_j / D_i
    return ThreatReading(target=j, threat=plan.threat[j], belief=plan.belief[j], power_ratio=M_j / M_i,
                         proximity=prox, offense_seen=mu, offense_term=off)


def estimated_forces(plan: Plan, j: int) -> tuple[float, float]:
    """(defense, offense) of j as i estimates them: total from intelligence, split by how
    offensive its forces look."""
    M, mu = plan.M_est[j], plan.mu_est[j]
    return M * (1 - mu), M * mu


def defence_of(plan: Plan, j: int, against_allies: bool = True) -> tuple[float, float]:
    """(defensive, offensive) forces j would hold against my attack, as I estimate them — with, if
    asked, the defences of the states that would come to j's help (deterrence by alliance and by
    threat), each as sure as it seems: j's pact partners and guarantors as sure as their
    reputation, states that have publicly warned me off less surely. (This is read for every
    rival I weigh a war on: the states that could help are found once a plan, `helpers`.)"""
    M_est, mu_est = plan.M_est, plan.mu_est
    d_j, o_j = M_est[j] * (1 - mu_est[j]), M_est[j] * mu_est[j]  # estimated_forces(view, j)
    if not against_allies:
        return d_j, o_j
    found = helpers(plan)
    if not found:
        return d_j, o_j  # (as in most worlds most turns: nobody bound to help, nobody warning me off)
    me = plan.view.me
    pact, guarantee, warned, rep = plan.pact, plan.guarantee, plan.threat_made, plan.reputation
    for k, defence in found:
        if k == j:
            continue
        if pact[k][j] or guarantee[k][j]:
            sureness = rep[k]
        elif warned[k][me]:
            sureness = 0.6 * rep[k]
        else:
            continue
        d_j += sureness * defence
    return d_j, o_j


def helpers(plan: Plan) -> list[tuple[int, float]]:
    """(k, k's defence as I estimate it) of every living rival k, in order, that could come to
    another's help against me: one neither allied to me nor at war with me that is bound to
    defend someone (a pact or a guarantee) or has publicly warned me off. Made once a plan."""
    found = plan._cache.get("helpers")
    if found is None:
        me, M_est, mu_est = plan.view.me, plan.M_est, plan.mu_est
        pact, war, warned, bound = plan.pact, plan.war, plan.threat_made, plan.bound
        found = plan._cache["helpers"] = [
            (k, M_est[k] * (1 - mu_est[k]) + DEFENDER_OFFENSE_WEIGHT * (M_est[k] * mu_est[k])) for k in plan.rivals
            if not (pact[k][me] or war[k][me]) and (bound[k] or warned[k][me])]
    return found


def win_probability(plan: Plan, j: int, offense: float | None = None, against_allies: bool = True,
                    defence: tuple[float, float] | None = None) -> float:
    """Perceived chance of winning a war turn attacking j: the Hirshleifer contest with the
    believed Ω, my offensive forces and j's defence as `defence_of` reads it (pass it when known)."""
    view = plan.view
    me = view.me
    o = view.my_O if offense is None else offense
    d_j, o_j = defence if defence is not None else defence_of(plan, j, against_allies)
    # combat.attack_strength and combat.defense_strength on one front, with the believed Ω and the
    # mobilisations: the same arithmetic in the same order, written out (less the division by one
    # front) as the AI weighs a contest many times a turn
    mobilised = plan.mobilised
    attack = view.omega * plan.geo[me][j] * o * (MOBILISED if mobilised[me] > 0 else 1.0)
    return combat.win_probability(attack, (d_j + DEFENDER_OFFENSE_WEIGHT * o_j) * (MOBILISED if mobilised[j] > 0 else 1.0))


def defend_probability(plan: Plan, j: int, defence: float | None = None) -> float:
    """Perceived chance of holding a war turn if j attacks first (with `defence` in place of my own
    defensive forces, when others' count too)."""
    view = plan.view
    me = view.me
    M_j, mu_j = plan.M_est[j], plan.mu_est[j]
    my_D = view.my_D if defence is None else defence
    # the contest as in win_probability, j attacking with its offense as estimated_forces reads it
    mobilised = plan.mobilised
    attack = view.omega * plan.geo[j][me] * (M_j * mu_j) * (MOBILISED if mobilised[j] > 0 else 1.0)
    return 1.0 - combat.win_probability(attack, (my_D + DEFENDER_OFFENSE_WEIGHT * view.my_O) * (
        MOBILISED if mobilised[me] > 0 else 1.0))


def mutual_second_strike(plan: Plan, j: int) -> bool:
    nuclear = plan.second_strike
    return nuclear[plan.view.me] and nuclear[j]


def nuclear_protectors(plan: Plan, k: int, rival: int) -> Iterator[int]:
    """The living states with a survivable second strike bound to defend k (a pact partner or
    guarantor) and not allied to `rival`: extended deterrence stands behind k against it. One of
    k and `rival` is me, so the others are among my living rivals."""
    pact, guarantee = plan.pact, plan.guarantee
    return (m for m in plan.nuclear_rivals
            if m != k and m != rival and (pact[m][k] or guarantee[m][k]) and not pact[m][rival])


def resolve_of(plan: Plan, j: int) -> float:
    """How hard j would fight back, as I read it (0 .. ~1.6): its standing for keeping its word
    (reputation, which every backing down and broken pledge spends: a state that backed down
    invites the next demand), raised by a public warning to me (a tripwire with audience costs)
    and by a visible mobilisation that matches my forces (Schelling, Huth: deterrence is credible
    commitment plus capability)."""
    warned = plan.threat_made[j][plan.view.me]
    matched = plan.mobilised[j] > 0 and plan.M_est[j] >= 0.9 * plan.my_M
    standing = 2.0 * plan.reputation[j] - 1.2  # 0.8 for an unblemished record, 0 at 60 %
    standing = standing if standing > 0.0 else 0.0  # max(0.0, standing), without the call
    return standing + 0.4 * bool(warned) + 0.4 * bool(matched)
