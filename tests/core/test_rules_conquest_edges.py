"""Edge cases around conquest and calls to arms: commitments toward a state that no longer exists,
and one aggressor attacking several of an ally's partners at once."""
from __future__ import annotations

from game.core.commands import ArmsControlOffer, Attack, Budget, Pledge, RefuseCall, Transparency
from game.core.state import NO_TURN

from .world import engine, of_kind, play

WEAK = {"offense": 0.1, "defense": 0.3}


def test_pledge_to_a_conquered_state_lapses():
    """A restraint pledge to a state that is conquered lapses: arming afterwards breaks nothing."""
    eng = engine(3, borea=WEAK)
    play(eng, {"cerulia": [Pledge(target="borea")]})
    play(eng, {"aland": [Attack(target="borea")]})
    assert eng.state.pledge_until[2, 1] == NO_TURN
    report = play(eng, {"cerulia": [Budget(military_share=0.5, offense_share=0.5)]})
    assert not of_kind(report.events, "pledge_broken")


def test_arms_control_with_a_conquered_partner_ends():
    """An arms-control agreement with a state that is conquered ends: arming past the old cap is no violation."""
    eng = engine(3, borea=WEAK)
    play(eng, {"cerulia": [ArmsControlOffer(target="borea")], "borea": [ArmsControlOffer(target="cerulia")]})
    assert eng.state.arms_control[1, 2]
    play(eng, {"aland": [Attack(target="borea")]})
    assert not eng.state.arms_control.any()
    report = play(eng, {"cerulia": [Budget(military_share=0.5, offense_share=0.5)]})
    assert not [e for e in report.events if e.kind.startswith("arms_control_violat")]


def test_transparency_toward_a_conquered_state_ends():
    """Inspections by a state that is conquered end with it."""
    eng = engine(3, borea=WEAK)
    play(eng, {"cerulia": [Transparency(target="borea")]})
    play(eng, {"aland": [Attack(target="borea")]})
    assert eng.state.transparent_until[2, 1] == NO_TURN


def test_one_call_when_one_aggressor_attacks_two_partners():
    """An aggressor attacking two of a state's partners in one turn calls that state to arms once,
    on behalf of the first victim (in state order); refusing breaks that commitment."""
    eng = engine(4, alliances=[("borea", "dorn"), ("cerulia", "dorn")], borea={"defense": 300.0},
                 cerulia={"defense": 300.0}, aland={"offense": 100.0})
    report = play(eng, {"aland": [Attack(target="borea"), Attack(target="cerulia")]})
    calls = of_kind(report.events, "ally_called")
    assert [e.actors for e in calls] == [("dorn", "borea", "aland")]
    assert eng.state.call_victim[3, 0] == 1
    play(eng, {"dorn": [RefuseCall(target="aland")]})
    assert not eng.state.pact[3, 1] and eng.state.pact[3, 2]
