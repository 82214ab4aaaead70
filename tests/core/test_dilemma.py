"""The repeated-dilemma mode (DESIGN.md §3, §9.7): each turn one round of the iterated prisoner's
dilemma with the scenario's payoff matrix; standard match results hold exactly."""
from __future__ import annotations

import numpy as np
import pytest

from game.core.commands import DilemmaMove
from game.core.engine import Engine
from game.core.rules import dilemma_payoffs
from game.core.scores import scores

from .world import of_kind, scenario

RESTRAIN, ARM = DilemmaMove(move="restrain"), DilemmaMove(move="arm")


class TitForTat:
    """Restrain first, then do what the other did last round (read from the public moves)."""

    def decide(self, view):
        last = view.moves[-1][1 - view.me]
        return ARM if last == 1 else RESTRAIN


class Always:
    def __init__(self, move):
        self.move = move

    def decide(self, view):
        return self.move


def match(a, b, rounds=200, seed=1, noise=0.0, payoffs=None):
    """Play a match through the engine; return (scores, moves as played)."""
    sc = scenario(2, turns=rounds, dilemma={"payoffs": payoffs or {"R": 3, "T": 5, "S": 0, "P": 1}, "noise": noise})
    eng = Engine(sc, seed=seed)
    players = {"aland": a, "borea": b}
    while not eng.finished:
        for sid in eng.pending():
            eng.submit(sid, [players[sid].decide(eng.view_for(sid))])
        eng.advance()
    return tuple(eng.state.dilemma_score), eng.series["move"][1:].copy(), eng


def test_payoff_matrix():
    """One round pays (R, R) for mutual restraint, (T, S) / (S, T) when one arms alone, (P, P) when both arm."""
    p = (3.0, 5.0, 0.0, 1.0)
    assert dilemma_payoffs(0, 0, p) == (3.0, 3.0)
    assert dilemma_payoffs(1, 0, p) == (5.0, 0.0)
    assert dilemma_payoffs(0, 1, p) == (0.0, 5.0)
    assert dilemma_payoffs(1, 1, p) == (1.0, 1.0)


def test_tit_for_tat_against_always_defect():
    """Tit-for-tat against always-arm over 200 rounds scores 199 against 204 (Axelrod's standard result)."""
    assert match(TitForTat(), Always(ARM))[0] == (199.0, 204.0)


def test_tit_for_tat_against_itself():
    """Tit-for-tat against itself restrains every round: 600 each over 200 rounds."""
    assert match(TitForTat(), TitForTat())[0] == (600.0, 600.0)


def test_always_cooperate_against_always_defect():
    """Always-restrain against always-arm over 200 rounds: 0 against 1000."""
    assert match(Always(RESTRAIN), Always(ARM))[0] == (0.0, 1000.0)


def test_scenario_payoffs_are_used():
    """The scenario's declared matrix is the one paid out."""
    assert match(Always(ARM), Always(RESTRAIN), rounds=10, payoffs={"R": 4, "T": 6, "S": 1, "P": 2})[0] == (60.0, 10.0)


def test_a_silent_player_repeats_its_last_move():
    """A player that gives no move repeats its last one (restrain before its first)."""
    sc = scenario(2, turns=3, dilemma={})
    eng = Engine(sc, seed=1)
    eng.submit("aland", [ARM])
    eng.submit("borea", [])
    eng.advance()
    eng.submit("aland", [])
    eng.submit("borea", [])
    eng.advance()
    assert eng.series["move"][1:].tolist() == [[1, 0], [1, 0]]


def test_dilemma_score_is_the_security_score():
    """In the repeated dilemma the security score is the points won as a share of the most one could win (T each round)."""
    _, _, eng = match(TitForTat(), Always(ARM), rounds=20)
    s = scores(eng.state)
    assert s["aland"].security == pytest.approx(100 * 19 / (20 * 5))
    assert s["borea"].security == pytest.approx(100 * 24 / (20 * 5))


def test_noise_flips_moves_deterministically_per_seed():
    """With dilemma noise, moves are flipped with the engine's generator: the same seed flips the same
    rounds, another seed others, and the flips are reported."""
    s1, m1, e1 = match(TitForTat(), TitForTat(), rounds=100, seed=4, noise=0.1)
    s2, m2, _ = match(TitForTat(), TitForTat(), rounds=100, seed=4, noise=0.1)
    s3, m3, _ = match(TitForTat(), TitForTat(), rounds=100, seed=5, noise=0.1)
    assert s1 == s2 and np.array_equal(m1, m2)
    assert not np.array_equal(m1, m3)
    flipped = [e for e in of_kind(e1.events, "dilemma_round") if e.data["flipped_by_noise"]]
    assert 5 <= len(flipped) <= 40


def test_noise_erodes_tit_for_tat():
    """Noise erodes tit-for-tat: against itself it falls well short of mutual restraint's 3 a round."""
    totals = [sum(match(TitForTat(), TitForTat(), rounds=200, seed=seed, noise=0.05)[0]) for seed in range(3)]
    assert max(totals) < 0.9 * 1200
