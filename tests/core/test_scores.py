"""Scores (DESIGN.md §3): security (survival, share of world output, wars lost) and prosperity
(cumulative welfare)."""
from __future__ import annotations

import pytest

from game.core.commands import Attack, Budget, OfferPeace
from game.core.scores import WAR_LOST_PENALTY, scores

from .world import engine, force_chance, play


def test_surviving_with_the_opening_share_scores_75():
    """A state that survives and keeps its opening share of world output scores 50 + 25 for security."""
    eng = engine()
    play(eng)
    assert scores(eng.state)["aland"].security == pytest.approx(75.0)


def test_security_rises_with_share_of_world_output_up_to_double():
    """Security adds up to 50 for share of world output, reached at twice the opening share."""
    eng = engine(aland={"growth": 0.2})
    for _ in range(3):
        play(eng)
    s = scores(eng.state)
    assert 75.0 < s["aland"].security < 100.0 and s["borea"].security < 75.0
    eng.state.Y[1] = 1e-6  # Borea's output gone: Aland has (nearly) all the world's output
    assert scores(eng.state)["aland"].security == pytest.approx(100.0)


def test_conquered_state_scores_no_security():
    """A conquered state's security score is 0 (and never negative)."""
    eng = engine(3, borea={"offense": 0.1, "defense": 0.3})
    play(eng, {"aland": [Attack(target="borea")]})
    s = scores(eng.state)
    assert s["borea"].security == 0.0
    assert s["aland"].security > 75.0


def test_each_war_lost_costs_security():
    """Each war lost costs WAR_LOST_PENALTY security points on top of the output it cost."""
    eng = engine(borea={"defense": 200.0}, aland={"offense": 200.0})
    force_chance(eng, True)
    play(eng, {"aland": [Attack(target="borea")]})
    play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    st = eng.state
    assert st.wars_lost[1] == 1
    kept = min(2.0, (st.Y[1] / st.Y.sum()) / (st.Y0[1] / st.Y0.sum())) / 2
    assert scores(st)["borea"].security == pytest.approx(50.0 + 50.0 * kept - WAR_LOST_PENALTY)


def test_prosperity_is_welfare_against_spending_nothing():
    """Prosperity is cumulative welfare as a share of what spending nothing at opening output would give (100)."""
    eng = engine()
    play(eng, {"aland": [Budget(military_share=0.0, offense_share=0.5)],
               "borea": [Budget(military_share=0.5, offense_share=0.5)]})
    s = scores(eng.state)
    assert s["aland"].prosperity == pytest.approx(100.0)
    assert s["borea"].prosperity == pytest.approx(50.0)
    assert s["aland"].total == pytest.approx((s["aland"].security + 100.0) / 2)
