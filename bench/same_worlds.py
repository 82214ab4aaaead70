"""Fingerprints of played games (not a test): for an optimisation that should change nothing,
run this before and after and diff the output. Each line is a scenario and seed with digests of
the final state, the spiral episodes and series.csv.

    python bench/same_worlds.py > before.txt   # ... change ...   python bench/same_worlds.py | diff before.txt -
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.scenario.loading import load_scenario  # noqa: E402
from game.match.games import run_game
from game.match.outputs import series_csv  # noqa: E402

SCENARIOS = ("four_worlds", "july_1914", "cold_war", "rhineland_1936", "two_neighbours", "repeated_dilemma", "random:6:3")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def main() -> None:
    for ref in SCENARIOS:
        sc = load_scenario(ref)
        for seed in (1, 2):
            engine = run_game(sc, seed=seed, explain=False).engine
            episodes = json.dumps([ep.to_dict() for ep in engine.tracker.episodes], sort_keys=True)
            print(ref, seed, engine.state_hash()[:12], digest(episodes), digest(series_csv(engine)))


if __name__ == "__main__":
    main()
