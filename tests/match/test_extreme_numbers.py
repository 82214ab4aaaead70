"""Numerical safety: any scenario `check` accepts plays to its end through the match loop — no
exception, every number in the world finite, and summary.json valid JSON (no NaN, no Infinity)."""
from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from pydantic import ValidationError
from hypothesis import strategies as hs

from game.match.games import doctrine_controllers
from game.match.match import Match, controller_seats
from game.match.outputs import summary
from game.match.policies import RandomOrders
from tests.core.world import scenario

# The edges of what a scenario file may say (game.scenario.models' bounds) and a few ordinary values.
ECONOMY = hs.sampled_from([0.01, 0.0100001, 1.0, 100.0, 1e6])
FORCES = hs.sampled_from([0.0, -0.0, 5e-324, 1e-200, 1e-12, 0.01, 1.0, 50.0, 1e6])
WARHEADS = hs.sampled_from([0.0, 1e-200, 1.0, 30.0, 1e5])
GROWTH = hs.sampled_from([-0.1, 0.0, 0.2])
PAYOFF = hs.sampled_from([-1e6, -999999.9, -1.0, 0.0, 3.0, 999999.9, 1e6])

state = hs.fixed_dictionaries({"economy": ECONOMY, "offense": FORCES, "defense": FORCES, "warheads": WARHEADS,
                               "growth": GROWTH, "type": hs.sampled_from(["security_seeker", "greedy"])})
world = hs.fixed_dictionaries({"offense_defense": hs.sampled_from([1e-9, 0.33, 1.0, 5.0]),
                               "distinguishability": hs.sampled_from([0.0, 1.0]),
                               "intel_noise": hs.sampled_from([0.0, 1.0])})


def finite_world(match: Match) -> list[str]:
    st = match.engine.state
    return [name for name in ("Y", "O", "D", "N", "welfare", "reputation", "belief", "threat", "M_est")
            if not np.isfinite(np.asarray(getattr(st, name), dtype=float)).all()]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states=hs.lists(state, min_size=2, max_size=4), world=world, seed=hs.integers(0, 2**32 - 1),
       doctrines=hs.booleans())
def test_extreme_scenario_numbers_play_a_whole_game(states, world, seed, doctrines):
    """Forces of 1e-200, −0.0, an economy of 1e-300 or 1e6, warheads at the limit: whole games
    (AI doctrines or random legal orders, wars included) end with finite numbers everywhere."""
    try:
        sc = scenario(states, turns=8, seed=seed % 1000, world=world)
    except ValidationError:
        assume(False)  # `check` refuses it (forces below the minimum): nothing to play
    controllers = doctrine_controllers(sc) if doctrines else {
        sid: RandomOrders(max_orders=4, attack_weight=0.5) for sid in sc.state_ids}
    match = Match(sc, controller_seats(controllers), seed=seed).play()
    assert finite_world(match) == []
    json.dumps(summary(match.engine), allow_nan=False)


@settings(max_examples=20, deadline=None)
@given(values=hs.lists(PAYOFF, min_size=4, max_size=4, unique=True), seed=hs.integers(0, 1000))
def test_extreme_payoffs_keep_scores_finite(values, seed):
    """A repeated dilemma whose payoffs sit at the float limit scores finite numbers, and its
    summary is valid JSON."""
    S, P, R, T = sorted(values)  # a prisoner's dilemma: T > R > P > S
    assume(2 * R > T + S)  # and a repeated one: mutual restraint beats taking turns
    sc = scenario(2, turns=30, seed=seed, dilemma={"payoffs": {"R": R, "T": T, "S": S, "P": P}})
    match = Match(sc, controller_seats(doctrine_controllers(sc)), seed=seed).play()
    assert np.isfinite(match.engine.state.dilemma_score).all()
    json.dumps(summary(match.engine), allow_nan=False)
