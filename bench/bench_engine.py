"""Engine throughput: resolved turns per second for 2, 6 and 12 states (AI excluded).

Not a test. Each resolved turn is `submit` for every living state plus `advance`; only that is
timed. Two kinds of world:
- quiet: FixedBudget-like budgets (as plain dicts, the way a save replays them), nothing else;
- busy: RandomOrders' random legal orders (pacts, threats, crises, wars, conquest...), chosen
  outside the timer.
Reports the median and p95 time per resolved turn. Target (issue 2): a 12-state turn under 1 ms
median on a 2-core machine.

    python bench/bench_engine.py [--turns 200] [--games 5] [--sizes 2,6,12] [--profile 12]
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.core.engine import Engine  # noqa: E402
from game.scenario.models import Scenario  # noqa: E402
from game.match.policies import RandomOrders  # noqa: E402


def ring_scenario(n: int, turns: int) -> Scenario:
    """n states on a circle, neighbours allied in pairs, a few rivalries: every dyad is live."""
    states = []
    for k in range(n):
        a = 2 * math.pi * k / n
        states.append({
            "id": f"s{k}", "name": f"State {k}", "position": [0.5 + 0.4 * math.cos(a), 0.5 + 0.4 * math.sin(a)],
            "economy": 80.0 + 10 * k, "growth": 0.01 + 0.002 * k, "offense": 8.0 + k, "defense": 15.0 + k,
            "type": "greedy" if k % 3 == 0 else "security_seeker",
        })
    alliances = [{"members": [f"s{k}", f"s{k + 1}"]} for k in range(0, n - 1, 4)]
    rivalries = [{"between": [f"s{k}", f"s{(k + 2) % n}"], "rung": 1} for k in range(0, n, 3) if (k + 2) % n != k]
    return Scenario.model_validate({
        "scenario": {"id": f"ring{n}", "title": f"Ring of {n}", "turns": turns, "seed": 1},
        "world": {"offense_defense": 1.5, "distinguishability": 0.4, "intel_noise": 0.2},
        "states": states, "alliances": alliances, "rivalries": rivalries,
    })


def fixed_orders(engine: Engine) -> dict[str, list[dict]]:
    """A fixed budget per state, varied a little so forces keep moving (spirals get checked)."""
    out = {}
    for k, sid in enumerate(engine.ids):
        share = 0.06 + 0.02 * ((engine.turn + k) % 5)
        out[sid] = [{"kind": "budget", "military_share": share, "offense_share": 0.3 + 0.05 * (k % 5)}]
    return out


def time_turns(n: int, turns: int, games: int, busy: bool = False) -> list[float]:
    times: list[float] = []
    randomly = RandomOrders(max_orders=3, attack_weight=0.05)
    for g in range(games):
        engine = Engine(ring_scenario(n, turns), seed=g)
        while not engine.finished:
            if busy:
                orders = {sid: randomly.decide(engine.view_for(sid), engine.ai_rng(sid)).orders for sid in engine.pending()}
            else:
                orders = fixed_orders(engine)
            t0 = time.perf_counter()
            for sid in engine.pending():
                engine.submit(sid, orders[sid])
            engine.advance()
            times.append(time.perf_counter() - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--games", type=int, default=5)
    ap.add_argument("--sizes", default="2,6,12")
    ap.add_argument("--profile", type=int, default=0, help="profile one size with cProfile instead")
    args = ap.parse_args(argv)
    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("time_turns(args.profile, args.turns, args.games, True)", globals(), {"args": args},
                        "/tmp/bench.prof")
        pstats.Stats("/tmp/bench.prof").sort_stats("cumulative").print_stats(30)
        return 0
    print(f"{'world':>6} {'states':>6} {'turns':>6} {'median ms':>10} {'p95 ms':>8} {'turns/s':>8}")
    for busy in (False, True):
        for n in (int(x) for x in args.sizes.split(",")):
            time_turns(n, 20, 1, busy)  # warm up
            ts = sorted(time_turns(n, args.turns, args.games, busy))
            med = statistics.median(ts)
            p95 = ts[min(len(ts) - 1, int(0.95 * len(ts)))]
            print(f"{'busy' if busy else 'quiet':>6} {n:>6} {len(ts):>6} {med * 1e3:>10.3f} {p95 * 1e3:>8.3f} {1 / med:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
