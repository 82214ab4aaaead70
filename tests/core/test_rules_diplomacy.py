"""Pacts and guarantees (DESIGN.md §3: alliances)."""
from __future__ import annotations

import pytest

from game.core.commands import (
    AcceptPact,
    Attack,
    EndGuarantee,
    Guarantee,
    LeavePact,
    Mobilise,
    ProposePact,
    Threat,
)
from game.core.state import NO_TURN, RULES
from game.errors import IllegalOrder

from .world import engine, idx, of_kind, one, play


def test_pact_forms_when_the_target_accepts():
    """A pact offer stands; the pact forms in the turn the target accepts it, and both sides see it."""
    eng = engine()
    r1 = play(eng, {"aland": [ProposePact(target="borea")]})
    assert one(r1.events, "pact_offered").visible_to == ("aland", "borea")
    assert not eng.state.pact.any()
    r2 = play(eng, {"borea": [AcceptPact(target="aland")]})
    one(r2.events, "pact_formed")
    a, b = idx(eng, "aland"), idx(eng, "borea")
    assert eng.state.pact[a, b] and eng.state.pact[b, a]
    assert eng.state.rung[a, b] == 0


def test_pact_forms_when_both_propose_in_one_turn():
    """Two states proposing a pact to each other in the same turn form it at once."""
    eng = engine()
    report = play(eng, {"aland": [ProposePact(target="borea")], "borea": [ProposePact(target="aland")]})
    one(report.events, "pact_formed")
    assert eng.state.pact[0, 1] and eng.state.pact[1, 0]


def test_proposing_to_a_standing_offer_forms_the_pact():
    """Proposing back to a state whose offer still stands is an acceptance."""
    eng = engine()
    play(eng, {"aland": [ProposePact(target="borea")]})
    report = play(eng, {"borea": [ProposePact(target="aland")]})
    one(report.events, "pact_formed")
    assert eng.state.pact[0, 1]


def test_pact_offer_expires_after_offer_turns():
    """A pact offer can be accepted in the RULES.offer_turns turns after it is made, not later."""
    assert RULES.offer_turns == 2
    eng = engine()
    play(eng, {"aland": [ProposePact(target="borea")]})
    play(eng)  # first turn after the offer: still open
    eng.check("borea", [AcceptPact(target="aland")])
    play(eng)
    with pytest.raises(IllegalOrder, match="Aland has not offered you a pact"):
        eng.check("borea", [AcceptPact(target="aland")])


def test_accepting_on_the_last_open_turn_forms_the_pact():
    """An acceptance given on the last turn the offer stands still forms the pact."""
    eng = engine()
    play(eng, {"aland": [ProposePact(target="borea")]})
    play(eng)
    report = play(eng, {"borea": [AcceptPact(target="aland")]})
    one(report.events, "pact_formed")


def test_leaving_a_pact_costs_reputation():
    """Leaving a defensive pact ends it for both and costs the leaver RULES.leave_pact_reputation."""
    eng = engine(alliances=[("aland", "borea")])
    report = play(eng, {"aland": [LeavePact(target="borea")]})
    one(report.events, "pact_left")
    a, b = idx(eng, "aland"), idx(eng, "borea")
    assert not eng.state.pact[a, b] and not eng.state.pact[b, a]
    assert eng.state.reputation[a] == pytest.approx(1.0 - RULES.leave_pact_reputation)
    assert eng.state.reputation[b] == pytest.approx(1.0)
    assert eng.state.rung[a, b] == 1


def test_reputation_recovers_slowly():
    """Lost reputation comes back by RULES.reputation_recovery a turn, up to 1."""
    eng = engine(alliances=[("aland", "borea")])
    play(eng, {"aland": [LeavePact(target="borea")]})
    play(eng)
    assert eng.state.reputation[0] == pytest.approx(1.0 - RULES.leave_pact_reputation + RULES.reputation_recovery)


def test_guarantee_is_one_sided():
    """A guarantee binds the guarantor to the protégé, not the other way round."""
    eng = engine(3)
    report = play(eng, {"aland": [Guarantee(target="borea")]})
    one(report.events, "guarantee_given")
    a, b = idx(eng, "aland"), idx(eng, "borea")
    assert eng.state.guarantee[a, b] and not eng.state.guarantee[b, a]
    assert not eng.state.pact.any()


def test_ending_a_guarantee_costs_half_a_pact():
    """Withdrawing a guarantee costs half of what leaving a pact costs in reputation."""
    eng = engine(3, guarantees=[("aland", "borea")])
    play(eng, {"aland": [EndGuarantee(target="borea")]})
    assert not eng.state.guarantee[0, 1]
    assert eng.state.reputation[0] == pytest.approx(1.0 - RULES.leave_pact_reputation / 2)


def test_pact_offer_to_a_conquered_state_is_void():
    """When a state is conquered every offer made to it or by it lapses."""
    eng = engine(3, borea={"offense": 0.1, "defense": 0.2}, aland={"offense": 40})
    play(eng, {"cerulia": [ProposePact(target="borea")]})
    play(eng, {"aland": [Attack(target="borea")]})
    b, c = idx(eng, "borea"), idx(eng, "cerulia")
    assert not eng.state.alive[b]
    assert eng.state.pact_offer[c, b] == NO_TURN


def test_hostile_act_toward_the_state_accepting_your_offer_stops_the_pact():
    """A pact cannot form in a turn one side threatens, mobilises against or attacks the other: the
    hostile act withdraws the offer (otherwise allies would be in a crisis or at war with each other)."""
    eng = engine()
    play(eng, {"aland": [ProposePact(target="borea")]})
    report = play(eng, {"aland": [Threat(target="borea")], "borea": [AcceptPact(target="aland")]})
    assert not of_kind(report.events, "pact_formed")
    one(report.events, "pact_failed")
    assert not eng.state.pact[0, 1]
    assert eng.state.rung[0, 1] == 2


def test_attacking_the_state_that_accepts_your_offer_is_war_without_a_pact():
    """An attack on a state that accepts your pact offer in the same turn is a war, and no pact forms."""
    eng = engine()
    play(eng, {"borea": [ProposePact(target="aland")]})
    report = play(eng, {"aland": [AcceptPact(target="borea")], "borea": [Attack(target="aland")]})
    assert eng.state.war[0, 1]
    assert not eng.state.pact[0, 1]
    assert not of_kind(report.events, "pact_formed")


def test_mobilising_against_an_offering_state_stops_the_pact():
    """Mobilising against a state whose pact offer you could accept withdraws nothing of yours, but the
    pact cannot form with a state mobilised against: no allies in a crisis."""
    eng = engine()
    play(eng, {"aland": [ProposePact(target="borea")]})
    play(eng, {"aland": [Mobilise(target="borea")], "borea": [AcceptPact(target="aland")]})
    assert not eng.state.pact[0, 1]


def test_attacking_a_state_you_guarantee_ends_the_guarantee():
    """A guarantor that attacks its own protégé has broken the guarantee: it ends, at the reputation
    cost of ending it."""
    eng = engine(3, guarantees=[("aland", "borea")])
    report = play(eng, {"aland": [Attack(target="borea")]})
    a, b = idx(eng, "aland"), idx(eng, "borea")
    assert eng.state.war[a, b]
    assert not eng.state.guarantee[a, b]
    assert of_kind(report.events, "guarantee_ended")
    assert eng.state.reputation[a] < 1.0
