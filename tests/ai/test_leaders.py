"""A leader's boldness in the AI's reasoning (DESIGN.md §4.7): a bold greedy leader gambles on a
war of gain that a typical or cautious one declines, arms faster for it, and the reason it gives
says so. Two states, the greedy one's leader fixed by the scenario, its rival scripted."""
from __future__ import annotations

import pytest

from game.match.games import run_game
from tests.ai.helpers import Scripted, doctrine, grow, scenario

SEEDS = range(20)


def _game(boldness: float, seed: int, turns: int = 12, record: bool = False):
    """A greedy Aland with the offensive edge of a balanced world (Ω = 1) over Borea, which holds
    its forces level."""
    sc = scenario([{"type": "greedy", "offense": 30.0, "defense": 10.0, "boldness": boldness}, {}], turns=turns,
                  seed=seed, world=dict(offense_defense=1.0))
    controllers = {"aland": doctrine(), "borea": Scripted(grow(0.0, 0.3))}
    return run_game(sc, seed, controllers=controllers, record=record).engine


def _wars(boldness: float) -> int:
    return sum(any(e.kind == "war_started" for e in _game(boldness, seed).events) for seed in SEEDS)


def test_a_bold_greedy_leader_gambles_on_a_war_a_cautious_one_declines():
    """At odds short of a sure thing, a typical or cautious greedy leader keeps the peace, while a
    leader two standard deviations bolder attacks in a good share of games (Blainey: wars of gain
    between near-equals are gambles most leaders do not take)."""
    assert _wars(-2.0) == 0
    assert _wars(0.0) == 0
    assert _wars(2.0) >= 4


def test_a_bold_greedy_leader_arms_faster():
    """The same game under a bold and a cautious greedy leader: the bold one has more forces
    after ten turns of peace."""
    bold, cautious = _game(2.0, 1, turns=10).state, _game(-2.0, 1, turns=10).state
    assert not bold.war.any() and not cautious.war.any()
    assert bold.M[0] > 1.2 * cautious.M[0]


def test_a_gamblers_war_is_explained_as_a_gamble():
    """The reason for a bold leader's war of gain says its leader is a gambler."""
    for seed in SEEDS:
        engine = _game(2.0, seed, record=True)
        for record in engine.records:
            reasons = record.explanations.get("aland", {}).get("reasons", [])
            wars = [r for r in reasons if r["decision"] == "war"]
            if wars:
                assert "gambler" in wars[0]["summary"]
                assert any(f["name"] == "boldness" for f in wars[0]["factors"])
                return
    raise AssertionError("no war in any seed")


def test_a_committed_defender_calls_a_gamblers_bluff():
    """Boldness counts in full against a defender of ordinary resolve (an unblemished record), half
    against one a little more committed, and not at all against one that has warned publicly or
    matched the mobilisation (Huth: deterrence is credible commitment)."""
    from dataclasses import replace

    from game.ai.reasoning import Params
    from game.ai.reasoning.war import gamble

    gambler = replace(Params(), boldness=2.0)
    assert gamble(gambler, 0.8) == gamble(gambler, 0.0) == 2.0 * gambler.boldness_weight
    assert gamble(gambler, 1.0) == pytest.approx(gamble(gambler, 0.8) / 2)
    assert gamble(gambler, 1.2) == pytest.approx(0.0, abs=1e-9) and gamble(gambler, 1.6) == 0.0
