"""War (DESIGN.md §3): the Hirshleifer contest, losses, territory, war costs, conquest, allies
called in, peace (kept on the public record), war labels (the attacker's stated rationale, else the
rules' judgement; an accident is nobody's aggression). The nuclear rungs: test_rules_nuclear.py."""
from __future__ import annotations

import pytest

from game.core import combat
from game.core.commands import (
    Attack,
    Budget,
    CrisisResponse,
    Mobilise,
    OfferPeace,
    RefuseCall,
)
from game.core.state import NO_TURN, RULES, WAR_LABELS
from game.errors import IllegalOrder

from .world import engine, force_chance, of_kind, one, play

Y1 = 100.0 * (1 - RULES.growth_drag * 0.05)  # output after one turn at the opening budget (no growth)


def hirshleifer(omega, geo, o_att, d_def, o_def, m=2.0, lam=0.5):
    a, b = omega * geo * o_att, d_def + lam * o_def
    return a**m / (a**m + b**m)


# ---------------------------------------------------------------- the contest


def test_contest_constants_are_the_designs():
    """The contest uses m = 2 and counts a defender's offensive forces at λ = 0.5."""
    assert RULES.contest_exponent == 2.0
    assert RULES.defender_offense_weight == 0.5


def test_win_probability_is_the_hirshleifer_contest():
    """p = (Ω·geo·O_i)^m / ((Ω·geo·O_i)^m + (D_j + λ·O_j)^m), and the edge cases of no forces."""
    A = combat.attack_strength(2.0, 1.5, 10.0, False)
    B = combat.defense_strength(20.0, 10.0, False)
    assert combat.win_probability(A, B) == pytest.approx(hirshleifer(2.0, 1.5, 10.0, 20.0, 10.0))
    assert combat.win_probability(0.0, B) == 0.0
    assert combat.win_probability(A, 0.0) == 1.0


def test_war_turn_uses_the_contest_with_omega_and_terrain():
    """A war turn's chance of an attacker advance is the contest with the true Ω and the dyad's terrain."""
    eng = engine(world={"offense_defense": 2.0}, terrain=[("aland", "borea", 1.5)],
                 aland={"offense": 30.0, "defense": 10.0})
    report = play(eng, {"aland": [Attack(target="borea")]})
    p = one(report.events, "war_turn").data["attacker_win_probability"]
    assert p == pytest.approx(hirshleifer(2.0, 1.5, 30.0, 20.0, 10.0), abs=1e-3)


def test_war_turn_outcome_is_the_draw_against_p():
    """The attacker advances exactly when the turn's draw falls below p."""
    p = hirshleifer(1.0, 1.0, 10.0, 20.0, 10.0)
    for draw, won in ((p - 0.01, True), (p + 0.01, False)):
        eng = engine()
        force_chance(eng, draw)
        report = play(eng, {"aland": [Attack(target="borea")]})
        assert one(report.events, "war_turn").data["attacker_won"] is won


def test_war_losses_in_proportion_to_the_others_strength():
    """Both sides lose forces in proportion to the other's effective strength; the winner of the turn loses less."""
    eng = engine(aland={"offense": 30.0, "defense": 10.0})
    force_chance(eng, True)
    report = play(eng, {"aland": [Attack(target="borea")]})
    A, B = 30.0, 20.0 + 0.5 * 10.0
    la, lv = combat.war_losses(A, B, True)
    assert la == pytest.approx(RULES.war_force_loss * B / (A + B) * 0.6)
    assert lv == pytest.approx(RULES.war_force_loss * A / (A + B))
    st = eng.state
    assert st.O[0] == pytest.approx(30.0 * (1 - la)) and st.D[0] == pytest.approx(10.0 * (1 - la))
    assert st.O[1] == pytest.approx(10.0 * (1 - lv)) and st.D[1] == pytest.approx(20.0 * (1 - lv))
    assert one(report.events, "war_turn").data["defender_losses"] == pytest.approx(lv, abs=1e-3)


def test_winning_a_war_turn_takes_territory():
    """An attacker that advances takes RULES.territory_share of the defender's output; then both pay
    RULES.war_output_cost of output (from welfare too)."""
    eng = engine()
    force_chance(eng, True)
    play(eng, {"aland": [Attack(target="borea")]})
    st, c, t = eng.state, RULES.war_output_cost, RULES.territory_share
    assert st.Y[1] == pytest.approx(Y1 * (1 - t) * (1 - c))
    assert st.Y[0] == pytest.approx(Y1 * (1 + t) * (1 - c))
    assert st.welfare[0] == pytest.approx(95.0 - c * Y1 * (1 + t))
    assert st.war_net[0, 1] == pytest.approx(t * Y1)


def test_a_held_attack_costs_the_attacker_territory():
    """An attacker that is held cedes half a territory share of its own output to the defender."""
    eng = engine()
    force_chance(eng, False)
    play(eng, {"aland": [Attack(target="borea")]})
    st, c, t = eng.state, RULES.war_output_cost, RULES.territory_share
    assert st.Y[0] == pytest.approx(Y1 * (1 - t / 2) * (1 - c))
    assert st.Y[1] == pytest.approx((Y1 + t / 2 * Y1) * (1 - c))


def test_fronts_divide_strength():
    """A state fighting on several fronts splits its strength between them."""
    eng = engine(3, aland={"offense": 40.0})
    report = play(eng, {"aland": [Attack(target="borea"), Attack(target="cerulia")]})
    for ev in of_kind(report.events, "war_turn"):
        A, B = 40.0 / 2, 20.0 + 0.5 * 10.0
        assert ev.data["attacker_win_probability"] == pytest.approx(A**2 / (A**2 + B**2), abs=1e-3)


def test_war_keeps_the_dyad_at_rung_five():
    """A war is rung 5 (conventional war) on both sides of the dyad until it ends."""
    eng = engine()
    play(eng, {"aland": [Attack(target="borea")]})
    assert eng.state.rung[0, 1] == eng.state.rung[1, 0] == 5
    assert eng.state.war[0, 1] and eng.state.war[1, 0]


# ---------------------------------------------------------------- conquest


def test_conquest_below_the_force_floor():
    """A state at war whose forces fall below RULES.conquest_force_floor is conquered: it is dead, its
    conqueror annexes RULES.annexed_share of its output, its wars and commitments end."""
    eng = engine(3, borea={"offense": 0.1, "defense": 0.3}, alliances=[("borea", "cerulia")])
    report = play(eng, {"aland": [Attack(target="borea")]})
    one(report.events, "conquered")
    st = eng.state
    assert not st.alive[1] and st.conquered_by[1] == 0
    assert st.Y[1] == 0.0 and st.M[1] == 0.0
    assert not st.war[1].any() and not st.war[:, 1].any()
    assert not st.pact[1].any() and not st.pact[:, 1].any()
    assert st.call_turn[2, 0] == NO_TURN  # nobody is called to fight for a state that no longer exists
    assert st.wars_won[0] == 1 and st.wars_lost[1] == 1


def test_conquest_below_the_output_floor():
    """A state at war whose output falls below RULES.conquest_output_floor of its opening output,
    and whose forces are outmatched (below RULES.conquest_force_ratio of its enemy's), is conquered."""
    eng = engine(aland={"offense": 200.0}, borea={"defense": 20.0})
    force_chance(eng, True)
    play(eng, {"aland": [Attack(target="borea")]})
    for _ in range(15):
        if not eng.state.alive[1]:
            break
        assert eng.state.Y[1] >= RULES.conquest_output_floor * 100.0
        play(eng)
    assert not eng.state.alive[1]
    assert eng.state.M[1] == 0.0


def test_a_strong_army_is_not_conquered_for_being_poor():
    """Output below RULES.conquest_output_floor alone does not conquer a state whose forces are at
    least RULES.conquest_force_ratio of its enemy's: it must also be outmatched."""
    eng = engine(borea={"defense": 200.0})
    force_chance(eng, True)
    play(eng, {"aland": [Attack(target="borea")]})
    for _ in range(25):
        play(eng)
    assert eng.state.Y[1] < RULES.conquest_output_floor * 100.0
    assert eng.state.M[1] >= RULES.conquest_force_ratio * eng.state.M[0]
    assert eng.state.alive[1]


def test_two_states_crushed_in_the_same_turn_conquer_nobody():
    """Conquest is judged for every state at once, and a crushed state conquers nobody: when both
    sides of a war are crushed in the same turn, both survive and neither annexes the other (the
    order of the states does not decide it)."""
    for first, second in (("aland", "borea"), ("borea", "aland")):
        eng = engine(borea={"offense": 10.0, "defense": 20.0})
        force_chance(eng, True)
        play(eng, {first: [Attack(target=second)]})
        st = eng.state
        st.O[:2] = st.D[:2] = 0.1  # both armies destroyed (as by an exchange of all-out strikes)
        nothing = [Budget(military_share=0.0, offense_share=0.5)]  # and none rebuilt this turn
        play(eng, {"aland": nothing, "borea": nothing})
        assert st.alive[0] and st.alive[1], (first, second)
        assert not any(e.kind == "conquered" for e in eng.events)


def test_conquered_state_gives_no_orders():
    """A conquered state cannot give orders, not even an empty set."""
    eng = engine(3, borea={"offense": 0.1, "defense": 0.3})
    play(eng, {"aland": [Attack(target="borea")]})
    assert "borea" not in eng.pending()
    with pytest.raises(IllegalOrder, match="Borea has been conquered"):
        eng.submit("borea", [Budget(military_share=0.1, offense_share=0.5)])
    with pytest.raises(IllegalOrder, match="Borea has been conquered"):
        eng.submit("borea", [])


def test_conquered_state_stays_dead():
    """Conquest is final: the state stays dead, with no output or forces, for the rest of the game."""
    eng = engine(3, borea={"offense": 0.1, "defense": 0.3})
    play(eng, {"aland": [Attack(target="borea")]})
    for _ in range(5):
        play(eng)
    assert not eng.state.alive[1] and eng.state.Y[1] == 0.0 and eng.state.M[1] == 0.0


def test_conquest_clears_every_crisis_of_the_conquered():
    """A conquered state is on no rung of the ladder with anyone (no crisis with a state that no
    longer exists)."""
    eng = engine(3, borea={"offense": 0.1, "defense": 0.3})
    play(eng, {"borea": [Mobilise(target="cerulia")]})
    play(eng, {"aland": [Attack(target="borea")]})
    assert not eng.state.alive[1]
    assert (eng.state.rung[1] == 0).all() and (eng.state.rung[:, 1] == 0).all()


def test_last_state_standing_ends_the_game():
    """When only one state is left the game is over."""
    eng = engine(borea={"offense": 0.1, "defense": 0.3})
    play(eng, {"aland": [Attack(target="borea")]})
    assert eng.finished


# ---------------------------------------------------------------- allies


def allied_world(**kw):
    """Aland attacks Borea; Cerulia has a pact with Borea."""
    return engine(3, alliances=[("borea", "cerulia")], **kw)


def test_victims_allies_are_called_in():
    """When a state is attacked, its pact allies (and guarantors) are called to arms against the attacker."""
    eng = allied_world()
    report = play(eng, {"aland": [Attack(target="borea")]})
    ev = one(report.events, "ally_called")
    assert ev.actors == ("cerulia", "borea", "aland")
    assert eng.state.call_turn[2, 0] == 1 and eng.state.call_victim[2, 0] == 1


def test_guarantors_are_called_in():
    """A guarantor is called to arms when its protégé is attacked."""
    eng = engine(3, guarantees=[("cerulia", "borea")])
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert one(report.events, "ally_called").actors == ("cerulia", "borea", "aland")


def test_attackers_allies_are_not_called():
    """Pacts are defensive: the attacker's allies are not called in."""
    eng = engine(3, alliances=[("aland", "cerulia")])
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert not of_kind(report.events, "ally_called")


def test_ally_joining_is_an_alliance_war():
    """An ally answering the call by attacking the aggressor fights an 'alliance' war (chain-ganging)."""
    eng = allied_world()
    play(eng, {"aland": [Attack(target="borea")]})
    report = play(eng, {"cerulia": [Attack(target="aland")]})
    one(report.events, "ally_joined")
    assert one(report.events, "war_started").data["label"] == "alliance"
    assert WAR_LABELS[eng.state.war_label[2, 0]] == "alliance"
    assert eng.state.call_turn[2, 0] == NO_TURN
    assert eng.state.pact[1, 2]


def test_an_ally_joining_calls_no_one_in_its_turn():
    """An ally answering a call joins the war already fought: the aggressor's own allies are not
    called against it (a coalition grows; no new chain of calls starts)."""
    eng = engine(4, alliances=[("borea", "cerulia"), ("aland", "dorn")])
    play(eng, {"aland": [Attack(target="borea")]})
    report = play(eng, {"cerulia": [Attack(target="aland")]})
    one(report.events, "ally_joined")
    assert not of_kind(report.events, "ally_called")
    assert eng.state.call_turn[3, 2] == NO_TURN


def test_an_ally_that_just_made_peace_with_the_aggressor_is_not_called_again():
    """An ally that made peace with an aggressor is not called against it again for
    RULES.call_peace_turns turns; after that, a new attack calls it as before."""
    eng = allied_world(borea={"defense": 200.0}, cerulia={"defense": 200.0})
    play(eng, {"aland": [Attack(target="borea")]})
    play(eng, {"cerulia": [Attack(target="aland")]})
    play(eng, {"aland": [OfferPeace(target="borea"), OfferPeace(target="cerulia")],
               "borea": [OfferPeace(target="aland")], "cerulia": [OfferPeace(target="aland")]})
    assert not eng.state.war.any()
    peace_turn = eng.turn
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert not of_kind(report.events, "ally_called")
    play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    while eng.turn - peace_turn < RULES.call_peace_turns:
        play(eng)
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert one(report.events, "ally_called").actors == ("cerulia", "borea", "aland")


def test_refusing_the_call_breaks_the_pact():
    """Refusing an ally's call to arms breaks the pact and costs RULES.refuse_call_reputation."""
    eng = allied_world()
    play(eng, {"aland": [Attack(target="borea")]})
    report = play(eng, {"cerulia": [RefuseCall(target="aland")]})
    one(report.events, "ally_refused")
    assert not eng.state.pact[1, 2]
    assert eng.state.reputation[2] == pytest.approx(1.0 - RULES.refuse_call_reputation)


def test_letting_the_call_lapse_breaks_the_pact():
    """An ally that neither joins nor refuses within RULES.call_turns turns has let the call lapse:
    the pact breaks as if it had refused (buck-passing)."""
    eng = allied_world(borea={"defense": 200.0})
    play(eng, {"aland": [Attack(target="borea")]})
    report = play(eng)
    assert not of_kind(report.events, "call_lapsed") and eng.state.pact[1, 2]
    report = play(eng)
    one(report.events, "call_lapsed")
    assert not eng.state.pact[1, 2]
    assert eng.state.reputation[2] < 1.0


def test_peace_cancels_the_call_to_arms():
    """When the victim makes peace before its ally answers, the call is over: the ally can no longer
    refuse it and is not punished for letting it lapse."""
    eng = allied_world(borea={"defense": 200.0})
    play(eng, {"aland": [Attack(target="borea")]})
    play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    assert not eng.state.war[0, 1]
    with pytest.raises(IllegalOrder, match="No ally has called you"):
        eng.check("cerulia", [RefuseCall(target="aland")])
    report = play(eng)
    assert not of_kind(report.events, "call_lapsed")
    assert eng.state.pact[1, 2] and eng.state.reputation[2] == 1.0


def test_answering_a_call_after_peace_is_no_alliance_war():
    """An attack on the former aggressor after the victim made peace is the ally's own war, not an
    alliance war."""
    eng = allied_world(borea={"defense": 200.0})
    play(eng, {"aland": [Attack(target="borea")]})
    play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    report = play(eng, {"cerulia": [Attack(target="aland")]})
    assert not of_kind(report.events, "ally_joined")
    assert one(report.events, "war_started").data["label"] != "alliance"


def test_ally_that_attacks_in_the_same_turn_is_not_punished():
    """An ally that attacks the aggressor in the very turn its partner is attacked is fighting: the call
    it receives is answered, never 'lapsed'."""
    eng = allied_world(borea={"defense": 200.0}, cerulia={"defense": 200.0})
    play(eng, {"aland": [Attack(target="borea")], "cerulia": [Attack(target="aland")]})
    for _ in range(3):
        report = play(eng)
        assert not of_kind(report.events, "call_lapsed")
    assert eng.state.pact[1, 2] and eng.state.reputation[2] == 1.0


# ---------------------------------------------------------------- peace


def test_peace_needs_both_offers():
    """One side offering peace does not end a war; the war ends when the other side offers too
    (in the same turn or while the offer stands)."""
    eng = engine(borea={"defense": 200.0})
    play(eng, {"aland": [Attack(target="borea")]})
    report = play(eng, {"borea": [OfferPeace(target="aland")]})
    assert eng.state.war[0, 1] and not of_kind(report.events, "peace")
    report = play(eng, {"aland": [OfferPeace(target="borea")]})
    one(report.events, "peace")
    assert not eng.state.war[0, 1]


def test_peace_in_the_same_turn():
    """Both sides offering peace in the same turn ends the war at once; the dyad returns to rung 1."""
    eng = engine(borea={"defense": 200.0})
    play(eng, {"aland": [Attack(target="borea")]})
    report = play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    one(report.events, "peace")
    assert not eng.state.war.any() and eng.state.rung[0, 1] == 1
    assert not eng.state.war_attacker.any()


def test_a_decisive_war_ends_in_a_settlement():
    """At peace after a decisive war (output changed hands), the side behind cedes
    RULES.peace_settlement_share of its output to the other, and the record says so."""
    eng = engine()
    force_chance(eng, True)
    play(eng, {"aland": [Attack(target="borea")]})
    force_chance(eng, False)
    before = eng.state.Y.copy()
    report = play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    ev = one(report.events, "peace")
    assert ev.data["winner"] == "aland"
    assert "Borea ceded territory" in ev.text and "made peace" in ev.text
    ceded = ev.data["output_ceded"]
    assert ceded == pytest.approx(RULES.peace_settlement_share * (eng.state.Y[1] + ceded), abs=0.01)
    assert eng.state.Y[1] < before[1] - ceded + 1.0 and eng.state.Y[0] > before[0] + ceded - 1.0


def test_a_drawn_war_ends_without_a_settlement():
    """Peace after a war in which no output changed hands (a draw) cedes nothing."""
    eng = engine(borea={"defense": 200.0})
    force_chance(eng, False)
    play(eng, {"aland": [Attack(target="borea")]})
    eng.state.war_net[:] = 0.0  # every war turn has a winner: a draw is set by hand
    report = play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    ev = one(report.events, "peace")
    assert ev.data["winner"] == "draw" and ev.data["output_ceded"] == 0.0
    assert ev.text == "Aland and Borea made peace."


def test_peace_is_remembered():
    """The turn a war ended stays on the public record (a recent peace cools decisions)."""
    eng = engine(2)
    play(eng, {"aland": [Attack(target="borea")]})
    play(eng, {"aland": [OfferPeace(target="borea")], "borea": [OfferPeace(target="aland")]})
    assert eng.state.last_peace[0, 1] == eng.state.last_peace[1, 0] == eng.turn
    assert eng.view_for("aland").last_peace[0, 1] == eng.turn


# ---------------------------------------------------------------- labels


def test_attack_on_a_state_mobilised_against_the_attacker_is_preemptive():
    """An attack on a state that has mobilised against the attacker (their crisis at rung 3) is
    labelled preemptive: an attack on the attacker was believed imminent."""
    eng = engine()
    play(eng, {"borea": [Mobilise(target="aland")]})
    force_chance(eng, False)
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert one(report.events, "war_started").data["label"] == "preemptive"


def test_attack_on_a_state_mobilised_against_another_is_not_preemptive():
    """A mobilisation aimed at a third state is no sign of an attack coming: attacking the
    mobilised state is not preemptive."""
    eng = engine(3)
    play(eng, {"borea": [Mobilise(target="cerulia")]})
    force_chance(eng, False)
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert one(report.events, "war_started").data["label"] != "preemptive"


def test_a_brink_the_target_did_not_push_is_not_preemptive():
    """A crisis at rung 3 in which the target has neither mobilised nor escalated gives no reason
    to expect its attack: striking it is not preemptive (it was "preemptive" at any rung ≥ 3 before)."""
    eng = engine(rivalries=[("aland", "borea", 3)])
    force_chance(eng, False)
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert one(report.events, "war_started").data["label"] == "opportunistic"


def test_a_crisis_escalated_into_war_carries_the_escalators_label():
    """A war that starts when one side escalates a crisis from rung 4 is labelled like that side's
    attack: opportunistic when the other side had not mobilised (even if it escalated in the same
    turn: orders are simultaneous, so that could not be known), preemptive when it had."""
    for borea_escalates in (False, True):
        eng = engine(rivalries=[("aland", "borea", 4)], aland={"offense": 20.0})
        force_chance(eng, False)
        orders = {"aland": [CrisisResponse(target="borea", response="escalate")]}
        if borea_escalates:
            orders["borea"] = [CrisisResponse(target="aland", response="escalate")]
        ev = one(play(eng, orders).events, "war_started")
        assert ev.actors[:2] == ("aland", "borea") and ev.data["label"] == "opportunistic"
    eng = engine(rivalries=[("aland", "borea", 4)])
    force_chance(eng, False)
    play(eng, {"borea": [Mobilise(target="aland")]})
    report = play(eng, {"aland": [CrisisResponse(target="borea", response="escalate")]})
    ev = one(report.events, "war_started")
    assert ev.actors[:2] == ("aland", "borea") and ev.data["label"] == "preemptive"


def test_attack_on_a_rising_state_is_preventive():
    """An attack by a state whose projected share of power is falling (the target arms fast) is preventive."""
    eng = engine()
    play(eng, {"borea": [Budget(military_share=0.5, offense_share=0.2)]})
    report = play(eng, {"aland": [Attack(target="borea")]})
    ev = one(report.events, "war_started")
    assert ev.data["label"] == "preventive"
    assert ev.data["power_share_later"] < ev.data["power_share_now"]


def test_attack_with_no_fear_and_no_decline_is_opportunistic():
    """An attack neither on a state mobilised against the attacker, nor against a rising one, is opportunistic."""
    eng = engine()
    report = play(eng, {"aland": [Attack(target="borea")]})
    assert one(report.events, "war_started").data["label"] == "opportunistic"
    assert combat.label_war(eng.state, 0, 1, called=True) == "alliance"


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
