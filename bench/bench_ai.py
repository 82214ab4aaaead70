"""AI latency (not a test): how long all AI states of a world take to decide one turn.

    python bench/bench_ai.py [--states 12] [--turns 40]

Target (issue 3): all AI states of a 12-state world decide one turn in under 10 ms median.
Reports the median and 95th percentile of the time to build every view and decide, per turn,
with explanations on (as in the game) and off (as in batch experiments).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.scenario.loading import load_scenario  # noqa: E402
from game.match.games import doctrine_controllers  # noqa: E402
from game.match.match import Match, controller_seats  # noqa: E402


def measure(states: int, turns: int, explain: bool, seed: int) -> list[float]:
    sc = load_scenario(f"random:{states}:{seed}").with_overrides({"scenario.turns": turns})
    ctrls = doctrine_controllers(sc)
    for c in ctrls.values():
        c.explain = explain
    engine = Match(sc, controller_seats(ctrls), seed=seed).engine
    times = []
    while not engine.finished:
        start = time.perf_counter()
        decisions = {}
        for sid in engine.pending():
            decisions[sid] = ctrls[sid].decide(engine.view_for(sid), engine.ai_rng(sid))
        times.append(time.perf_counter() - start)
        for sid, d in decisions.items():
            engine.submit(sid, d.orders, d.explanation.to_dict() if d.explanation is not None else None)
        engine.advance()
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--states", type=int, default=12)
    ap.add_argument("--turns", type=int, default=40)
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    for explain in (True, False):
        times = []
        for seed in range(args.seeds):
            times += measure(args.states, args.turns, explain, seed)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"{args.states} AI states, explanations {'on ' if explain else 'off'}: "
              f"median {1e3 * statistics.median(times):.2f} ms, p95 {1e3 * p95:.2f} ms per turn "
              f"({len(times)} turns) — target < 10 ms median")


if __name__ == "__main__":
    main()
