"""`main.py simulate SCENARIO [--turns N] [--seed N] [--out DIR]`: one game, headless, told turn by turn."""
from __future__ import annotations

import argparse
import json

from game.cli import options
from game.match.saves import ControllerSpec, record, write_save
from game.scenario.files import output_set
from game.match.games import restraint_counterfactual, run_game
from game.match.outputs import series_csv, summary
from game.sim.simulate import turn_lines


def cmd_simulate(args: argparse.Namespace) -> int:
    sc = options.scenario(args.scenario, args.turns)
    options.non_negative_seed(args.seed)
    out = options.out_dir(args.out) if args.out else None
    seed = sc.scenario.seed if args.seed is None else args.seed
    if not args.quiet:
        print(f"{sc.scenario.title} — seed {seed}, {sc.scenario.turns} turns")

    def on_turn(match, report):
        if not args.quiet:
            print("\n".join(turn_lines(match.engine, report, explain=args.explain)))

    result = run_game(sc, seed=seed, on_turn=on_turn)
    doctrines = {sid: c.name for sid, c in result.controllers.items() if hasattr(c, "name")}
    summ = summary(result.engine, doctrines, restraint_counterfactual(sc, seed))
    print(final_lines(summ))
    if out is not None:
        with output_set(out, "simulate") as scratch:
            (scratch / "summary.json").write_text(json.dumps(summ, indent=2, allow_nan=False) + "\n", encoding="utf-8")
            (scratch / "series.csv").write_text(series_csv(result.engine), encoding="utf-8")
            specs = {sid: ControllerSpec(kind="ai", doctrine=doctrines.get(sid)) for sid in result.controllers}
            write_save(scratch / "replay.json", record(result.engine, specs, kind="replay"))
        print(f"Wrote {out / 'summary.json'}, {out / 'series.csv'} and {out / 'replay.json'}")
    return 0


def final_lines(summ: dict) -> str:
    """The closing table: each state's fate and score, then wars, spirals and crises."""
    lines = ["", f"Final — {summ['title']} after {summ['turns']} turns"]
    for s in summ["states"]:
        cf = s.get("mutual_restraint_score", {})
        status = "alive" if s["alive"] else "conquered"
        lines.append(f"  {s['name']:<14} {s['type']:<15} {status:<9} forces {s['forces']:>7.1f}  output {s['output']:>7.1f}"
                     f"  score {s['score']['total']:>5.1f}" + (f"  (mutual restraint: {cf['total']:.1f})" if cf else ""))
    lines.append(f"  wars: {len(summ['wars'])}  " + ", ".join(f"{k} {v}" for k, v in summ["wars_by_label"].items() if v))
    tragic = sum(1 for sp in summ["spirals"] if sp["tragic"])
    lines.append(f"  spirals: {len(summ['spirals'])} (tragic: {tragic})  crises: {summ['crises']}")
    return "\n".join(lines)
