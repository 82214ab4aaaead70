"""Legality (DESIGN.md §1: an illegal order raises IllegalOrder with a reason a player can read).

One test per reason `check_order` (and the engine) can give, each built from a real situation;
and `legal_orders(view)` offers only orders the engine accepts."""
from __future__ import annotations

import re

import pytest

from game.core import rules
from game.core.commands import (
    AcceptPact,
    ArmsControlOffer,
    Attack,
    Budget,
    CrisisResponse,
    DilemmaMove,
    EndGuarantee,
    Guarantee,
    LeavePact,
    Mobilise,
    OfferPeace,
    Pledge,
    ProposePact,
    RefuseCall,
    Threat,
    Transparency,
    UnilateralCut,
)
from game.core.engine import Engine
from game.core.state import RULES
from game.scenario.loading import load_scenario
from game.errors import IllegalOrder, OrderError
from game.match.policies import RandomOrders

from .world import engine, force_chance, play, scenario

DILEMMA = {"payoffs": {"R": 3, "T": 5, "S": 0, "P": 1}}


def refused(eng, sid, orders, *names: str) -> str:
    """The reason the engine gives for refusing `orders`, checked for readability: a sentence (capital
    first, full stop last), no internals (numpy reprs, indices, class names), naming the states it is about."""
    with pytest.raises(OrderError) as err:
        eng.submit(sid, orders)
    msg = str(err.value)
    assert msg == err.value.reason
    assert msg[0].isupper() and msg.rstrip("'\"").endswith("."), msg
    assert not re.search(r"np\.|numpy|array\(|Traceback|<class|\bNone\b", msg), msg
    assert len(msg) < 320, msg
    for name in names:
        assert name in msg, (name, msg)
    return msg


def at_war(**kw):
    eng = engine(3, borea={"defense": 300.0}, **kw)
    force_chance(eng, False)
    play(eng, {"aland": [Attack(target="borea")]})
    return eng


def conquered_borea():
    eng = engine(3, borea={"offense": 0.1, "defense": 0.3})
    play(eng, {"aland": [Attack(target="borea")]})
    assert not eng.state.alive[1]
    return eng


# ---------------------------------------------------------------- who and what


def test_conquered_state_gives_no_orders():
    """A conquered state gives no orders."""
    eng = conquered_borea()
    assert "gives no orders" in refused(eng, "borea", [Budget(military_share=0.1, offense_share=0.5)], "Borea")
    with pytest.raises(IllegalOrder, match="gives no orders"):
        rules.check_order(eng.state, 1, Budget(military_share=0.1, offense_share=0.5))


def test_unknown_state_cannot_submit():
    """Orders for a state that is not in the game are refused, naming what was given."""
    eng = engine()
    assert "'atlantis'" in refused(eng, "atlantis", [])


def test_dilemma_has_only_moves():
    """In the repeated dilemma the only order is a move."""
    eng = engine(dilemma=DILEMMA)
    assert "restrain or to arm" in refused(eng, "aland", [Budget(military_share=0.1, offense_share=0.5)])


def test_moves_only_in_the_dilemma():
    """Outside the repeated dilemma there are no dilemma moves."""
    assert "not a repeated dilemma" in refused(engine(), "aland", [DilemmaMove(move="arm")])


def test_one_budget_a_turn():
    """A state gives one budget a turn."""
    b = Budget(military_share=0.1, offense_share=0.5)
    assert "Only one budget" in refused(engine(), "aland", [b, b])


def test_one_move_a_turn():
    """A dilemma player makes one move a turn."""
    eng = engine(dilemma=DILEMMA)
    assert "Only one move" in refused(eng, "aland", [DilemmaMove(move="arm"), DilemmaMove(move="restrain")])


def test_target_must_exist():
    """An order toward a state that does not exist is refused, naming what was written."""
    assert "'atlantis'" in refused(engine(), "aland", [ProposePact(target="atlantis")])


def test_target_is_not_oneself():
    """An order needs another state as its target."""
    assert "not yourself" in refused(engine(), "aland", [Threat(target="aland")])


def test_target_must_be_alive():
    """No order toward a conquered state."""
    eng = conquered_borea()
    assert "conquered" in refused(eng, "cerulia", [ProposePact(target="borea")], "Borea")


def test_same_order_twice_toward_one_state():
    """The same order toward the same state twice in a turn is refused."""
    assert "already gave that order" in refused(engine(), "aland", [Pledge(target="borea"), Pledge(target="borea")], "Borea")


def test_invalid_order_data():
    """Order data that is not an order is refused with the field and the problem."""
    eng = engine()
    msg = refused(eng, "aland", [{"kind": "budget", "military_share": 0.9, "offense_share": 0.5}])
    assert "military_share" in msg and "0.5" in msg
    assert "kind" in refused(eng, "aland", [{"kind": "surrender", "target": "borea"}])
    assert "Not a valid order" in refused(eng, "aland", ["attack borea"])


# ---------------------------------------------------------------- alliances


@pytest.mark.parametrize("order", [ProposePact(target="borea"), Guarantee(target="borea"), Pledge(target="borea"),
                                   Transparency(target="borea"), ArmsControlOffer(target="borea")])
def test_no_friendly_offers_while_at_war(order):
    """Pacts, guarantees, pledges, transparency and arms control are not offered to an enemy at war."""
    assert "make peace first" in refused(at_war(), "aland", [order], "Borea")


def test_accept_needs_peace():
    """Accepting a pact from a state one is at war with is refused."""
    eng = engine(borea={"defense": 300.0})
    play(eng, {"borea": [ProposePact(target="aland")]})
    force_chance(eng, False)
    play(eng, {"borea": [Attack(target="aland")]})
    assert "make peace first" in refused(eng, "aland", [AcceptPact(target="borea")], "Borea")


def test_no_second_pact():
    """A pact cannot be proposed or accepted where one exists."""
    eng = engine(alliances=[("aland", "borea")])
    assert "already have a defensive pact" in refused(eng, "aland", [ProposePact(target="borea")], "Borea")
    assert "already have a defensive pact" in refused(eng, "aland", [AcceptPact(target="borea")], "Borea")


def test_pact_offer_still_stands():
    """A pact offer is not repeated while it stands."""
    eng = engine()
    play(eng, {"aland": [ProposePact(target="borea")]})
    assert "still stands" in refused(eng, "aland", [ProposePact(target="borea")], "Borea")


@pytest.mark.parametrize("kind", ["pact", "arms_control"])
def test_the_tables_of_offers_open_say_what_offer_open_says(kind):
    """offers_open (every pair) and offers_open_to (the offers to one state) agree with offer_open,
    for offers made on different turns, one of them lapsed, and for orders given early in a game
    (`now` before any offer could have lapsed)."""
    eng = engine(4)
    offer = ProposePact if kind == "pact" else ArmsControlOffer
    play(eng, {"aland": [offer(target="borea")], "cerulia": [offer(target="borea")]})
    for _ in range(RULES.offer_turns - 1):
        play(eng)
    play(eng, {"dorn": [offer(target="borea")], "aland": [offer(target="cerulia")]})
    st = eng.state
    seen = set()
    for now in (0, 1, st.turn):
        table = rules.offers_open(st, kind, now)
        for j in range(st.n):
            column = rules.legality.offers_open_to(st, kind, j, now)
            expected = [rules.offer_open(st, kind, i, j, now) for i in range(st.n)]
            assert column == expected == table[:, j].tolist()
            assert all(type(x) is bool for x in column)
            seen.update((now, i, j) for i, is_open in enumerate(column) if is_open)
    assert (st.turn, 3, 1) in seen and (st.turn, 0, 2) in seen  # the last turn's offers stand
    assert (st.turn, 0, 1) not in seen and (st.turn, 2, 1) not in seen  # the first have lapsed
    assert (0, 0, 1) in seen  # (before it could have)


def test_accept_needs_an_offer():
    """Only an offer that stands can be accepted."""
    assert "has not offered you a pact" in refused(engine(), "aland", [AcceptPact(target="borea")], "Borea")


def test_leave_needs_a_pact():
    """Only an existing pact can be left."""
    assert "no pact" in refused(engine(), "aland", [LeavePact(target="borea")], "Borea")


def test_no_second_guarantee():
    """A guarantee is not given twice."""
    eng = engine(3, guarantees=[("aland", "borea")])
    assert "already guarantee" in refused(eng, "aland", [Guarantee(target="borea")], "Borea")


def test_end_guarantee_needs_a_guarantee():
    """Only an existing guarantee can be withdrawn."""
    assert "do not guarantee" in refused(engine(), "aland", [EndGuarantee(target="borea")], "Borea")


@pytest.mark.parametrize("friendly", [ProposePact(target="borea"), Guarantee(target="borea")])
@pytest.mark.parametrize("hostile", [Threat(target="borea"), Mobilise(target="borea"), Attack(target="borea")])
def test_alliance_and_hostility_contradict(friendly, hostile):
    """An offer of alliance (pact, guarantee) and a hostile act toward the same state in one turn
    contradict each other, in either order."""
    for orders in ([friendly, hostile], [hostile, friendly]):
        assert "contradict" in refused(engine(), "aland", orders, "Borea")


# ---------------------------------------------------------------- reassurance


def test_pledge_already_holds():
    """A second pledge is refused while the first holds, saying until when."""
    eng = engine()
    play(eng, {"aland": [Pledge(target="borea")]})
    assert f"until turn {1 + RULES.pledge_turns}" in refused(eng, "aland", [Pledge(target="borea")], "Borea")


@pytest.mark.parametrize("hostile", [Threat(target="borea"), Mobilise(target="borea"), Attack(target="borea")])
def test_pledge_and_hostility_contradict(hostile):
    """A pledge of restraint and a hostile act toward the same state in one turn contradict each other, in either order."""
    assert "contradict" in refused(engine(), "aland", [hostile, Pledge(target="borea")], "Borea")
    assert "contradict" in refused(engine(), "aland", [Pledge(target="borea"), hostile], "Borea")


def test_one_cut_a_turn():
    """One unilateral cut a turn, whatever its target."""
    eng = engine(3)
    assert "One unilateral cut" in refused(eng, "aland", [UnilateralCut(target="borea"), UnilateralCut(target="cerulia")])


def test_cut_needs_forces_to_cut():
    """A state at minimal forces cannot cut further."""
    eng = engine(aland={"offense": 0.5, "defense": 0.6})
    assert "minimum" in refused(eng, "aland", [UnilateralCut(target="borea")])


def test_transparency_already_open():
    """Transparency is not offered again while it lasts, saying until when."""
    eng = engine()
    play(eng, {"aland": [Transparency(target="borea")]})
    assert f"until turn {1 + RULES.transparency_turns}" in refused(eng, "aland", [Transparency(target="borea")], "Borea")


def test_no_second_arms_control():
    """An arms-control agreement is not offered where one exists."""
    eng = engine()
    play(eng, {"aland": [ArmsControlOffer(target="borea")], "borea": [ArmsControlOffer(target="aland")]})
    assert "already have an arms-control" in refused(eng, "aland", [ArmsControlOffer(target="borea")], "Borea")


def test_arms_control_offer_still_stands():
    """An arms-control offer is not repeated while it stands."""
    eng = engine()
    play(eng, {"aland": [ArmsControlOffer(target="borea")]})
    assert "still stands" in refused(eng, "aland", [ArmsControlOffer(target="borea")], "Borea")


# ---------------------------------------------------------------- deterrence


def test_no_threat_at_war():
    """A state at war does not threaten its enemy (the war is already on)."""
    assert "already at war" in refused(at_war(), "aland", [Threat(target="borea")], "Borea")


def test_no_threat_against_an_ally():
    """An ally is not threatened without leaving the pact first."""
    eng = engine(alliances=[("aland", "borea")])
    assert "your ally" in refused(eng, "aland", [Threat(target="borea")], "Borea")


def test_one_standing_threat():
    """A public threat is not repeated while it stands."""
    eng = engine()
    play(eng, {"aland": [Threat(target="borea")]})
    assert "already stand on a public threat" in refused(eng, "aland", [Threat(target="borea")], "Borea")


def test_extended_threat_protege_must_exist():
    """An extended threat names a protégé that exists."""
    assert "'atlantis'" in refused(engine(3), "aland", [Threat(target="borea", protege="atlantis")])


def test_extended_threat_protege_is_a_third_state():
    """The protégé of an extended threat is neither the threatener nor the target."""
    eng = engine(3)
    assert "third state" in refused(eng, "aland", [Threat(target="borea", protege="borea")])
    assert "third state" in refused(eng, "aland", [Threat(target="borea", protege="aland")])


def test_extended_threat_protege_alive():
    """No extended threat on behalf of a conquered state."""
    eng = engine(4, borea={"offense": 0.1, "defense": 0.3}, guarantees=[("cerulia", "borea")])
    play(eng, {"aland": [Attack(target="borea")]})
    assert "conquered" in refused(eng, "cerulia", [Threat(target="dorn", protege="borea")], "Borea")


def test_extended_threat_needs_a_commitment():
    """An extended threat needs a pact with, or a guarantee of, the protégé."""
    msg = refused(engine(3), "aland", [Threat(target="borea", protege="cerulia")], "Cerulia")
    assert "ally or a state you guarantee" in msg


def test_already_mobilised():
    """A mobilised state cannot mobilise again until its mobilisation ends, and is told how long."""
    eng = engine(3)
    play(eng, {"aland": [Mobilise(target="borea")]})
    assert f"({RULES.mobilisation_turns} more turns)" in refused(eng, "aland", [Mobilise(target="cerulia")])


def test_one_mobilisation_a_turn():
    """One mobilisation a turn, whatever its target."""
    assert "One mobilisation" in refused(engine(3), "aland", [Mobilise(target="borea"), Mobilise(target="cerulia")])


def test_no_mobilisation_against_an_ally():
    """No mobilisation against an ally."""
    eng = engine(alliances=[("aland", "borea")])
    assert "your ally" in refused(eng, "aland", [Mobilise(target="borea")], "Borea")


# ---------------------------------------------------------------- crises and war


def test_crisis_response_needs_a_crisis():
    """Firm, back down and escalate answer an open crisis (rung 2 or more), naming the rung there is."""
    msg = refused(engine(), "aland", [CrisisResponse(target="borea", response="firm")], "Borea")
    assert "no crisis" in msg and "rivalry" in msg


def test_at_war_only_escalation():
    """In a war the only crisis response is to escalate (fight on or offer peace otherwise)."""
    eng = at_war(aland={"warheads": 20.0})
    assert "offer peace" in refused(eng, "aland", [CrisisResponse(target="borea", response="back_down")], "Borea")


def test_war_escalation_needs_warheads():
    """Only a state with nuclear weapons escalates a war."""
    assert "nuclear weapons" in refused(at_war(), "aland", [CrisisResponse(target="borea", response="escalate")])


def test_no_rung_above_seven():
    """There is nothing above general nuclear war."""
    eng = at_war(aland={"warheads": 20.0})
    eng.state.rung[0, 1] = eng.state.rung[1, 0] = 7  # reached by two escalations; set directly to stay one turn
    assert "no rung above" in refused(eng, "aland", [CrisisResponse(target="borea", response="escalate")])


def test_no_attack_when_already_at_war():
    """A state at war with the target cannot attack it again."""
    assert "already at war" in refused(at_war(), "aland", [Attack(target="borea")], "Borea")


def test_no_attack_on_an_ally():
    """An ally is not attacked without leaving the pact first."""
    eng = engine(alliances=[("aland", "borea")])
    assert "defensive pact" in refused(eng, "aland", [Attack(target="borea")], "Borea")


def test_peace_needs_a_war():
    """Peace is offered only in a war."""
    assert "not at war" in refused(engine(), "aland", [OfferPeace(target="borea")], "Borea")


def test_refusal_needs_a_call():
    """Only a call to arms that stands can be refused."""
    assert "No ally has called you" in refused(engine(), "aland", [RefuseCall(target="borea")], "Borea")


def test_join_and_refuse_contradict():
    """An ally cannot both join the war on the aggressor and refuse the call, in either order."""
    eng = engine(3, alliances=[("borea", "cerulia")], borea={"defense": 300.0})
    force_chance(eng, False)
    play(eng, {"aland": [Attack(target="borea")]})
    for orders in ([Attack(target="aland"), RefuseCall(target="aland")], [RefuseCall(target="aland"), Attack(target="aland")]):
        assert "both join" in refused(eng, "cerulia", orders, "Aland")


# ---------------------------------------------------------------- legal_orders


def test_dead_state_has_no_legal_orders():
    """legal_orders offers a conquered state nothing."""
    eng = conquered_borea()
    assert rules.legal_orders(eng.view_for("borea")) == []


def test_dilemma_legal_orders_are_the_two_moves():
    """In the repeated dilemma the legal orders are the two moves."""
    eng = engine(dilemma=DILEMMA)
    assert [o.move for o in rules.legal_orders(eng.view_for("aland"))] == ["restrain", "arm"]


def _worlds():
    yield load_scenario("two_neighbours")
    yield scenario(5, turns=25, alliances=[("aland", "borea")], guarantees=[("cerulia", "dorn")],
                   rivalries=[("aland", "estra", 3)], dorn={"warheads": 15.0}, estra={"warheads": 4.0},
                   borea={"offense": 2.0, "defense": 3.0})


def test_legal_orders_are_accepted_by_the_engine():
    """Every order legal_orders(view) offers, the engine accepts (alone), in every situation that
    random play reaches — and random play reaches most kinds of order."""
    kinds = set()
    for sc in _worlds():
        for seed in range(3):
            eng = Engine(sc, seed=seed)
            ctl = RandomOrders(max_orders=4, attack_weight=0.15)
            while not eng.finished:
                for sid in eng.pending():
                    view = eng.view_for(sid)
                    for order in rules.legal_orders(view):
                        kinds.add(order.kind if order.kind != "crisis" else f"crisis:{order.response}")
                        eng.submit(sid, [order])
                        eng.withdraw(sid)
                    eng.submit(sid, ctl.decide(view, eng.ai_rng(sid)).orders)
                eng.advance()
    expected = {"budget", "propose_pact", "accept_pact", "leave_pact", "guarantee", "end_guarantee", "pledge",
                "unilateral_cut", "transparency", "arms_control", "threat", "mobilise", "crisis:firm",
                "crisis:back_down", "crisis:escalate", "attack", "peace", "refuse_call"}
    assert expected <= kinds, expected - kinds


def test_legal_orders_include_extended_threats():
    """legal_orders offers an extended threat for every protégé one is committed to."""
    eng = engine(3, guarantees=[("aland", "cerulia")])
    threats = [o for o in rules.legal_orders(eng.view_for("aland")) if o.kind == "threat"]
    assert Threat(target="borea", protege="cerulia") in threats
    assert all(o.protege in (None, "cerulia") for o in threats)


# --- orders the caller already checked (Engine.submit(..., checked_against=view)) ------------------


def test_orders_checked_against_this_turns_view_are_accepted_without_a_second_check(monkeypatch):
    """The reasoning core checks each order against the view the engine gave it; submitted with
    that view, the orders go in as they are (the AI's orders are not checked twice)."""
    eng = engine(2)
    view = eng.view_for("aland")
    orders = rules.check_orders(view, view.me, [Budget(military_share=0.1, offense_share=0.4), Pledge(target="borea")])
    calls = []
    monkeypatch.setattr(Engine, "check", lambda self, sid, o: calls.append(sid) or list(o))
    eng.submit("aland", orders, checked_against=view)
    assert calls == [] and eng.submitted("aland") == orders


def test_a_view_from_an_earlier_turn_does_not_spare_the_check():
    """Orders checked against last turn's view are checked again: the world has moved on (here a
    pledge made last turn still holds, so pledging again is illegal)."""
    eng = engine(2)
    old = eng.view_for("aland")
    play(eng, {"aland": [Pledge(target="borea")]})
    with pytest.raises(IllegalOrder, match="pledge"):
        eng.submit("aland", [Pledge(target="borea")], checked_against=old)


def test_another_states_view_does_not_spare_the_check():
    """A view given to another state vouches for nothing about this state's orders."""
    eng = engine(2)
    borea_view = eng.view_for("borea")
    with pytest.raises(IllegalOrder, match="yourself"):
        eng.submit("aland", [Pledge(target="aland")], checked_against=borea_view)


def test_a_view_the_engine_did_not_give_does_not_spare_the_check():
    """A view built elsewhere (not the one this engine last gave the state) is no warrant."""
    from game.core.view import make_view

    eng = engine(2)
    eng.view_for("aland")
    forged = make_view(eng.state, 0)
    with pytest.raises(IllegalOrder, match="yourself"):
        eng.submit("aland", [Pledge(target="aland")], checked_against=forged)
