"""The numbers a reasoning doctrine is made of (DESIGN.md §4: doctrines are parameter sets and
overrides on one reasoning core)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    # arms (Richardson)
    reaction: float = 0.7  # k₀
    prudence: float = 0.15  # belief-independent part of the reaction: one is never sure
    omega_weight: float = 0.25  # reaction grows as Ω̃ to this power (gently: a defense-dominant world still feels the dilemma, mildly)
    fatigue: float = 0.25  # a₀
    burden_fatigue: float = 0.5  # a₁, per unit of military share
    adjust: float = 0.5  # κ: a state closes only part of the gap in a turn (procurement takes time)
    max_growth: float = 0.15  # and cannot grow its forces faster than this in peacetime
    greed_growth: float = 0.03  # g for greedy types, per turn
    floor_share: float = 0.15  # forces wanted even without threat, as a share of output (grievance term)
    others_weight: float = 0.25  # rivals other than the main one count this much (threats are not simply added)
    relative_power: float = 0.0  # wish to out-arm the strongest rival by this ratio (offensive realists)
    max_share: float = 0.5
    # posture
    offense_base: float = 0.45
    offense_omega: float = 0.2  # per doubling of Ω̃
    offense_signal: float = 0.4  # how far security seekers lower μ as d rises
    # signals
    reassure_below: float = 0.35
    deter_above: float = 0.65
    arms_control_below: float = 0.5
    grit: bool = False  # unilateral cuts to break a spiral (Osgood)
    transparency: bool = True
    reciprocity: bool = True
    # alliances
    balance_threshold: float = 0.3  # threat that makes a state look for allies
    max_pacts: int = 2  # a state seeks no new pact beyond this many
    buck_pass: float = 0.0  # extra inclination to leave balancing to others
    commitment: float = 0.5  # baseline tightness of alliance commitments
    guarantees: bool = False  # extend deterrence to threatened weaker states
    # crises and war
    firmness: float = 0.0
    discount: float = 0.9  # δ
    war_cost: float = 0.25  # c: expected costs of war, as a share of the stakes
    preventive: bool = True
    preemptive: bool = True
    opportunism: float = 0.0  # > 0: seize a war that is all but won, whatever one's type (Mearsheimer)
    # the leader (drawn for each game by the match: leaders differ, and most are cautious)
    boldness: float = 0.0  # this leader's appetite for risk, in standard deviations of all leaders'
    boldness_weight: float = 0.7  # how far one standard deviation moves the case for a war of gain
    peace_memory: int = 12  # turns after a peace in which a state does not start a new war on the same rival
