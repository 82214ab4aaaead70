"""`main.py report SAVE_OR_REPLAY --out DIR [--teams]`: the debrief of a played game
(game.report.debrief); with --teams also each team's own, what that team could see."""
from __future__ import annotations

import argparse

from game.cli import options
from game.match.saves import read_save, restore
from game.errors import UserError
from game.report.debrief import export


def cmd_report(args: argparse.Namespace) -> int:
    save = read_save(args.save)
    engine = restore(save, source=str(args.save))
    if engine.turn == 0:
        raise UserError(f"{args.save}: no turn has been played yet; there is nothing to debrief.")
    out = options.out_dir(args.out)
    html = export(engine, out, save.controllers or None)
    print(f"Debrief of {engine.scenario.scenario.title} ({engine.turn} turns): {html}")
    print(f"Also written: charts (PNG), {out / 'series.csv'} and {out / 'debrief.json'}")
    if args.teams:
        people = [sid for sid, spec in (save.controllers or {}).items() if spec.kind == "human"]
        if not people:
            raise UserError(f"{args.save}: no state was played by a team (a person): there is no team debrief to write.")
        for sid in people:
            team_html = export(engine, out / "teams" / sid, save.controllers or None, viewer=sid)
            print(f"  {sid}'s own debrief (what it could see): {team_html}")
    return 0
