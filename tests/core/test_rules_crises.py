"""Crises on the escalation ladder (DESIGN.md §3 and §6): each side stands firm, backs down or
escalates one rung; accidents step a crisis up with a chance that grows with rung, tension and Ω."""
from __future__ import annotations

import pytest

from game.core import combat
from game.core.commands import CrisisResponse, Mobilise, Threat
from game.core.state import NO_TURN, RULES

from .world import engine, force_chance, of_kind, one, play


def firm(t):
    return CrisisResponse(target=t, response="firm")


def back_down(t):
    return CrisisResponse(target=t, response="back_down")


def escalate(t):
    return CrisisResponse(target=t, response="escalate")


def crisis(**kw):
    """Aland has threatened Borea (rung 2); the crisis is open for answers; no accidents."""
    eng = engine(**kw)
    play(eng, {"aland": [Threat(target="borea")]})
    force_chance(eng, False)
    return eng


def test_escalation_moves_one_rung_by_choice():
    """One side escalating moves the crisis up exactly one rung."""
    eng = crisis()
    report = play(eng, {"borea": [escalate("aland")]})
    assert eng.state.rung[0, 1] == eng.state.rung[1, 0] == 3
    assert one(report.events, "crisis_escalated").actors[0] == "borea"


def test_both_escalating_is_still_one_rung():
    """Both sides escalating in the same turn still move the crisis one rung, not two."""
    eng = crisis()
    play(eng, {"aland": [escalate("borea")], "borea": [escalate("aland")]})
    assert eng.state.rung[0, 1] == 3


def test_escalating_from_border_clash_is_war():
    """Escalating from rung 4 (border clash) starts a war (rung 5) with the escalating side as attacker."""
    eng = engine(rivalries=[("aland", "borea", 4)])
    force_chance(eng, False)
    report = play(eng, {"borea": [escalate("aland")]})
    st = eng.state
    assert st.war[0, 1] and st.rung[0, 1] == 5
    assert st.war_attacker[1, 0] and not st.war_attacker[0, 1]
    assert one(report.events, "war_started").actors == ("borea", "aland")


def test_both_backing_down_defuses_the_crisis():
    """When both back down the crisis is over: rung 1 (rivalry), no standing threats, nobody pays."""
    eng = crisis()
    report = play(eng, {"aland": [back_down("borea")], "borea": [back_down("aland")]})
    one(report.events, "crisis_defused")
    st = eng.state
    assert st.rung[0, 1] == 1 and st.crisis_since[0, 1] == NO_TURN and not st.threat_made.any()
    assert st.reputation[0] == st.reputation[1] == 1.0


def test_backing_down_alone_costs_reputation_and_a_concession():
    """The side that backs down alone loses RULES.back_down_reputation and concedes
    RULES.concession_share of its output to the other; the crisis ends."""
    eng = crisis()
    report = play(eng, {"borea": [back_down("aland")]})
    ev = one(report.events, "crisis_backed_down")
    assert ev.actors == ("borea", "aland")
    st = eng.state
    y = 100.0 * (1 - RULES.growth_drag * 0.05) ** 2  # output after two turns of the opening budget
    assert st.Y[1] == pytest.approx(y * (1 - RULES.concession_share))
    assert st.Y[0] == pytest.approx(y * (1 + RULES.concession_share))
    assert st.reputation[1] == pytest.approx(1.0 - RULES.back_down_reputation)
    assert st.rung[0, 1] == 1


def test_backing_down_from_ones_own_threat_adds_the_audience_cost():
    """A state that backs down from a crisis it opened with a public threat pays the audience cost too."""
    eng = crisis()
    play(eng, {"aland": [back_down("borea")]})
    assert eng.state.reputation[0] == pytest.approx(1.0 - RULES.back_down_reputation - RULES.audience_cost_reputation)


def test_both_firm_keeps_the_crisis():
    """When both stand firm (or say nothing) the crisis stays at its rung."""
    eng = crisis()
    report = play(eng, {"aland": [firm("borea")]})
    assert eng.state.rung[0, 1] == 2
    assert not of_kind(report.events, "crisis_escalated")


def test_border_clash_costs_both_forces_each_turn():
    """At rung 4 (border clash), both standing firm lose RULES.border_clash_force_loss of their forces."""
    eng = engine(rivalries=[("aland", "borea", 4)])
    force_chance(eng, False)
    report = play(eng)
    one(report.events, "border_clash")
    assert eng.state.M[0] == pytest.approx(30.0 * (1 - RULES.border_clash_force_loss))
    assert eng.state.M[1] == pytest.approx(30.0 * (1 - RULES.border_clash_force_loss))


def test_accident_steps_the_crisis_up_when_the_draw_falls_below_p(monkeypatch):
    """An accidental step up happens when the turn's draw falls below accident_probability(rung, tension, Ω)."""
    monkeypatch.setattr(combat, "accident_probability", lambda rung, tension, omega: 0.3)
    eng = crisis()
    force_chance(eng, 0.29)
    report = play(eng)
    ev = one(report.events, "crisis_accident")
    assert ev.cause["probability"] == 0.3
    assert eng.state.rung[0, 1] == 3
    force_chance(eng, 0.31)
    play(eng)
    assert eng.state.rung[0, 1] == 3


def test_accident_probability_uses_the_dyads_rung_tension_and_omega(monkeypatch):
    """The accident chance is computed from the crisis's rung, the dyad's tension and the true Ω."""
    seen = []

    def spy(rung, tension, omega):
        seen.append((rung, tension, omega))
        return 0.0

    monkeypatch.setattr(combat, "accident_probability", spy)
    eng = crisis(world={"offense_defense": 2.5})
    play(eng, {"borea": [escalate("aland")]})  # escalation by choice: no accident roll that turn
    assert seen == []
    play(eng)
    assert len(seen) == 1 and seen[0][0] == 3 and seen[0][2] == 2.5 and 0.0 < seen[0][1] <= 1.0


def test_accident_at_border_clash_is_war():
    """An accident at rung 4 is a war, labelled accidental; the mobilised (else the stronger in
    offence) side fights as the attacker, but nobody is charged with aggression."""
    eng = engine(rivalries=[("aland", "borea", 4)], borea={"offense": 15.0, "defense": 15.0})
    force_chance(eng, True)
    report = play(eng)
    one(report.events, "crisis_accident")
    ev = one(report.events, "war_started")
    assert ev.actors == ("borea", "aland")
    assert ev.data["label"] == "accidental"
    assert "incident" in ev.text


def test_crisis_is_not_answered_in_the_turn_it_opens():
    """A crisis opened this turn has no answers and no accident until the next turn."""
    eng = engine()
    force_chance(eng, True)  # any roll would be an accident
    report = play(eng, {"aland": [Threat(target="borea")]})
    assert not of_kind(report.events, "crisis_accident")
    assert eng.state.rung[0, 1] == 2


def test_accident_probability_grows_with_rung_tension_and_omega():
    """accident_probability rises with the rung above a bare threat, the tension and Ω, and never
    exceeds 0.4: base · (rung − 1) · (1 + tension) · √Ω."""
    p = combat.accident_probability
    assert p(2, 0.5, 1.0) < p(3, 0.5, 1.0) < p(4, 0.5, 1.0)
    assert p(2, 0.1, 1.0) < p(2, 0.9, 1.0)
    assert p(2, 0.5, 0.5) < p(2, 0.5, 2.0)
    assert p(2, 0.5, 1.0) == pytest.approx(RULES.accident_base * 1 * 1.5)
    assert p(4, 1.0, 5.0) <= 0.4 and p(4, 10.0, 5.0) == 0.4


def test_mobilisation_during_a_crisis_raises_it_to_three():
    """Mobilising against the other side of a rung-2 crisis raises it to rung 3."""
    eng = crisis()
    play(eng, {"borea": [Mobilise(target="aland")]})
    assert eng.state.rung[0, 1] == 3


def test_open_crises_follow_the_rungs_wars_and_survivors():
    """The crisis phase keeps the pairs open to its moves while the rungs, wars and survivors stay
    the same; any change to them is seen at once."""
    import numpy as np

    from game.core.rules.crises import _open_crises
    from game.core.state import upper_pairs

    def fresh(st):  # what the pairs are, worked out anew
        open_ = (st.rung >= 2) & ~st.war & st.alive[:, None] & st.alive[None, :] & upper_pairs(st.n)
        return [(int(i), int(j)) for i, j in zip(*np.nonzero(open_))]

    st = engine(4).state
    assert _open_crises(st) == fresh(st) == []
    st.rung[0, 2] = st.rung[2, 0] = 2
    st.rung[1, 3] = st.rung[3, 1] = 4
    assert _open_crises(st) == fresh(st) == [(0, 2), (1, 3)]
    st.war[1, 3] = st.war[3, 1] = True
    assert _open_crises(st) == fresh(st) == [(0, 2)]
    st.war[1, 3] = st.war[3, 1] = False
    st.alive[2] = False
    assert _open_crises(st) == fresh(st) == [(1, 3)]
    st.rung[1, 3] = st.rung[3, 1] = 1
    assert _open_crises(st) == fresh(st) == []
