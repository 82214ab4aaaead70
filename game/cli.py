"""The command line (DESIGN.md §7) — a stable contract: docs and tests use it.

    python main.py                                    title screen
    python main.py play SCENARIO [--seed N] [--load SAVE]
    python main.py watch SCENARIO [--turns N] [--screenshot PNG]
    python main.py simulate SCENARIO [--turns N] [--seed N] [--out DIR] [--explain]
    python main.py experiment SCENARIO --runs N [--vary KEY=V1,V2 ...] [--seed N] --out DIR
    python main.py tournament [--doctrines A,B,...] [--turns N] [--reps N] --out DIR
    python main.py check FILE.toml
    python main.py report SAVE_OR_REPLAY --out DIR

Bad input exits non-zero with one clear message, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence


class UserError(Exception):
    """Bad input from the command line: the message is printed as is."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description="Security Dilemma: a strategy game about arms races, "
                                "alliances and deterrence. With no command, opens the title screen.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="play a scenario (SCENARIO is a built-in id, a .toml path or random:N)")
    play.add_argument("scenario", nargs="?", help="built-in id, path to a .toml file, or random:N")
    play.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    play.add_argument("--load", metavar="SAVE", help="continue a saved game")
    play.add_argument("--human", metavar="IDS", help="comma-separated states to play by hand (default: the scenario's)")

    watch = sub.add_parser("watch", help="watch AI states play a scenario in the window")
    watch.add_argument("scenario")
    watch.add_argument("--turns", type=int, help="stop after N turns")
    watch.add_argument("--seed", type=int)
    watch.add_argument("--screenshot", metavar="PNG", help="save a screenshot at the end and close")
    watch.add_argument("--speed", type=float, default=2.0, help="turns per second (default 2)")

    simulate = sub.add_parser("simulate", help="play a whole game headless and print what happened")
    simulate.add_argument("scenario")
    simulate.add_argument("--turns", type=int)
    simulate.add_argument("--seed", type=int)
    simulate.add_argument("--out", metavar="DIR", help="write summary.json, series.csv and replay.json here")
    simulate.add_argument("--explain", action="store_true", help="print each AI decision's reasons")
    simulate.add_argument("-q", "--quiet", action="store_true", help="print only the final summary")

    exp = sub.add_parser("experiment", help="run a batch of games over conditions")
    exp.add_argument("scenario")
    exp.add_argument("--runs", type=int, required=True, help="games per condition")
    exp.add_argument("--vary", action="append", default=[], metavar="KEY=V1,V2",
                     help="a parameter and its values, e.g. world.offense_defense=0.33,2 (repeatable)")
    exp.add_argument("--turns", type=int)
    exp.add_argument("--seed", type=int, default=0)
    exp.add_argument("--out", metavar="DIR", required=True)
    exp.add_argument("--workers", type=int, help="processes to use (default: all cores)")

    tour = sub.add_parser("tournament", help="a round-robin of doctrines")
    tour.add_argument("--doctrines", help="comma-separated doctrine ids or .toml doctrine files")
    tour.add_argument("--scenario", default="repeated_dilemma", help="a two-state scenario (default repeated_dilemma)")
    tour.add_argument("--turns", type=int, help="rounds (or turns) per match (default: the scenario's; 200 in repeated_dilemma)")
    tour.add_argument("--reps", type=int, default=10)
    tour.add_argument("--noise", type=float, default=0.0, help="chance a move is flipped (repeated dilemma)")
    tour.add_argument("--seed", type=int, default=0)
    tour.add_argument("--ecological", action="store_true", help="also run the population (ecological) variant")
    tour.add_argument("--out", metavar="DIR", required=True)
    tour.add_argument("--workers", type=int, help="processes for games through the engine (default: all cores)")

    check = sub.add_parser("check", help="validate a scenario file")
    check.add_argument("file")

    report = sub.add_parser("report", help="write the debrief of a save or replay: HTML, PNG charts, CSV")
    report.add_argument("save")
    report.add_argument("--out", metavar="DIR", required=True)
    return p


def _scenario(ref: str, seed: int | None = None, turns: int | None = None):
    from game.data.loading import load_scenario

    sc = load_scenario(ref)
    overrides: dict[str, object] = {}
    if turns is not None:
        if turns < 1:
            raise UserError(f"--turns must be at least 1 (got {turns}).")
        overrides["scenario.turns"] = turns
    return sc.with_overrides(overrides) if overrides else sc


def _out_dir(path: str) -> Path:
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {path}: exists and is not a folder.")
    out.mkdir(parents=True, exist_ok=True)
    return out


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.match.saves import ControllerSpec, record, write_save
    from game.match.games import restraint_counterfactual, run_game
    from game.match.outputs import series_csv, summary
    from game.sim.simulate import turn_lines

    sc = _scenario(args.scenario, turns=args.turns)
    out = _out_dir(args.out) if args.out else None
    seed = sc.scenario.seed if args.seed is None else args.seed
    if not args.quiet:
        print(f"{sc.scenario.title} — seed {seed}, {sc.scenario.turns} turns")

    def on_turn(match, report):
        if not args.quiet:
            print("\n".join(turn_lines(match.engine, report, explain=args.explain)))

    result = run_game(sc, seed=seed, on_turn=on_turn)
    cf = restraint_counterfactual(sc, seed)
    summ = summary(result.engine, {sid: c.name for sid, c in result.controllers.items() if hasattr(c, "name")}, cf)
    print(_final_lines(summ))
    if out is not None:
        (out / "summary.json").write_text(json.dumps(summ, indent=2) + "\n", encoding="utf-8")
        (out / "series.csv").write_text(series_csv(result.engine), encoding="utf-8")
        specs = {sid: ControllerSpec(kind="ai", doctrine=getattr(c, "name", None)) for sid, c in result.controllers.items()}
        write_save(out / "replay.json", record(result.engine, specs, kind="replay"))
        print(f"Wrote {out / 'summary.json'}, {out / 'series.csv'} and {out / 'replay.json'}")
    return 0


def _final_lines(summ: dict) -> str:
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


def cmd_check(args: argparse.Namespace) -> int:
    from game.data.loading import check_file

    ok, message = check_file(args.file)
    print(message, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _not_yet(name: str) -> int:
    raise UserError(f"'{name}' is not available in this build yet.")


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cmd = args.command
    if cmd is None:
        from game.ui.app import run_app

        return run_app()
    handlers = {
        "simulate": cmd_simulate,
        "check": cmd_check,
    }
    for name, dotted in (("play", "game.ui.app:cmd_play"), ("watch", "game.ui.app:cmd_watch"),
                         ("experiment", "game.sim.experiment:cmd_experiment"),
                         ("tournament", "game.sim.tournament:cmd_tournament"),
                         ("report", "game.report.debrief:cmd_report")):
        if name not in handlers:
            handlers[name] = _lazy(dotted, name)
    return handlers[cmd](args)


def _lazy(dotted: str, name: str):
    def handler(args):
        import importlib

        module, func = dotted.split(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name and err.name.startswith("game"):
                return _not_yet(name)
            raise
        if not hasattr(mod, func):
            return _not_yet(name)
        return getattr(mod, func)(args)

    return handler


def main(argv: Sequence[str] | None = None) -> int:
    from game.core.commands import IllegalOrder
    from game.data.loading import ScenarioError
    from game.match.saves import SaveError

    try:
        return run(argv)
    except (UserError, ScenarioError, SaveError, IllegalOrder) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyError as err:
        print(f"error: {err.args[0] if err.args else err}", file=sys.stderr)
        return 2
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
