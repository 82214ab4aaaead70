"""The nuclear rungs of the escalation ladder (DESIGN.md §3 and §6): in a war, an escalation order
by a state with warheads is a nuclear strike. Its first use in a war is limited (rung 6) — a first
strike, or a reply in kind to one suffered; its second is general nuclear war (rung 7), which a
survivable second strike answers in full (MAD). Every strike destroys output, forces and welfare,
and says so."""
from __future__ import annotations

import pytest

from game.core.commands import Attack, CrisisResponse, OfferPeace
from game.errors import IllegalOrder
from game.core.state import RULES
from game.report.debrief import timeline, turning_points

from .world import engine, force_chance, of_kind, one, play

SECOND_STRIKE = RULES.second_strike_warheads


def nuclear_war(aland_warheads=20.0, borea_warheads=0.0, **kw):
    """Aland has attacked Borea (both well defended, so nobody is conquered); no chance events."""
    eng = engine(aland={"warheads": aland_warheads, "defense": 200.0},
                 borea={"warheads": borea_warheads, "defense": 200.0}, **kw)
    force_chance(eng, False)
    play(eng, {"aland": [Attack(target="borea")]})
    return eng


def escalate(t):
    return CrisisResponse(target=t, response="escalate")


def test_only_nuclear_states_escalate_a_war():
    """In a war, only a state with warheads may escalate (to the nuclear rungs)."""
    eng = nuclear_war()
    eng.check("aland", [escalate("borea")])
    with pytest.raises(IllegalOrder, match="Only a state with nuclear weapons"):
        eng.check("borea", [escalate("aland")])


def test_first_use_is_limited_and_costs_the_target_output_forces_and_welfare():
    """A first use is limited nuclear use (rung 6): the target loses RULES.limited_nuclear_output_loss
    of its output and forces, and welfare of the output destroyed times RULES.nuclear_welfare_turns.
    The user loses nothing to its own strike: any reply is the target's to give."""
    eng, calm = nuclear_war(borea_warheads=SECOND_STRIKE), nuclear_war(borea_warheads=SECOND_STRIKE)
    report = play(eng, {"aland": [escalate("borea")]})
    play(calm)
    ev = one(report.events, "nuclear_use")
    share = RULES.limited_nuclear_output_loss
    assert ev.data["rung"] == 6 and eng.state.rung[0, 1] == eng.state.rung[1, 0] == 6
    assert ev.data["strike"] == "limited" and not ev.data["reply"]
    assert ev.data["output_lost"] == {"borea": share}
    destroyed, welfare_lost = ev.data["output_destroyed"]["borea"], ev.data["welfare_lost"]["borea"]
    assert welfare_lost == pytest.approx(destroyed * RULES.nuclear_welfare_turns, abs=0.05)
    # against the same turn without the strike (the war turn that follows costs a share of what is left)
    st, cf = eng.state, calm.state
    assert cf.Y[1] - st.Y[1] == pytest.approx(destroyed * (1 - RULES.war_output_cost), rel=0.01)
    assert cf.welfare[1] - st.welfare[1] == pytest.approx(welfare_lost - destroyed * RULES.war_output_cost, rel=0.01)
    assert st.M[1] < (1 - share) * cf.M[1] * 1.05
    assert st.Y[0] >= cf.Y[0] * 0.99 and st.welfare[0] >= cf.welfare[0] - 1.0


def test_a_strike_suffered_is_answered_in_kind_at_rung_6():
    """The side struck first answers in kind: a limited strike on the user (the rung stays 6)."""
    eng = nuclear_war(borea_warheads=SECOND_STRIKE)
    play(eng, {"aland": [escalate("borea")]})
    report = play(eng, {"borea": [escalate("aland")]})
    ev = one(report.events, "nuclear_use")
    assert ev.actors == ("borea", "aland") and ev.data["reply"] and ev.data["strike"] == "limited"
    assert ev.data["output_lost"] == {"aland": RULES.limited_nuclear_output_loss}
    assert eng.state.rung[0, 1] == 6
    assert "in kind" in ev.text


def test_a_second_use_is_general_nuclear_war_and_under_mad_devastates_both():
    """A state's second use in a war is general nuclear war (rung 7); where the target keeps a
    survivable second strike, its surviving forces answer in full: both lose
    RULES.general_nuclear_output_loss of their output (MAD)."""
    eng = nuclear_war(borea_warheads=SECOND_STRIKE)
    play(eng, {"aland": [escalate("borea")]})
    y = eng.state.Y.copy()
    report = play(eng, {"aland": [escalate("borea")]})
    ev = one(report.events, "nuclear_use")
    share = RULES.general_nuclear_output_loss
    assert ev.data["rung"] == 7 and ev.data["strike"] == "general"
    assert ev.data["output_lost"] == {"borea": share, "aland": share}
    assert ev.data["mutual_second_strike"]
    assert eng.state.Y[0] < 0.25 * y[0]
    assert "General nuclear war" in ev.text and "Both are devastated" in ev.text


def test_general_nuclear_war_without_second_strike_spares_the_user():
    """Rung 7 against a state without a survivable second strike devastates the target only."""
    eng = nuclear_war()
    play(eng, {"aland": [escalate("borea")]})
    report = play(eng, {"aland": [escalate("borea")]})
    ev = one(report.events, "nuclear_use")
    assert ev.data["output_lost"] == {"borea": RULES.general_nuclear_output_loss}
    assert "no survivable force" in ev.text


def test_after_an_exchange_in_kind_any_further_use_is_general():
    """Once both sides have struck, either side's next use is general nuclear war."""
    eng = nuclear_war(borea_warheads=SECOND_STRIKE)
    play(eng, {"aland": [escalate("borea")]})
    play(eng, {"borea": [escalate("aland")]})
    report = play(eng, {"borea": [escalate("aland")]})
    ev = one(report.events, "nuclear_use")
    assert ev.data["strike"] == "general" and ev.data["rung"] == 7


def test_war_rungs_move_one_at_a_time():
    """The ladder climbs at most one rung a turn: both sides striking first in the same turn is
    an exchange of limited strikes at rung 6, whatever the order of the states."""
    eng = nuclear_war(borea_warheads=20.0)
    report = play(eng, {"aland": [escalate("borea")], "borea": [escalate("aland")]})
    assert eng.state.rung[0, 1] == 6
    strikes = of_kind(report.events, "nuclear_use")
    assert sorted(e.actors for e in strikes) == [("aland", "borea"), ("borea", "aland")]
    assert all(e.data["strike"] == "limited" for e in strikes)


def test_no_rung_above_general_nuclear_war():
    """Rung 7 is the top: no further escalation is legal."""
    eng = nuclear_war(borea_warheads=SECOND_STRIKE)
    play(eng, {"aland": [escalate("borea")]})
    play(eng, {"aland": [escalate("borea")]})
    if eng.state.alive.all():
        with pytest.raises(IllegalOrder, match="no rung above"):
            eng.check("aland", [escalate("borea")])


def test_escalating_a_crisis_into_war_is_not_also_nuclear():
    """Escalating a crisis from rung 4 starts a war at rung 5; the same order does not also climb to
    the nuclear rungs that turn (and a state without warheads never does)."""
    for warheads in (0.0, 20.0):
        eng = engine(rivalries=[("aland", "borea", 4)], aland={"warheads": warheads})
        force_chance(eng, False)
        report = play(eng, {"aland": [escalate("borea")]})
        assert eng.state.war[0, 1] and eng.state.rung[0, 1] == 5
        assert not of_kind(report.events, "nuclear_use")


def test_peace_after_nuclear_use_returns_to_rivalry_and_a_new_war_starts_below_the_bomb():
    """Peace ends a war at any rung; the dyad returns to rung 1. Strikes of an earlier war do not
    count in a new one: the first use in it is limited again."""
    eng = nuclear_war()
    play(eng, {"aland": [escalate("borea")]})
    play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    assert eng.state.rung[0, 1] == 1 and not eng.state.war.any()
    play(eng, {"aland": [Attack(target="borea")]})
    report = play(eng, {"aland": [escalate("borea")]})
    assert one(report.events, "nuclear_use").data["strike"] == "limited" and eng.state.rung[0, 1] == 6


def test_a_strike_is_a_turning_point_of_the_debrief_and_tops_its_timeline():
    """The debrief reads a nuclear strike as a turning point (nuclear escalation) in the words of the
    event, and its timeline shows the rung the strike reached."""
    eng = nuclear_war()
    play(eng, {"aland": [escalate("borea")]})
    point = one([p for p in turning_points(eng) if p.kind == "nuclear_use"], "nuclear_use")
    assert point.concept == "nuclear escalation" and "lost 20 % of its output and forces" in point.text
    assert one([e for e in timeline(eng) if e.kind == "nuclear_use"], "nuclear_use").rung == 6
