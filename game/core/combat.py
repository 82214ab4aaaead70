"""War, crisis and nuclear arithmetic (DESIGN.md §3, §6).

Pure functions of numbers: the rules module decides *when* they apply and records the events.
"""
from __future__ import annotations

import functools
import math

from game.core.state import RULES, WAR_LABELS, WorldState


def attack_strength(omega: float, geo: float, offense: float, mobilised: bool, fronts: int = 1) -> float:
    bonus = 1 + RULES.mobilisation_bonus if mobilised else 1.0
    return omega * geo * offense * bonus / max(fronts, 1)


def defense_strength(defense: float, offense: float, mobilised: bool, fronts: int = 1) -> float:
    bonus = 1 + RULES.mobilisation_bonus if mobilised else 1.0
    return (defense + RULES.defender_offense_weight * offense) * bonus / max(fronts, 1)


def win_probability(attack: float, defense: float, m: float = RULES.contest_exponent) -> float:
    """Hirshleifer contest: p = A^m / (A^m + B^m)."""
    if not attack > 0:  # zero, negative zero or NaN: no attack at all
        return 0.0
    if not defense > 0:
        return 1.0
    try:
        a, b = attack**m, defense**m
    except OverflowError:
        a = b = math.inf
    total = a + b
    if 0.0 < total < math.inf:
        return a / total
    # Strengths so small or so large that their powers under- or overflow: the same ratio in logs.
    x = m * (math.log(defense) - math.log(attack))
    return 1.0 / (1.0 + math.exp(min(x, 700.0)))


def dyad_win_probability(st: WorldState, i: int, j: int, omega: float | None = None,
                         offense_i: float | None = None, forces_j: tuple[float, float] | None = None) -> float:
    """Chance that i, attacking j, wins a war turn — with the true Ω unless another is given
    (the AI passes its perceived Ω and its estimates of j's forces)."""
    om = st.omega if omega is None else omega
    o_i = st.O[i] if offense_i is None else offense_i
    d_j, o_j = (st.D[j], st.O[j]) if forces_j is None else forces_j
    a = attack_strength(om, st.geo[i, j], o_i, st.mobilised[i] > 0)
    b = defense_strength(d_j, o_j, st.mobilised[j] > 0)
    return win_probability(a, b)


WAR_TURNS = 5  # the horizon over which a war is judged


def war_win_probability(p_turn: float, turns: int = WAR_TURNS) -> float:
    """The chance of prevailing in a war: winning most of `turns` contests each won with
    probability p_turn (a binomial majority). Decisions weigh wars, not single battles."""
    lose = 1 - p_turn
    total = 0.0
    for ways, won, lost in _majorities(turns):
        total += ways * p_turn**won * lose**lost
    return total


@functools.cache
def _majorities(turns: int) -> tuple[tuple[int, int, int], ...]:
    """(C(turns, k), k, turns − k) for every winning majority k of `turns` contests (the AI
    weighs wars many times a turn)."""
    return tuple((math.comb(turns, k), k, turns - k) for k in range(turns // 2 + 1, turns + 1))


def war_losses(attack: float, defense: float, attacker_won: bool) -> tuple[float, float]:
    """Share of forces each side loses in a war turn, in proportion to the other's effective
    strength; the winner of the turn loses less."""
    total = attack + defense
    if total <= 0:
        return 0.0, 0.0
    base = RULES.war_force_loss
    loss_att = base * defense / total * (0.6 if attacker_won else 1.0)
    loss_def = base * attack / total * (1.0 if attacker_won else 0.6)
    return min(loss_att, 0.9), min(loss_def, 0.9)


def second_strike(warheads: float) -> bool:
    """A survivable second strike: enough warheads that a first strike cannot disarm you."""
    return warheads >= RULES.second_strike_warheads


def projected_power_share(st: WorldState, i: int, j: int, turns: int = 5) -> tuple[float, float]:
    """(share now, share in `turns` turns) of i's forces in the dyad, projecting each side's
    last growth forward — the power shift Fearon's preventive-war logic looks at."""
    M = st.M
    gi = M[i] / max(st.prev_M[i], 1e-9)
    gj = M[j] / max(st.prev_M[j], 1e-9)
    # growth of output also carries future power
    yi = (1 + st.growth[i]) ** turns
    yj = (1 + st.growth[j]) ** turns
    now = M[i] / max(M[i] + M[j], 1e-9)
    mi = M[i] * min(gi, 1.5) ** turns * yi
    mj = M[j] * min(gj, 1.5) ** turns * yj
    return now, mi / max(mi + mj, 1e-9)


def label_war(st: WorldState, attacker: int, target: int, called: bool) -> str:
    """The debrief's label for a war an order or an escalation started (DESIGN.md §3):
    alliance (joined through a pact or guarantee); preemptive (the attacker believed an attack on
    itself imminent: the two are in a crisis at rung ≥ 3 and the target has mobilised — a brink
    the attacker climbed alone, or a mobilisation with no crisis between them, is no sign of an
    attack coming, and an escalation ordered in the same turn could not be known; nor is a
    mobilisation that answered the attacker's own public threat: that war is the attacker's
    demand pressed home); preventive (attacker's projected power share falling); else
    opportunistic."""
    if called:
        return "alliance"
    if st.rung[attacker, target] >= 3 and st.mobilised[target] > 0 and not st.threat_made[attacker, target]:
        return "preemptive"
    now, later = projected_power_share(st, attacker, target)
    if later < now - 0.02:
        return "preventive"
    return "opportunistic"


def label_code(label: str) -> int:
    return WAR_LABELS.index(label)


def nuclear_damage(st: WorldState, user: int, target: int, rung: int) -> dict[str, float]:
    """Share of output and forces each side loses to a nuclear strike of `rung` (6 limited, 7
    general). A limited strike hits the target only: what the user suffers in turn is the target's
    to decide (a reply in kind). An all-out strike cannot disarm a survivable second strike, whose
    surviving forces devastate the user as surely (MAD); without one the target cannot answer."""
    if rung <= 6:
        return {st.ids[target]: RULES.limited_nuclear_output_loss}
    out = {st.ids[target]: RULES.general_nuclear_output_loss}
    if second_strike(st.N[target]):
        out[st.ids[user]] = RULES.general_nuclear_output_loss
    return out


def accident_probability(rung: int, tension: float, omega: float) -> float:
    """Chance a crisis steps up a rung by accident: grows with the rung above a bare threat, the
    tension and Ω (a threat alone seldom slips; mobilised forces at the border do)."""
    return min(0.4, RULES.accident_base * max(rung - 1, 0) * (1 + tension) * math.sqrt(omega))
