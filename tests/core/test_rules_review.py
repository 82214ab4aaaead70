"""Rules added after the AI review: a war's label can be the attacker's stated rationale; an
accident is nobody's aggression; caps do not bind a state at war; cheap talk moves no belief;
a war footing, an ally's arming and a light burden prove nothing, a heavy burden does; peace is
remembered."""
from __future__ import annotations

import pytest

from game.core import perception
from game.core.commands import ArmsControlOffer, Attack, Budget, OfferPeace
from game.core.rules.turn import ACT_EVIDENCE

from .world import engine, force_chance, one, play


def test_an_attackers_stated_rationale_is_the_wars_label():
    """Attack(rationale=...) — what the attacker says it fights for — becomes the label."""
    eng = engine(2)
    report = play(eng, {"aland": [Attack(target="borea", rationale="preventive")]})
    assert one(report.events, "war_started").data["label"] == "preventive"


def test_without_a_rationale_the_rules_judge_the_label():
    """A human's attack carries no rationale: the rules label it from the situation."""
    eng = engine(2)
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert one(report.events, "war_started").data["label"] == "opportunistic"


def test_an_accident_is_no_evidence_of_aggression():
    """A war by accident raises nobody's belief that the side fighting as attacker is greedy."""
    calm = engine(rivalries=[("aland", "borea", 4)])
    force_chance(calm, False)
    play(calm)
    accident = engine(rivalries=[("aland", "borea", 4)])
    force_chance(accident, True)
    report = play(accident)
    ev = one(report.events, "war_started")
    attacker = accident.state.index(ev.actors[0])
    other = 1 - attacker
    # war footing aside, the victim's belief in the other's greed moves no more than in the calm game
    assert accident.state.belief[other, attacker] <= calm.state.belief[other, attacker] + 0.05


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


@pytest.mark.parametrize("kind", ["pledge", "transparency", "arms_control_offer", "propose_pact"])
def test_cheap_talk_carries_no_evidence(kind):
    """A pledge, an offer of transparency, of arms control or of a pact costs a greedy state
    nothing to make: none of them is evidence about type in itself (Kydd)."""
    assert ACT_EVIDENCE[kind] == (0.0, 0.0)


def test_a_heavy_burden_is_evidence_a_light_one_is_not():
    """Forces that take far more than a tenth of output to keep up speak of aims; light ones say
    nothing (the evidence is one-sided)."""
    eng = engine(3, aland={"offense": 60.0, "defense": 60.0}, cerulia={"offense": 3.0, "defense": 3.0})
    st = eng.state
    llr = perception._read_burden(st)
    assert llr[1, 0] > 0.5  # Borea reading heavily armed Aland
    assert llr[1, 2] == 0.0  # ... and lightly armed Cerulia: nothing


def test_an_allys_burden_is_read_in_the_light_of_the_alliance():
    """The same heavy burden in an ally is no evidence."""
    eng = engine(3, alliances=[("aland", "borea")], aland={"offense": 60.0, "defense": 60.0})
    assert perception._read_burden(eng.state)[1, 0] == 0.0


def test_peace_is_remembered():
    """The turn a war ended stays on the public record (a recent peace cools decisions)."""
    eng = engine(2)
    play(eng, {"aland": [Attack(target="borea")]})
    play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    assert eng.state.last_peace[0, 1] == eng.state.last_peace[1, 0] == eng.turn
    assert eng.view_for("aland").last_peace[0, 1] == eng.turn
