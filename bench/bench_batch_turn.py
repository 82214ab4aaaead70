"""Batch turn cost (not a test): CPU per 6-state game turn in the four worlds, explanations off,
the minimum over repeats — the number to compare before and after a change to the engine or
the AI (this machine drifts by ±5 % over minutes: run A and B alternately).

    python bench/bench_batch_turn.py [--games 8] [--repeats 4]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.scenario.loading import load_scenario  # noqa: E402
from game.sim.experiment import play_batch_game  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--games", type=int, default=8, help="games per world and repeat")
    ap.add_argument("--repeats", type=int, default=4)
    args = ap.parse_args()
    worlds = [load_scenario("four_worlds").with_overrides({"world.offense_defense": om, "world.distinguishability": d,
                                                           "scenario.turns": 50})
              for om, d in ((2.0, 0.1), (2.0, 0.9), (0.33, 0.1), (0.33, 0.9))]
    per_turn = []
    for _ in range(args.repeats):
        cpu, turns = 0.0, 0
        for sc in worlds:
            start = time.process_time()
            for seed in range(args.games):
                turns += play_batch_game(sc, seed).turn
            cpu += time.process_time() - start
        per_turn.append(1e3 * cpu / turns)
    print(f"{min(per_turn):.3f} ms CPU per 6-state batch turn (min of {args.repeats}; all: "
          + " ".join(f"{x:.3f}" for x in per_turn) + ")")


if __name__ == "__main__":
    main()
