"""Benchmark (not a test): our repeated-dilemma tournament against the axelrod library's.

The same six strategies — tit-for-tat, always defect, always cooperate, grudger, tit-for-two-tats,
random — 200 turns, 10 repetitions, in the same run, best of a few repeats each. Ours includes
the ranking and every pair's scores; axelrod's Tournament.play() is timed as a user calls it
(results built: ranking, scores), and also without building results, for honesty. Target:
ours at least 5x faster than axelrod's tournament.

    python bench/bench_tournament.py
Needs the `axelrod` package (pip install '.[bench]'); it is not a test dependency.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

IDS = ("tit_for_tat", "always_defect", "always_cooperate", "grudger", "tit_for_two_tats", "random")
TURNS, REPS, REPEATS = 200, 10, 5


def ours() -> tuple[float, list[str]]:
    from game.sim.tournament import entrants_from, run_tournament, tournament_scenario

    best, ranking = float("inf"), []
    for k in range(REPEATS):
        t0 = time.perf_counter()
        entrants = entrants_from(",".join(IDS))
        sc = tournament_scenario("repeated_dilemma", TURNS, 0.0)
        result = run_tournament(entrants, sc, REPS, seed=k, workers=1, progress=False)
        best = min(best, time.perf_counter() - t0)
        ranking = result["ranking"]
    return best, ranking


def theirs(build_results: bool) -> tuple[float, list[str]]:
    import warnings

    import axelrod as axl

    best, ranking = float("inf"), []
    for k in range(REPEATS):
        players = [axl.TitForTat(), axl.Defector(), axl.Cooperator(), axl.Grudger(), axl.TitFor2Tats(), axl.Random()]
        t0 = time.perf_counter()
        tournament = axl.Tournament(players, turns=TURNS, repetitions=REPS, seed=k)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results = tournament.play(progress_bar=False, build_results=build_results)
        best = min(best, time.perf_counter() - t0)
        ranking = list(results.ranked_names) if build_results else []
    return best, ranking


def main() -> int:
    try:
        import axelrod  # noqa: F401
    except ImportError:
        print("axelrod is not installed: pip install '.[bench]'")
        return 1
    ours_t, ours_rank = ours()
    full_t, their_rank = theirs(True)
    bare_t, _ = theirs(False)
    print(f"tournament of {len(IDS)} strategies, {TURNS} turns, {REPS} repetitions (best of {REPEATS})")
    print(f"  ours                               {ours_t * 1000:8.1f} ms   ranking: {', '.join(ours_rank)}")
    print(f"  axelrod (results built)            {full_t * 1000:8.1f} ms   ranking: {', '.join(their_rank)}")
    print(f"  axelrod (matches only, no results) {bare_t * 1000:8.1f} ms")
    print(f"  speed-up: {full_t / ours_t:.1f}x against axelrod's tournament "
          f"({bare_t / ours_t:.1f}x against its matches alone); target >= 5x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
