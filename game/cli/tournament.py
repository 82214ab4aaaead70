"""`main.py tournament [--doctrines A,B,...] [--turns N] [--reps N] --out DIR` (game.sim.tournament)."""
from __future__ import annotations

import argparse
import json

from game.cli import options
from game.scenario.files import output_set
from game.report.charts import ecological_chart, pair_chart, score_chart
from game.sim.parallel import default_workers
from game.sim.tournament import entrants_from, format_table, run_tournament, tournament_scenario


def cmd_tournament(args: argparse.Namespace) -> int:
    options.at_least_one("--reps", args.reps)
    options.non_negative_seed(args.seed)
    options.at_least_one("--workers", args.workers)
    entrants = entrants_from(args.doctrines)
    sc = tournament_scenario(args.scenario, args.turns, args.noise)
    out = options.out_dir(args.out)
    result = run_tournament(entrants, sc, args.reps, args.seed, workers=args.workers or default_workers(),
                            ecological=args.ecological)
    title = f"{sc.scenario.title} tournament"
    written = ["results.json", "scores.png", "pairs.png"]
    with output_set(out, "tournament") as scratch:
        (scratch / "results.json").write_text(json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
                                              encoding="utf-8")
        score_chart(result, title, scratch / "scores.png")
        pair_chart(result, title, scratch / "pairs.png")
        if args.ecological:
            ecological_chart(result, title, scratch / "ecological.png")
            written.append("ecological.png")
    print(format_table(result))
    print(f"Wrote {', '.join(str(out / w) for w in written)}")
    return 0
