"""Signals (DESIGN.md §3): restraint pledges, unilateral cuts, transparency, arms control (whose
caps do not bind a state at war), threats and mobilisation; only costly reassurance is evidence,
cheap talk is none (Kydd)."""
from __future__ import annotations

import numpy as np
import pytest

from game.core import perception
from game.core.commands import (
    ArmsControlOffer,
    Attack,
    Budget,
    CrisisResponse,
    Guarantee,
    Mobilise,
    Pledge,
    ProposePact,
    Threat,
    Transparency,
    UnilateralCut,
)
from game.core.rules import observation
from game.core.rules.signals import CUT_EVIDENCE, GREEDY_TRUST_GAIN
from game.core.rules.turn import ACT_EVIDENCE
from game.core.state import NO_TURN, RULES

from .world import engine, force_chance, idx, of_kind, one, play

# ---------------------------------------------------------------- restraint pledges


def test_pledge_holds_for_pledge_turns():
    """A restraint pledge made in turn t binds until turn t + RULES.pledge_turns."""
    eng = engine()
    report = play(eng, {"aland": [Pledge(target="borea")]})
    one(report.events, "pledge_made")
    assert eng.state.pledge_until[0, 1] == 1 + RULES.pledge_turns


def test_pledge_is_broken_by_arming_past_the_tolerance():
    """Arming more than RULES.pledge_tolerance above the pledged level breaks the pledge: the
    audience cost is reputation and a share of output taken from welfare."""
    eng = engine()
    play(eng, {"aland": [Pledge(target="borea")]})
    welfare_before, output_before = eng.state.welfare[0], eng.state.Y[0]
    report = play(eng, {"aland": [Budget(military_share=0.3, offense_share=0.5)]})
    broken = one(report.events, "pledge_broken")
    assert broken.actors == ("aland", "borea")
    assert eng.state.pledge_until[0, 1] == NO_TURN
    assert eng.state.reputation[0] == pytest.approx(1.0 - RULES.audience_cost_reputation)
    cost = RULES.audience_cost_welfare * eng.state.Y[0]
    assert eng.state.welfare[0] == pytest.approx(welfare_before + 0.7 * output_before - cost)


def test_pledge_survives_arming_within_the_tolerance():
    """Forces may grow up to RULES.pledge_tolerance above the pledged level without breaking it."""
    eng = engine()
    play(eng, {"aland": [Pledge(target="borea")]})
    # level 30; 30·0.95 + s·100·0.3 = 30.5 is within 2 %
    report = play(eng, {"aland": [Budget(military_share=(30.5 - 28.5) / 30, offense_share=1 / 3)]})
    assert not of_kind(report.events, "pledge_broken")
    assert eng.state.pledge_until[0, 1] == 1 + RULES.pledge_turns


def test_pledge_is_broken_by_a_threat():
    """A public threat against the state one pledged restraint to breaks the pledge (audience cost)."""
    eng = engine()
    play(eng, {"aland": [Pledge(target="borea")]})
    report = play(eng, {"aland": [Threat(target="borea")]})
    assert "threatened" in one(report.events, "pledge_broken").text
    assert eng.state.reputation[0] == pytest.approx(1.0 - RULES.audience_cost_reputation)


def test_pledge_is_broken_by_an_attack():
    """Attacking the state one pledged restraint to breaks the pledge."""
    eng = engine()
    play(eng, {"aland": [Pledge(target="borea")]})
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert "attacked" in one(report.events, "pledge_broken").text


def test_pledge_to_one_state_is_not_broken_by_threatening_another():
    """A pledge binds toward its target only: a threat against a third state leaves it standing."""
    eng = engine(3)
    play(eng, {"aland": [Pledge(target="borea")]})
    report = play(eng, {"aland": [Threat(target="cerulia")]})
    assert not of_kind(report.events, "pledge_broken")


def test_pledge_lapses_quietly_when_it_expires():
    """After its last turn a pledge no longer binds: arming then breaks nothing."""
    eng = engine()
    play(eng, {"aland": [Pledge(target="borea")]})
    for _ in range(RULES.pledge_turns):
        play(eng)
    report = play(eng, {"aland": [Budget(military_share=0.5, offense_share=0.5)]})
    assert not of_kind(report.events, "pledge_broken")


# ---------------------------------------------------------------- unilateral cuts (Kydd)


def test_unilateral_cut_scraps_offensive_forces_first():
    """A unilateral cut removes fraction·M of forces, offensive ones first."""
    eng = engine()
    play(eng, {"aland": [UnilateralCut(target="borea", fraction=0.2)]})
    a = idx(eng, "aland")
    assert eng.state.O[a] == pytest.approx(10.0 - 0.2 * 30.0)
    assert eng.state.D[a] == pytest.approx(20.0)


def test_unilateral_cut_takes_defence_once_offence_is_gone():
    """When the cut exceeds the offensive forces, the rest comes out of defence."""
    eng = engine(aland={"offense": 2.0, "defense": 28.0})
    play(eng, {"aland": [UnilateralCut(target="borea", fraction=0.5)]})
    a = idx(eng, "aland")
    assert eng.state.O[a] == pytest.approx(0.0)
    assert eng.state.D[a] == pytest.approx(28.0 - (15.0 - 2.0))


def test_unilateral_cut_never_adds_forces():
    """Cutting forces can never leave a state with more of either kind than it had."""
    eng = engine(aland={"offense": 5.0, "defense": 0.01})
    play(eng, {"aland": [Budget(military_share=0.0, offense_share=1.0), UnilateralCut(target="borea", fraction=0.5)]})
    a = idx(eng, "aland")
    assert eng.state.D[a] <= 0.01 * 0.95 + 1e-12
    assert eng.state.M[a] < (5.0 + 0.01) * 0.95


def _evidence_seen(monkeypatch):
    """Capture the act evidence (log-likelihood ratio greedy : security seeker) that observation
    receives: [observer, actor]."""
    seen = []
    original = observation.observe

    def spy(states, rngs, act_llrs, evidence_wanted=True):
        seen.extend(act_llr.copy() for act_llr in act_llrs)
        return original(states, rngs, act_llrs, evidence_wanted)

    monkeypatch.setattr(observation, "observe", spy)
    return seen


def test_costly_cut_is_strong_evidence_of_a_security_seeker(monkeypatch):
    """Kydd: a cut whose cost (output that bought the forces) exceeds what a greedy state would gain
    from the observer's trust (GREEDY_TRUST_GAIN · Ω̃ · observer's output) is strong evidence of a
    security seeker, for that observer."""
    seen = _evidence_seen(monkeypatch)
    eng = engine(3, cerulia={"economy": 50.0})
    report = play(eng, {"aland": [UnilateralCut(target="borea", fraction=0.1)]})
    cost = 0.1 * 30 / RULES.force_per_output  # 10 output
    assert cost > GREEDY_TRUST_GAIN * 1.0 * 100  # worth more than trust from Borea (6) ...
    assert seen[0][idx(eng, "borea"), 0] == pytest.approx(CUT_EVIDENCE)
    assert seen[0][idx(eng, "cerulia"), 0] == pytest.approx(CUT_EVIDENCE)
    assert one(report.events, "unilateral_cut").data["costly_enough_for"] == ["borea", "cerulia"]


def test_cheap_cut_gives_no_evidence(monkeypatch):
    """Kydd: a cut cheaper than a greedy state's gain from the observer's trust is cheap talk: it
    gives that observer no evidence at all."""
    seen = _evidence_seen(monkeypatch)
    eng = engine(3, borea={"economy": 300.0}, cerulia={"economy": 50.0})
    report = play(eng, {"aland": [UnilateralCut(target="borea", fraction=0.1)]})
    # cost 10 output < 0.06 · 300 = 18 for Borea; > 0.06 · 50 = 3 for Cerulia
    assert seen[0][idx(eng, "borea"), 0] == 0.0
    assert seen[0][idx(eng, "cerulia"), 0] == pytest.approx(CUT_EVIDENCE)
    assert one(report.events, "unilateral_cut").data["costly_enough_for"] == ["cerulia"]


def test_perceived_offense_dominance_raises_the_price_of_reassurance(monkeypatch):
    """Kydd: where offense is believed to dominate, a greedy state gains more from being trusted, so
    the same cut that reassures in a defense-dominant world proves nothing."""
    seen = _evidence_seen(monkeypatch)
    eng = engine(world={"perceived_offense_defense": 2.0})
    play(eng, {"aland": [UnilateralCut(target="borea", fraction=0.1)]})
    assert seen[0][1, 0] == 0.0  # 10 < 0.06 · 2 · 100


@pytest.mark.parametrize("kind", ["pledge", "transparency", "arms_control_offer", "propose_pact"])
def test_cheap_talk_carries_no_evidence(kind):
    """A pledge, an offer of transparency, of arms control or of a pact costs a greedy state
    nothing to make: none of them is evidence about type in itself (Kydd)."""
    assert ACT_EVIDENCE[kind] == (0.0, 0.0)


# ---------------------------------------------------------------- transparency


def test_transparency_lowers_the_observers_noise_and_raises_d():
    """Opening forces to a state's inspectors lowers that observer's intelligence noise and raises the
    distinguishability it sees (for that dyad only), for RULES.transparency_turns turns after the order."""
    eng = engine(3, world={"distinguishability": 0.2, "intel_noise": 0.3})
    play(eng, {"aland": [Transparency(target="borea")]})
    b_view, c_view = eng.view_for("borea"), eng.view_for("cerulia")
    assert b_view.distinguishability_seen[0] == perception.TRANSPARENT_D
    assert b_view.error[0] == pytest.approx(0.3 * perception.TRANSPARENT_NOISE)
    assert c_view.distinguishability_seen[0] == 0.2 and c_view.error[0] == pytest.approx(0.3)
    assert eng.view_for("aland").distinguishability_seen[1] == 0.2  # one-way
    for _ in range(RULES.transparency_turns):
        play(eng)
    assert eng.view_for("borea").distinguishability_seen[0] == perception.TRANSPARENT_D
    play(eng)
    assert eng.view_for("borea").distinguishability_seen[0] == 0.2


def test_transparency_sharpens_force_estimates():
    """While open to inspection, an observer's estimate of the open state's forces is much closer to
    the truth than another observer's (over many draws)."""
    errs = {"borea": [], "cerulia": []}
    for seed in range(12):
        eng = engine(3, seed=seed, world={"intel_noise": 0.5})
        play(eng, {"aland": [Transparency(target="borea")]})
        for _ in range(4):
            play(eng)
        for obs in errs:
            errs[obs].append(abs(np.log(eng.view_for(obs).M_est[0] / eng.state.M[0])))
    assert np.mean(errs["borea"]) < 0.6 * np.mean(errs["cerulia"])


# ---------------------------------------------------------------- arms control


def test_arms_control_forms_on_mutual_offers():
    """Arms control forms when both offer in one turn; each side's cap is its forces that turn, the
    crisis ladder goes to 0 (cooperation)."""
    eng = engine()
    report = play(eng, {"aland": [ArmsControlOffer(target="borea")], "borea": [ArmsControlOffer(target="aland")]})
    one(report.events, "arms_control_formed")
    st = eng.state
    assert st.arms_control[0, 1] and st.arms_control[1, 0]
    assert st.ac_cap[0, 1] == pytest.approx(st.M[0]) and st.ac_cap[1, 0] == pytest.approx(st.M[1])
    assert st.rung[0, 1] == 0


def test_arms_control_offer_alone_does_not_bind():
    """One side's offer is only an offer; an answer within RULES.offer_turns turns forms the agreement."""
    eng = engine()
    report = play(eng, {"aland": [ArmsControlOffer(target="borea")]})
    one(report.events, "arms_control_offered")
    assert not eng.state.arms_control.any()
    play(eng)
    report = play(eng, {"borea": [ArmsControlOffer(target="aland")]})
    one(report.events, "arms_control_formed")


def test_arms_control_offer_expires():
    """An arms-control offer not answered within RULES.offer_turns turns lapses: a late answer is a new offer."""
    eng = engine()
    play(eng, {"aland": [ArmsControlOffer(target="borea")]})
    for _ in range(RULES.offer_turns):
        play(eng)
    report = play(eng, {"borea": [ArmsControlOffer(target="aland")]})
    assert not of_kind(report.events, "arms_control_formed")
    one(report.events, "arms_control_offered")


def _violate(d: float, draw: float | bool | None = None):
    eng = engine(world={"distinguishability": d})
    play(eng, {"aland": [ArmsControlOffer(target="borea")], "borea": [ArmsControlOffer(target="aland")]})
    if draw is not None:
        force_chance(eng, draw)
    report = play(eng, {"aland": [Budget(military_share=0.5, offense_share=0.5)]})
    return eng, report


def test_arms_control_violation_detected_with_probability_d():
    """Arming past the cap is caught when the draw falls below d: the agreement collapses and the
    violator loses reputation; everyone sees it."""
    eng, report = _violate(0.5, 0.49)
    ev = one(report.events, "arms_control_violated")
    assert ev.visible_to is None and ev.cause["probability"] == 0.5
    assert not eng.state.arms_control.any()
    assert eng.state.reputation[0] == pytest.approx(1.0 - RULES.audience_cost_reputation)


def test_undetected_violation_is_a_private_event():
    """A violation the draw does not catch (draw above d) is known only to the violator, and the
    agreement stands."""
    eng, report = _violate(0.5, 0.51)
    ev = one(report.events, "arms_control_violation_hidden")
    assert ev.visible_to == ("aland",)
    assert eng.state.arms_control[0, 1]
    assert not [e for e in eng.events_for("borea") if e.kind.startswith("arms_control_violat")]


def test_perfect_distinguishability_always_catches_a_violation():
    """With d = 1 every violation is detected; with d = 0 none is."""
    assert of_kind(_violate(1.0)[1].events, "arms_control_violated")
    assert of_kind(_violate(0.0)[1].events, "arms_control_violation_hidden")


def test_transparency_makes_violations_visible():
    """A violator that is open to its partner's inspectors is caught with probability at least
    TRANSPARENT_D even when d is low."""
    eng = engine(world={"distinguishability": 0.0})
    play(eng, {"aland": [ArmsControlOffer(target="borea"), Transparency(target="borea")],
               "borea": [ArmsControlOffer(target="aland")]})
    force_chance(eng, 0.9)
    report = play(eng, {"aland": [Budget(military_share=0.5, offense_share=0.5)]})
    one(report.events, "arms_control_violated")


def test_mutual_violation_collapses_the_agreement_once():
    """When both sides break the cap in the same turn and are caught, the agreement collapses once:
    one collapse event naming the first violator caught, nothing hidden about an agreement that no
    longer exists."""
    eng = engine(world={"distinguishability": 1.0})
    play(eng, {"aland": [ArmsControlOffer(target="borea")], "borea": [ArmsControlOffer(target="aland")]})
    report = play(eng, {sid: [Budget(military_share=0.5, offense_share=0.5)] for sid in ("aland", "borea")})
    assert len(of_kind(report.events, "arms_control_violated")) == 1
    assert not of_kind(report.events, "arms_control_violation_hidden")


def test_caps_do_not_bind_a_state_at_war():
    """A state attacked by a third party arms past its arms-control cap without violating it."""
    eng = engine(3)
    play(eng, {"aland": [ArmsControlOffer(target="borea")], "borea": [ArmsControlOffer(target="aland")]})
    assert eng.state.arms_control[0, 1]
    play(eng, {"cerulia": [Attack(target="aland")], "aland": [Budget(military_share=0.5, offense_share=0.5)]})
    play(eng, {"aland": [Budget(military_share=0.5, offense_share=0.5)]})
    force_chance(eng, True)  # any violation would be caught
    report = play(eng, {"aland": [Budget(military_share=0.5, offense_share=0.5)]})
    assert not [e for e in report.events if e.kind.startswith("arms_control_violat")]
    assert eng.state.arms_control[0, 1]


# ---------------------------------------------------------------- threats and mobilisation


def test_threat_opens_a_crisis_at_rung_two():
    """A public threat raises the dyad to rung 2 (threat), opens a crisis this turn and records the threat."""
    eng = engine()
    report = play(eng, {"aland": [Threat(target="borea")]})
    one(report.events, "threat_made")
    st = eng.state
    assert st.rung[0, 1] == st.rung[1, 0] == 2
    assert st.crisis_since[0, 1] == 1
    assert st.threat_made[0, 1] and not st.threat_made[1, 0]


def test_threat_ends_arms_control():
    """Raising a dyad into crisis ends its arms-control agreement."""
    eng = engine()
    play(eng, {"aland": [ArmsControlOffer(target="borea")], "borea": [ArmsControlOffer(target="aland")]})
    play(eng, {"borea": [Threat(target="aland")]})
    assert not eng.state.arms_control.any()


def test_extended_threat_on_behalf_of_a_guaranteed_state():
    """An extended threat (for a protégé) needs a pact or a guarantee, and opens a crisis between the
    threatener and the target."""
    eng = engine(3)
    play(eng, {"aland": [Guarantee(target="cerulia")]})
    report = play(eng, {"aland": [Threat(target="borea", protege="cerulia")]})
    ev = one(report.events, "threat_made")
    assert ev.data["extended"] and ev.actors == ("aland", "borea", "cerulia")
    assert eng.state.rung[0, 1] == 2 and eng.state.rung[0, 2] == 1


def test_mobilisation_raises_the_crisis_to_rung_three_and_costs_output():
    """Mobilising against a state raises the dyad to rung 3, costs RULES.mobilisation_cost of output
    from welfare, and lasts RULES.mobilisation_turns turns."""
    eng = engine()
    report = play(eng, {"aland": [Mobilise(target="borea")]})
    one(report.events, "mobilised")
    st = eng.state
    assert st.rung[0, 1] == 3
    assert st.mobilised[0] == RULES.mobilisation_turns
    y_after_growth = 100.0 * (1 - RULES.growth_drag * 0.05)
    assert st.welfare[0] == pytest.approx(0.95 * 100.0 - RULES.mobilisation_cost * y_after_growth)
    force_chance(eng, False)
    for _ in range(RULES.mobilisation_turns):
        play(eng)
    assert eng.state.mobilised[0] == 0


def test_mobilised_forces_count_more_in_war():
    """While mobilised a state's forces count (1 + RULES.mobilisation_bonus) times, in attack and defence."""
    from game.core import combat
    assert combat.attack_strength(1.0, 1.0, 10.0, True) == pytest.approx(10.0 * (1 + RULES.mobilisation_bonus))
    assert combat.defense_strength(20.0, 10.0, True) == pytest.approx(25.0 * (1 + RULES.mobilisation_bonus))
    eng = engine()
    play(eng, {"aland": [Mobilise(target="borea")]})
    force_chance(eng, False)
    report = play(eng, {"aland": [Attack(target="borea")]})
    p = one(report.events, "war_turn").data["attacker_win_probability"]
    A, B = 10.0 * (1 + RULES.mobilisation_bonus), 20.0 + 0.5 * 10.0
    assert p == pytest.approx(A**2 / (A**2 + B**2), abs=2e-3)


def test_proposing_a_pact_to_a_threatened_state_is_allowed_next_turn():
    """A threat and a pact offer to the same state in one turn contradict each other, but the pact
    offer may follow in a later turn."""
    eng = engine()
    play(eng, {"aland": [Threat(target="borea")]})
    force_chance(eng, False)
    play(eng, {"aland": [CrisisResponse(target="borea", response="back_down")],
               "borea": [CrisisResponse(target="aland", response="back_down")]})
    eng.check("aland", [ProposePact(target="borea")])


def test_pledge_is_broken_by_escalating_a_crisis():
    """Escalating a crisis by choice against the state one pledged restraint to is a threat: it breaks
    the pledge (audience cost)."""
    eng = engine()
    play(eng, {"borea": [Threat(target="aland")]})
    force_chance(eng, False)
    play(eng, {"aland": [Pledge(target="borea")]})
    report = play(eng, {"aland": [CrisisResponse(target="borea", response="escalate")]})
    assert "escalated" in one(report.events, "pledge_broken").text
    assert eng.state.rung[0, 1] == 3
