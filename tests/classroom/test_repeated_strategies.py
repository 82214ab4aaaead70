"""The classic repeated-dilemma strategies (Axelrod 1984) reproduce the standard match results,
through the Engine and through the tournament's fast path alike."""
from __future__ import annotations

import pytest

from game.ai.doctrines.repeated import REPEATED_STRATEGIES, generosity
from game.ai.registry import make_controller
from game.scenario.loading import load_scenario
from game.match.games import run_game
from game.sim.tournament import play_engine, play_fast, tournament_scenario

CLASSIC = (3.0, 5.0, 0.0, 1.0)

# (a, b): (score a, score b) over 200 rounds without noise — Axelrod's library gives the same.
STANDARD = {
    ("tit_for_tat", "always_defect"): (199, 204),
    ("tit_for_tat", "tit_for_tat"): (600, 600),
    ("always_cooperate", "always_defect"): (0, 1000),
    ("grudger", "always_defect"): (199, 204),
    ("grudger", "tit_for_two_tats"): (600, 600),
    ("tit_for_two_tats", "always_defect"): (198, 208),
    ("tit_for_two_tats", "always_cooperate"): (600, 600),
    ("win_stay_lose_shift", "always_defect"): (100, 600),
    ("win_stay_lose_shift", "always_cooperate"): (600, 600),
    ("always_defect", "always_defect"): (200, 200),
}


def _engine_match(a: str, b: str, turns: int = 200, seed: int = 1):
    sc = load_scenario("repeated_dilemma").with_overrides({"scenario.turns": turns})
    return run_game(sc, seed, {"aldoria": REPEATED_STRATEGIES[a](), "borduin": REPEATED_STRATEGIES[b]()}).engine


def test_every_strategy_is_registered_with_a_classifier_and_a_citation():
    """The eight strategies of the design, each with a name, a title, an Axelrod-style classifier
    (memory depth, stochastic) and a docstring citing the theory."""
    assert set(REPEATED_STRATEGIES) == {"tit_for_tat", "generous_tit_for_tat", "always_cooperate", "always_defect",
                                        "grudger", "tit_for_two_tats", "win_stay_lose_shift", "random"}
    for sid, cls in REPEATED_STRATEGIES.items():
        assert cls.name == sid and cls.title
        assert {"memory_depth", "stochastic"} <= set(cls.classifier)
        assert any(ch.isdigit() for ch in cls.__doc__), f"{sid} cites no work"


@pytest.mark.parametrize("pair", sorted(STANDARD))
def test_standard_results_through_the_engine(pair):
    """Deterministic strategies played through the Engine score the standard results."""
    engine = _engine_match(*pair)
    assert tuple(engine.state.dilemma_score) == STANDARD[pair]


@pytest.mark.parametrize("pair", sorted(STANDARD))
def test_standard_results_on_the_fast_path(pair):
    """The tournament's fast path scores the same standard results."""
    a, b = (REPEATED_STRATEGIES[x]() for x in pair)
    r = play_fast(a, b, 200, CLASSIC, 0.0, seed=3)
    assert (r.score_a, r.score_b) == STANDARD[pair]


@pytest.mark.parametrize("pair", [("tit_for_tat", "always_defect"), ("win_stay_lose_shift", "tit_for_two_tats"),
                                  ("grudger", "tit_for_tat"), ("tit_for_tat", "tit_for_tat")])
@pytest.mark.parametrize("seed", [1, 7])
def test_fast_path_and_engine_agree_exactly_with_noise(pair, seed):
    """With 10 % of moves flipped by accident, the fast path flips the same moves as the Engine:
    identical scores and cooperation shares for deterministic strategies."""
    sc = tournament_scenario("repeated_dilemma", 150, 0.1)
    fast = play_fast(REPEATED_STRATEGIES[pair[0]](), REPEATED_STRATEGIES[pair[1]](), 150, CLASSIC, 0.1, seed)
    slow = play_engine(sc, REPEATED_STRATEGIES[pair[0]](), REPEATED_STRATEGIES[pair[1]](), seed)
    assert fast == slow
    assert fast.cooperation_a < 1.0  # the noise did flip moves


def test_stochastic_strategies_agree_in_distribution():
    """Random restrains half the time on either path (its draws differ round by round)."""
    sc = tournament_scenario("repeated_dilemma", 400, 0.0)
    fast = play_fast(REPEATED_STRATEGIES["random"](), REPEATED_STRATEGIES["always_cooperate"](), 400, CLASSIC, 0.0, 5)
    slow = play_engine(sc, REPEATED_STRATEGIES["random"](), REPEATED_STRATEGIES["always_cooperate"](), 5)
    assert abs(fast.cooperation_a - 0.5) < 0.1 and abs(slow.cooperation_a - 0.5) < 0.1


def test_generous_tit_for_tat_forgives_a_third_of_defections():
    """Molander's generosity for the classic matrix is 1/3: against always-arm, GTFT restrains
    after about a third of the rival's defections."""
    assert generosity(CLASSIC) == pytest.approx(1 / 3)
    r = play_fast(REPEATED_STRATEGIES["generous_tit_for_tat"](), REPEATED_STRATEGIES["always_defect"](), 3000,
                  CLASSIC, 0.0, seed=2)
    assert r.cooperation_a == pytest.approx(1 / 3, abs=0.04)


def test_moves_come_from_the_public_record():
    """decide() in the dilemma reads view.moves: tit-for-tat answers an arm with an arm."""
    engine = _engine_match("tit_for_tat", "always_defect", turns=3)
    moves = engine.series["move"][1:]
    assert moves[:, 0].tolist() == [0, 1, 1]


def test_in_an_ordinary_scenario_restraint_holds_forces_and_arming_builds():
    """Outside the dilemma, always-restrain keeps its forces level with a defensive posture and
    always-arm builds at a high budget; each reads the rival's moves from its arms estimates."""
    sc = load_scenario("two_neighbours")
    engine = run_game(sc, 2, {"rubria": make_controller("always_cooperate"),
                              "verdia": make_controller("always_defect")}).engine
    M = engine.series["M"]
    assert M[-1, 0] == pytest.approx(M[0, 0], rel=0.02)
    assert M[-1, 1] > 2 * M[0, 1]
    assert engine.state.mu[0] < engine.state.mu[1]


def test_tit_for_tat_in_an_ordinary_scenario_answers_a_buildup():
    """Tit-for-tat facing a rival that builds 10 % a turn (until its budget runs out) arms in a
    turn exactly when it saw the rival's forces grow past the spiral threshold the turn before."""
    from game.ai.doctrines.repeated import ARM_OFFENSE
    from tests.ai.helpers import Scripted, grow

    sc = load_scenario("two_neighbours").with_overrides({"world.intel_noise": 0.0})
    engine = run_game(sc, 2, {"rubria": make_controller("tit_for_tat"), "verdia": Scripted(grow(0.10))}).engine
    armed = [rec.orders["rubria"][0]["offense_share"] == ARM_OFFENSE for rec in engine.records]
    rival_built = list(engine.series.growth()[:, 1] >= sc.world.spiral_threshold)
    assert armed == [False] + rival_built[1:-1]
    assert any(armed) and not all(armed)
