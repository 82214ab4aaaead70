"""Batch throughput (not a test): the four-worlds experiment —
4 conditions × 250 runs × 50 turns with 6 AI states, on all cores, as the command line runs it:

    python main.py experiment four_worlds --runs 250 --turns 50 --vary world.offense_defense=0.33,2 \
        --vary world.distinguishability=0.1,0.9 --seed 1 --out DIR

    python bench/bench_experiment.py [--runs 250] [--turns 50] [--workers N] [--repeat K] [--series gz|csv|none]

The machine's speed is measured in the same run by a fixed pure-Python reference loop
(`sum(i*i for i in range(3_000_000))`, best of 5), so the figure to compare between machines and
commits is the *ratio* of the experiment's wall time to the reference loop's time (target ≤ 150).
On a shared machine, run it several times (--repeat): the ratio reported is the fastest
experiment over the fastest reference loop, since other load only ever slows either down (a ratio
of one run's pair is as noisy as its slower half). The CPU seconds of the parent and its workers
together are printed too. For comparing two commits on a noisy machine, count instructions
instead: they do not depend on the load.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.cli.experiment import parse_vary  # noqa: E402
from game.scenario.loading import load_scenario  # noqa: E402
from game.sim.experiment import play_batch_game, run_experiment  # noqa: E402
from game.sim.parallel import default_workers, executor_for  # noqa: E402

VARY = ["world.offense_defense=0.33,2", "world.distinguishability=0.1,0.9"]


def reference_seconds() -> float:
    """The machine's pace: the best of five timings of a fixed pure-Python loop."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sum(i * i for i in range(3_000_000))
        best = min(best, time.perf_counter() - start)
    return best


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def experiment_seconds(runs: int, turns: int, workers: int, series: str | None) -> tuple[float, float]:
    """(wall, CPU) seconds of the experiment."""
    base = load_scenario("four_worlds").with_overrides({"scenario.turns": turns})
    with tempfile.TemporaryDirectory() as out:
        start, cpu = time.perf_counter(), cpu_seconds()
        with executor_for(workers, None) as executor:
            run_experiment(base, parse_vary(VARY), runs=runs, seed=1, out=Path(out), executor=executor,
                           series=series, progress=False)
        return time.perf_counter() - start, cpu_seconds() - cpu


def turn_cost(turns: int) -> float:
    """CPU seconds per 6-state game turn on one core, over the four worlds (a warm-up game first)."""
    base = load_scenario("four_worlds").with_overrides({"scenario.turns": turns})
    samples = [base.with_overrides({"world.offense_defense": om, "world.distinguishability": d})
               for om, d in ((2.0, 0.1), (2.0, 0.9), (0.33, 0.1), (0.33, 0.9))]
    play_batch_game(samples[0], 99)
    start, played = time.process_time(), 0
    for sample in samples:
        for seed in range(2):
            played += play_batch_game(sample, seed).turn
    return (time.process_time() - start) / played


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=250)
    ap.add_argument("--turns", type=int, default=50)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1, help="time the experiment K times; report the minimum ratio")
    ap.add_argument("--series", choices=("gz", "csv", "none"), default="none",
                    help="how the per-turn series is written (none: the default of the command line)")
    ap.add_argument("--turn-cost", action="store_true", help="also time one game turn on one core")
    args = ap.parse_args()
    workers = args.workers or default_workers()
    series = None if args.series == "none" else args.series
    walls, refs = [], []
    for _ in range(args.repeat):
        refs.append(reference_seconds())
        wall, cpu = experiment_seconds(args.runs, args.turns, workers, series)
        walls.append(wall)
        print(f"four-worlds experiment, {4 * args.runs} games × {args.turns} turns on {workers} worker(s): "
              f"{wall:.1f} s wall, {cpu:.1f} s CPU; reference loop {refs[-1] * 1e3:.0f} ms", flush=True)
    refs.append(reference_seconds())  # after the last run too: the machine's pace on both sides
    print(f"ratio: fastest experiment {min(walls):.1f} s / fastest reference loop {min(refs) * 1e3:.0f} ms = "
          f"{min(walls) / min(refs):.0f}   (target ≤ 150)")
    if args.turn_cost:
        print(f"one core: {1e3 * turn_cost(args.turns):.2f} ms CPU per 6-state game turn")


if __name__ == "__main__":
    main()
