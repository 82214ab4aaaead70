"""Fearon (DESIGN.md §9.4): preventive war rises sharply past the power-shift bound
δ(p₀−p₁) > (1−δ)(1−p₀+c); preemption past the first-strike bound p_f − p_s > c_i + c_j; almost
none between states with mutual second-strike forces; and since war is costly, wars end in
settlements (the bargaining range). Bounds are computed from the scenario's
forces, Ω and the doctrine's δ and c with the Hirshleifer contest — not written into the test."""
from __future__ import annotations

import math

import pytest

from game.ai.doctrines.realists import DefensiveRealist
from game.ai.reasoning.war import DECISION_TURNS
from game.core import combat
from game.core.commands import Attack, Mobilise, OfferPeace
from game.core.state import RULES
from tests.ai.helpers import QUIET, Scripted, doctrine, frozen_mind, grow, hold, run, scenario

SEEDS = range(8)
P = DefensiveRealist.params
DECLINER = dict(adjust=0.0, **{**QUIET, "preventive": True, "preemptive": True})


def _contest(omega: float, attack: float, defense: float) -> float:
    """The chance of prevailing in a war (most of the turns the AI judges a war by) in the
    Hirshleifer contest."""
    return combat.war_win_probability(combat.win_probability(attack * omega, defense), DECISION_TURNS)


# --- preventive war -----------------------------------------------------------------------------

A_OFF, A_DEF, B_OFF, B_DEF, OMEGA = 30.0, 10.0, 12.0, 18.0, 2.0
B_MU = B_OFF / (B_OFF + B_DEF)


TURNS = 14


def _fearon_met(rival_growth: float) -> bool:
    """Is Fearon's condition met at some turn of the game, for a rival rising at this rate?
    At turn k the rival's forces are (1 + r)^k of their opening, and the decliner projects them
    five turns on: δ(p₀ − p₁) > (1 − δ)(1 − p₀ + c), with a shift of at least 0.1 (the doctrine
    does not go to war over less). From turn 2 on: a trend needs two turns to be seen."""
    rival_defense = B_DEF + RULES.defender_offense_weight * B_OFF
    for k in range(2, TURNS):
        now = (1 + rival_growth) ** k
        p0 = _contest(OMEGA, A_OFF, now * rival_defense)
        p1 = _contest(OMEGA, A_OFF, now * (1 + rival_growth) ** 5 * rival_defense)
        if p0 >= 0.5 and p0 - p1 >= 0.1 and P.discount * (p0 - p1) > (1 - P.discount) * (1 - p0 + P.war_cost):
            return True
    return False


def _shift_bound() -> float:
    """The slowest rise of the rival that meets Fearon's condition within the game."""
    lo, hi = 0.0, 1.0
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if _fearon_met(mid) else (mid, hi)
    return hi


def _preventive_wars(rival_growth: float, warheads: float = 0.0) -> float:
    wars = 0
    for seed in SEEDS:
        sc = scenario(2, turns=TURNS, seed=seed, world=dict(offense_defense=OMEGA, distinguishability=1.0, intel_noise=0.02),
                      aland={"offense": A_OFF, "defense": A_DEF, "warheads": warheads},
                      borea={"offense": B_OFF, "defense": B_DEF, "warheads": warheads})
        # Aland holds its forces and its posture; it believes Borea probably greedy (frozen at 80 %).
        ai = doctrine(mind=frozen_mind(0.8), offense_base=A_OFF / (A_OFF + A_DEF) + P.offense_signal - P.offense_omega,
                      **DECLINER)
        eng = run(sc, {"aland": ai, "borea": Scripted(grow(rival_growth, B_MU))}, seed=seed)
        wars += any(e.kind == "war_started" and e.actors[0] == "aland" for e in eng.events)
    return wars / len(SEEDS)


def test_the_power_shift_bound_is_where_it_should_be():
    """Sanity of the setting: the bound lies within the growth a rival can afford."""
    assert 0.01 < _shift_bound() < 0.1


def test_no_preventive_war_below_the_power_shift_bound():
    """A rival rising at half the bound's rate is not worth a war now."""
    assert _preventive_wars(0.5 * _shift_bound()) <= 0.1


def test_preventive_war_past_the_power_shift_bound():
    """A rival rising well past the bound (twice its rate) is attacked while there is time."""
    assert _preventive_wars(2 * _shift_bound()) >= 0.8


def test_no_preventive_war_under_mutual_second_strike():
    """Past the bound, but both sides can retaliate with nuclear weapons: no war."""
    assert _preventive_wars(2 * _shift_bound(), warheads=2 * RULES.second_strike_warheads) == 0.0


# --- preemption ---------------------------------------------------------------------------------

FORCES = 20.0


def _first_strike_advantage(omega: float) -> float:
    """p_f − p_s when the rival has mobilised: striking first against its mobilised defences, or
    defending against its mobilised attack."""
    bonus = 1 + RULES.mobilisation_bonus
    lam = RULES.defender_offense_weight
    p_f = _contest(omega, FORCES, (FORCES + lam * FORCES) * bonus)
    p_s = 1 - _contest(omega, FORCES * bonus, FORCES + lam * FORCES)
    return p_f - p_s


def _omega_bound() -> float:
    lo, hi = 0.5, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if _first_strike_advantage(mid) > 2 * P.war_cost:
            hi = mid
        else:
            lo = mid
    return hi


def _preemptive_wars(omega: float, warheads: float = 0.0) -> tuple[float, list[str]]:
    wars, labels = 0, []
    for seed in SEEDS:
        sc = scenario(2, turns=4, seed=seed, world=dict(offense_defense=omega, distinguishability=1.0, intel_noise=0.02),
                      aland={"offense": FORCES, "defense": FORCES, "warheads": warheads},
                      borea={"offense": FORCES, "defense": FORCES, "warheads": warheads})
        ai = doctrine(mind=frozen_mind(0.8), offense_base=0.5 + P.offense_signal - P.offense_omega * math.log2(omega),
                      **DECLINER)
        mobiliser = Scripted(lambda v: hold(v) + ([Mobilise(target="aland")] if v.turn == 0 else []))
        eng = run(sc, {"aland": ai, "borea": mobiliser}, seed=seed)
        started = [e for e in eng.events if e.kind == "war_started" and e.actors[0] == "aland"]
        wars += bool(started)
        labels += [e.data["label"] for e in started]
    return wars / len(SEEDS), labels


def test_no_preemption_below_the_first_strike_bound():
    """The rival mobilises, but striking first gains less than war costs both sides."""
    omega = 0.6 * _omega_bound()
    assert _first_strike_advantage(omega) < 2 * P.war_cost
    rate, _ = _preemptive_wars(omega)
    assert rate <= 0.1


def test_preemption_past_the_first_strike_bound():
    """The rival mobilises and offense dominates enough that moving first pays: a preemptive war."""
    omega = 1.4 * _omega_bound()
    assert _first_strike_advantage(omega) > 2 * P.war_cost
    rate, labels = _preemptive_wars(omega)
    assert rate >= 0.8
    assert set(labels) == {"preemptive"}


def test_no_preemption_under_mutual_second_strike():
    """Past the first-strike bound, but both sides keep a survivable second strike: no war."""
    rate, _ = _preemptive_wars(1.4 * _omega_bound(), warheads=2 * RULES.second_strike_warheads)
    assert rate == 0.0


@pytest.mark.parametrize("p0,p1,expected", [(0.8, 0.79, False), (0.8, 0.5, True)])
def test_fearon_bound_function(p0, p1, expected):
    """The decision rule itself: δ(p₀−p₁) > (1−δ)(1−p₀+c)."""
    from game.ai.reasoning.war import fearon_bound

    assert fearon_bound(p0, p1, 0.9, 0.25)[0] is expected


# --- war termination ----------------------------------------------------------------------------
# Fearon: war's costs open a bargaining range, so wars end in settlements. The AI offers (or
# accepts) peace with a chance logistic in what peace is worth against fighting on; the side
# behind in a decisive war cedes territory at peace (the rules).


def _war_on_aland(borea: dict, aland: dict | None = None, borea_offers_from: int | None = None,
                  turns: int = 6) -> list:
    """Borea (scripted) attacks Aland (a defensive-realist AI) on turn 1 and, from turn
    `borea_offers_from` on, offers peace every turn. The games, one per seed."""
    out = []
    for seed in SEEDS:
        sc = scenario(2, turns=turns, seed=seed, world=dict(offense_defense=1.5, distinguishability=0.5),
                      aland=aland or {}, borea=borea)

        def borea_plan(v):
            orders = hold(v) + ([Attack(target="aland")] if v.turn == 0 else [])
            if borea_offers_from is not None and v.turn >= borea_offers_from and v.war[1, 0]:
                orders.append(OfferPeace(target="aland"))
            return orders

        out.append(run(sc, {"aland": doctrine(), "borea": Scripted(borea_plan)}, seed=seed))
    return out


def test_the_losing_side_sues_for_peace():
    """Attacked by a far stronger state, an AI expects to lose ground every turn: peace, even at
    the price of territory, is worth more than fighting on, and it offers it at once."""
    games = _war_on_aland({"offense": 60.0, "defense": 20.0})
    offered = [any(e.kind == "peace_offered" and e.actors[0] == "aland" and e.turn == 2 for e in g.events) for g in games]
    assert sum(offered) >= 0.8 * len(games)


def test_a_winner_accepts_the_losers_terms():
    """A greedy AI holding off a weak attacker that sues for peace accepts within a few turns: the
    settlement the loser cedes is worth more than the ground still to be won. The war ends in a
    settlement, not a conquest."""
    # Aland defends well but attacks poorly: it does not strike first itself.
    games = _war_on_aland({"offense": 8.0, "defense": 10.0}, {"type": "greedy", "offense": 5.0, "defense": 40.0},
                          borea_offers_from=1)
    ended = [next((e for e in g.events if e.kind == "peace"), None) for g in games]
    assert sum(e is not None and e.turn <= 4 for e in ended) >= 0.8 * len(games)
    assert all(g.state.alive.all() for g in games)
    settled = [e for e in ended if e is not None and e.data["winner"] == "aland"]
    assert settled and all(e.data["output_ceded"] > 0 and "Borea ceded territory" in e.text for e in settled)


def test_fighting_on_is_worth_less_the_longer_the_war_and_the_worse_the_odds():
    """The model behind the peace decision: a turn of fighting on is worth less the longer the
    war has lasted (war weariness) and the lower the chance of winning the turn; the settlement
    expected at peace is worth more the better that chance."""
    from game.ai.reasoning.war import fighting_on, settlement
    from tests.core.world import engine, play

    eng = engine()
    play(eng, {"aland": [Attack(target="borea")]})
    view = eng.view_for("aland")
    for attacker in (True, False):
        by_length = [fighting_on(view, 1, 0.6, attacker, lasted) for lasted in (0, 4, 8)]
        assert by_length[0] > by_length[1] > by_length[2]
        by_odds = [fighting_on(view, 1, p, attacker, 2) for p in (0.2, 0.5, 0.8)]
        assert by_odds[0] < by_odds[1] < by_odds[2]
    terms = [settlement(view, 1, p) for p in (0.2, 0.5, 0.8)]
    assert terms[0] < 0 < terms[2] and terms[0] < terms[1] < terms[2]
