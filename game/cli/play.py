"""The window commands: the title screen, `main.py play` and `main.py watch` (game.ui.app).

The command line is checked and the session built before a window opens, so that bad input is
one clear message and no window flashes up.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from game.cli import options
from game.errors import UserError
from game.ui import app
from game.ui.session import GameSession, Seat, scenario_seats
from game.ui.settings import Paths, default_paths

MAX_HUMANS = 8
SCREENSHOT_SUFFIXES = (".png", ".bmp", ".tga", ".jpg", ".jpeg")


def cmd_title(args: argparse.Namespace) -> int:
    return app.title()


def cmd_play(args: argparse.Namespace) -> int:
    paths, session = prepare_play(args)
    return app.play(session, paths)


def cmd_watch(args: argparse.Namespace) -> int:
    session, speed = prepare_watch(args)
    return app.watch(session, speed, Path(args.screenshot) if args.screenshot else None)


def prepare_play(args: argparse.Namespace) -> tuple[Paths, GameSession]:
    paths = default_paths()
    humans = [h.strip() for h in args.human.split(",") if h.strip()] if args.human else None
    if args.load:
        if args.turns is not None:
            raise UserError("--turns cannot change the length of a saved game; start a new one with --turns.")
        if args.scenario or args.seed is not None:
            given = "a SCENARIO" if args.scenario else "--seed"
            raise UserError(f"--load {args.load}: a saved game brings its own scenario and seed; drop {given}, or "
                            f"leave out --load to start a new game.")
        session = GameSession.load(args.load, paths.saves_dir, humans)
    else:
        if not args.scenario:
            raise UserError("play needs a SCENARIO (a built-in id or a .toml file) or --load SAVE.")
        sc = options.scenario(args.scenario, args.turns)
        unknown = [h for h in humans or [] if h not in sc.state_ids]
        if unknown:
            raise UserError(f"--human: no state called {', '.join(map(repr, unknown))} in {sc.id} "
                            f"(states: {', '.join(sc.state_ids)}).")
        options.non_negative_seed(args.seed)
        session = GameSession(sc, args.seed, scenario_seats(sc, humans), saves_dir=paths.saves_dir)
    if humans is not None and len(humans) > MAX_HUMANS:
        raise UserError(f"hot-seat takes at most {MAX_HUMANS} human players.")
    return paths, session


def prepare_watch(args: argparse.Namespace) -> tuple[GameSession, float]:
    sc = options.scenario(args.scenario, args.turns)
    options.non_negative_seed(args.seed)
    if not 0 < args.speed <= 100:
        raise UserError(f"--speed must be between 0 and 100 turns per second (got {args.speed}).")
    if args.screenshot:
        shot = Path(args.screenshot)
        if shot.suffix.lower() not in SCREENSHOT_SUFFIXES:
            raise UserError(f"--screenshot {args.screenshot}: give a .png file name.")
        if shot.is_dir():
            raise UserError(f"--screenshot {args.screenshot}: is a folder.")
    seats = {s.id: Seat(human=False, doctrine=s.doctrine, difficulty=s.difficulty) for s in sc.states}
    return GameSession(sc, args.seed, seats), args.speed
