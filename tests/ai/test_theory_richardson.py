"""Richardson (DESIGN.md §9.2): with beliefs frozen, arms converge when a·b > k·l and run away
when k·l > a·b. The coefficients are read off the AI's own reaction function for the scenario;
the test then picks beliefs that put the pair on either side of the line."""
from __future__ import annotations

import numpy as np
import pytest

from game.ai.reasoning.arms import reaction_coefficients
from game.ai.doctrines.realists import DefensiveRealist
from tests.ai.helpers import QUIET, doctrine, frozen_mind, run, scenario

# The posture the AI buys (offense_base − offense_signal·d) matches the opening one (1/3), so the
# rival's look — and with it k — stays what it was at the start.
PARAMS = dict(reaction=2.0, burden_fatigue=0.0, max_growth=1.0, adjust=0.35, offense_base=0.4 + 1 / 3,
              offense_signal=0.4, **QUIET)
WORLD = dict(offense_defense=1.0, distinguishability=1.0, intel_noise=0.0)


def _pair(prior_a: float, prior_b: float):
    ais = {"aland": doctrine(mind=frozen_mind(prior_a), **PARAMS), "borea": doctrine(mind=frozen_mind(prior_b), **PARAMS)}
    sc = scenario(2, turns=60, world=WORLD, aland={"position": [0.3, 0.5]}, borea={"position": [0.7, 0.5]})
    return sc, ais


def _coefficients(sc, ais) -> tuple[float, float, float, float]:
    """(k, l, a, b) as the two AIs see them at the start."""
    from game.match.match import Match, controller_seats

    eng = Match(sc, controller_seats(ais), seed=1).engine
    ka, a = reaction_coefficients(eng.view_for("aland"), ais["aland"].params)
    kb, b = reaction_coefficients(eng.view_for("borea"), ais["borea"].params)
    return float(ka[1]), float(kb[0]), a, b


def _prior_for(ratio: float) -> float:
    """The frozen belief that makes k/a equal `ratio` (k is linear in the belief)."""
    sc, ais = _pair(0.5, 0.5)
    k_half, _, a, _ = _coefficients(sc, ais)
    sc, ais = _pair(0.1, 0.1)
    k_tenth, _, _, _ = _coefficients(sc, ais)
    slope = (k_half - k_tenth) / 0.4
    prior = 0.1 + (ratio * a - k_tenth) / slope
    assert 0.02 < prior < 0.98, f"ratio {ratio} is out of reach of a belief ({prior:.2f})"
    return prior


def _arms(prior_a: float, prior_b: float) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    M, _, coeffs = _arms_and_output(prior_a, prior_b)
    return M, coeffs


def _arms_and_output(prior_a: float, prior_b: float):
    sc, ais = _pair(prior_a, prior_b)
    coeffs = _coefficients(sc, ais)
    engine = run(sc, ais, turns=60)
    return engine.series["M"], engine.series["Y"], coeffs


@pytest.mark.parametrize("ratio_a,ratio_b", [(0.6, 0.6), (1.5, 0.5)])
def test_arms_converge_when_fatigue_outweighs_reaction(ratio_a, ratio_b):
    """a·b > k·l: whatever the opening, both sides settle at the Richardson equilibrium
    (even when one side alone reacts more than its fatigue, as long as the product is below)."""
    M, (k, l, a, b) = _arms(_prior_for(ratio_a), _prior_for(ratio_b))
    assert a * b > k * l
    last = M[-8:]
    growth = np.abs(np.diff(last, axis=0) / last[:-1])
    assert growth.max() < 0.01, f"still moving: {growth.max():.3f}/turn"
    assert M[-1].max() < 2.5 * M[0].max()


@pytest.mark.parametrize("ratio_a,ratio_b", [(2.0, 2.0), (3.0, 1.3)])
def test_arms_run_away_when_reaction_outweighs_fatigue(ratio_a, ratio_b):
    """k·l > a·b: arms grow without settling until budgets give out — absolute increments keep
    rising while the budget allows."""
    M, (k, l, a, b) = _arms(_prior_for(ratio_a), _prior_for(ratio_b))
    assert k * l > a * b
    assert M.max(axis=0).min() > 3 * M[0].min()
    increments = np.diff(M[:9], axis=0).sum(axis=1)  # before the budget cap binds
    assert (np.diff(increments[1:]) > 0).all(), "the race should accelerate"


def test_the_line_between_is_the_product_not_either_side():
    """Same reaction of one side (k/a = 1.2): with a calm partner (l/b = 0.5, product 0.6) the
    race settles where Richardson's equations put it (the equilibrium itself drifts slowly with
    output, so the test compares the two sides' proportions and the scale within 20 %); with a
    nervous partner (l/b = 1.2, product 1.44) it runs past it."""
    calm, output, (k, l, a, b) = _arms_and_output(_prior_for(1.2), _prior_for(0.5))
    floor = DefensiveRealist.params.floor_share * output[-1]  # the grievance term: forces wanted anyway
    equilibrium = np.linalg.solve([[a, -k], [-l, b]], [a * floor[0], b * floor[1]])
    assert calm[-1][0] / calm[-1][1] == pytest.approx(equilibrium[0] / equilibrium[1], rel=0.05)
    assert calm[-1] == pytest.approx(equilibrium, rel=0.2)
    nervous, _ = _arms(_prior_for(1.2), _prior_for(1.2))
    assert (nervous.max(axis=0) > 1.5 * equilibrium).all()
