"""Batch throughput (not a test): the four-worlds experiment of issue 3 —
4 conditions × 250 runs × 50 turns with 6 AI states, on all cores.

    python bench/bench_experiment.py [--runs 250] [--turns 50] [--workers N]

Target (issue 3): under 20 s on 2 cores. Prints the wall time, the CPU time per game turn, and
what part of it the games are (the rest is writing series.csv, charts and the summary).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.cli.experiment import parse_vary  # noqa: E402
from game.data.loading import load_scenario  # noqa: E402
from game.sim.experiment import default_workers, play_batch_game, run_experiment  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=250)
    ap.add_argument("--turns", type=int, default=50)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    base = load_scenario("four_worlds").with_overrides({"scenario.turns": args.turns})
    vary = parse_vary(["world.offense_defense=0.33,2", "world.distinguishability=0.1,0.9"])

    # One core, games only: the cost of a turn, over the four worlds (a warm-up game first).
    samples = [base.with_overrides({"world.offense_defense": om, "world.distinguishability": d})
               for om, d in ((2.0, 0.1), (2.0, 0.9), (0.33, 0.1), (0.33, 0.9))]
    play_batch_game(samples[0], 99)
    start, turns = time.process_time(), 0
    for sample in samples:
        for seed in range(4):
            turns += play_batch_game(sample, seed).turn
    per_turn = (time.process_time() - start) / turns
    print(f"one core: {1e3 * per_turn:.2f} ms CPU per 6-state game turn (AI decisions, views, resolution)")

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        run_experiment(base, vary, runs=args.runs, seed=1, out=Path(out), workers=args.workers or default_workers(),
                       progress=False)
        wall = time.perf_counter() - start
    games = 4 * args.runs
    print(f"four-worlds experiment, {games} games × {args.turns} turns: {wall:.1f} s wall "
          f"(target < 20 s on 2 cores); the games alone would take ≈ {games * args.turns * per_turn:.1f} s of CPU")


if __name__ == "__main__":
    main()
