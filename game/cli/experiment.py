"""`main.py experiment SCENARIO --runs N [--vary KEY=V1,V2 ...] [--series [csv]] [--cluster ADDR|local] --out DIR`
(game.sim.experiment)."""
from __future__ import annotations

import argparse
import tomllib
from typing import Iterable

from game.cli import options
from game.errors import UserError
from game.sim.experiment import SERIES_FILES, conditions, format_summary, run_experiment
from game.sim.parallel import default_workers, executor_for

VARY_EXAMPLE = "world.offense_defense=0.33,2"
LIST_EXAMPLE = "states.rubria.position=[0.2,0.5],[0.4,0.5]"


def parse_value(text: str) -> object:
    """A value from the command line: a number, true/false or a [list] when it reads as one, else text."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def split_values(key: str, text: str) -> list[str]:
    """"0.33,2" -> ["0.33", "2"]; "[0.2,0.5],[0.4,0.5]" -> ["[0.2,0.5]", "[0.4,0.5]"]: values are
    separated by the commas outside square brackets and quotes (a list keeps its own commas)."""
    values, current, depth, quote = [], [], 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth < 0:
                break
        elif ch == ";" and depth == 0:
            raise UserError(f"--vary {key}: separate values with commas (a list keeps its commas inside its "
                            f"brackets), e.g. {LIST_EXAMPLE}.")
        elif ch == "," and depth == 0:
            values.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    if depth != 0 or quote:
        raise UserError(f"--vary {key}: unbalanced {'quotes' if quote else 'square brackets'} in {text!r}; a list "
                        f"value is written in brackets, values separated by commas, e.g. {LIST_EXAMPLE}.")
    values.append("".join(current).strip())
    return values


def parse_vary(items: Iterable[str]) -> list[tuple[str, list[object]]]:
    """["world.offense_defense=0.33,2", ...] -> [("world.offense_defense", [0.33, 2]), ...]."""
    out: list[tuple[str, list[object]]] = []
    for item in items:
        key, sep, values = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UserError(f"--vary {item!r}: write KEY=V1,V2,... (e.g. {VARY_EXAMPLE}).")
        texts = split_values(key, values)
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
    with executor_for(args.workers or default_workers(), args.cluster) as executor:
        summary = run_experiment(base, vary, args.runs, args.seed, out, executor=executor, series=args.series)
    print(format_summary(summary))
    written = ["summary.json", "conditions.csv", "runs.csv"] + ([SERIES_FILES[args.series]] if args.series else [])
    print(f"Wrote {', '.join(str(out / name) for name in written)} and charts in {out}")
    return 0
