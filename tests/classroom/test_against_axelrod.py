"""Our deterministic strategies against the axelrod library's (Axelrod 1984 reference
implementations): identical match scores for every pair over 200 rounds. Skipped where axelrod is
not installed (it is a benchmark extra, not a test dependency); marked slow (importing it takes
seconds)."""
from __future__ import annotations

import itertools

import pytest

from game.ai.doctrines.repeated import REPEATED_STRATEGIES
from game.sim.tournament import play_fast

pytestmark = pytest.mark.slow

OURS_TO_THEIRS = {
    "tit_for_tat": "TitForTat",
    "always_cooperate": "Cooperator",
    "always_defect": "Defector",
    "grudger": "Grudger",
    "tit_for_two_tats": "TitFor2Tats",
    "win_stay_lose_shift": "WinStayLoseShift",
}


@pytest.mark.parametrize("a, b", list(itertools.combinations_with_replacement(sorted(OURS_TO_THEIRS), 2)))
def test_same_scores_as_the_axelrod_library(a, b):
    """Every pair of deterministic strategies scores exactly what axelrod's Match scores."""
    axl = pytest.importorskip("axelrod")
    match = axl.Match((getattr(axl, OURS_TO_THEIRS[a])(), getattr(axl, OURS_TO_THEIRS[b])()), turns=200)
    match.play()
    theirs = tuple(int(x) for x in match.final_score())
    ours = play_fast(REPEATED_STRATEGIES[a](), REPEATED_STRATEGIES[b](), 200, (3.0, 5.0, 0.0, 1.0), 0.0, seed=1)
    assert (int(ours.score_a), int(ours.score_b)) == theirs
