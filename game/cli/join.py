"""`main.py join [HOST[:PORT]] [--code CODE] [--team NAME] [--observer] [--bot [DOCTRINE]]`.

With --bot the seat (or, with --observer, the public view) is followed headless to the end of
the game: exit 0 at game over, 2 when the host refuses (wrong code, version...) or cannot be
reached. Without --bot the join screen opens (game.ui.scenes.join), filled with what was given.
"""
from __future__ import annotations

import argparse

from game.scenario.models import DOCTRINE_IDS
from game.errors import NetError, UserError
from game.net.protocol import team_problem

BOT_REACH_SECONDS = 10.0  # a bot gives up on a host it cannot reach after this long


def cmd_join(args: argparse.Namespace) -> int:
    team = (args.team or "").strip()
    problem = team_problem(team)
    if problem:
        raise UserError(f"--team: {problem}")
    if args.bot is not None:
        return join_headless(args, team)
    from game.ui import app

    return app.join(address=args.address or "", code=args.code or "", team=team, observer=args.observer)


def join_headless(args: argparse.Namespace, team: str) -> int:
    from game.net.bot import run_bot, run_observer
    from game.net.client import Client

    if not args.address:
        raise UserError("join --bot needs the host's address (HOST or HOST:PORT).")
    if args.bot and args.bot not in DOCTRINE_IDS:
        raise UserError(f"--bot {args.bot}: no such doctrine (doctrines: {', '.join(DOCTRINE_IDS)}).")
    if args.observer:
        client = Client(args.address, observer=True, reconnect_seconds=BOT_REACH_SECONDS)
        result = run_observer(args.address, client=client)
    else:
        if not args.code:
            raise UserError("join --bot needs the seat's --code (or --observer to watch).")
        client = Client(args.address, code=args.code, team=team or "bot", bot=True,
                        reconnect_seconds=BOT_REACH_SECONDS)
        result = run_bot(args.address, args.code, doctrine=args.bot or None, client=client)
    if result.exit_code:
        raise NetError(result.error or "the game ended early")
    who = f"{result.seat}" if result.seat else "the game"
    print(f"Game over: played {who} for {len(result.hashes)} turns.")
    return 0
