"""`main.py experiment SCENARIO --runs N [--vary KEY=V1,V2 ...] --out DIR` (game.sim.experiment)."""
from __future__ import annotations

import argparse
import tomllib
from typing import Iterable

from game.cli import options
from game.errors import UserError
from game.sim.experiment import conditions, default_workers, format_summary, run_experiment


def parse_value(text: str) -> object:
    """A value from the command line: a number (or true/false) when it reads as one, else text."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_vary(items: Iterable[str]) -> list[tuple[str, list[object]]]:
    """["world.offense_defense=0.33,2", ...] -> [("world.offense_defense", [0.33, 2]), ...]."""
    out: list[tuple[str, list[object]]] = []
    for item in items:
        key, sep, values = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UserError(f"--vary {item!r}: write KEY=V1,V2,... (e.g. world.offense_defense=0.33,2).")
        texts = [v.strip() for v in values.split(",")]
        if not values.strip() or any(v == "" for v in texts):
            raise UserError(f"--vary {key}: give one or more values separated by commas (got {values!r}).")
        if any(k == key for k, _ in out):
            raise UserError(f"--vary {key} is given twice: list all its values once, separated by commas.")
        out.append((key, [parse_value(v) for v in texts]))
    return out


def cmd_experiment(args: argparse.Namespace) -> int:
    options.at_least_one("--runs", args.runs)
    options.at_least_one("--workers", args.workers)
    options.non_negative_seed(args.seed)
    base = options.scenario(args.scenario, args.turns)
    vary = parse_vary(args.vary)
    conditions(base, vary)  # bad keys fail before anything is written
    out = options.out_dir(args.out)
    summary = run_experiment(base, vary, args.runs, args.seed, out, workers=args.workers or default_workers())
    print(format_summary(summary))
    print(f"Wrote {out / 'summary.json'}, {out / 'series.csv'}, {out / 'runs.csv'} and charts in {out}")
    return 0
