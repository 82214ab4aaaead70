"""The command line (DESIGN.md §7) — a stable contract: docs and tests use it.

    python main.py                                    title screen
    python main.py play SCENARIO [--seed N] [--load SAVE]
    python main.py watch SCENARIO [--turns N] [--screenshot PNG]
    python main.py simulate SCENARIO [--turns N] [--seed N] [--out DIR] [--explain]
    python main.py experiment SCENARIO --runs N [--vary KEY=V1,V2 ...] [--seed N] --out DIR
    python main.py tournament [--doctrines A,B,...] [--turns N] [--reps N] --out DIR
    python main.py check FILE.toml
    python main.py report SAVE_OR_REPLAY --out DIR
    python main.py host SCENARIO [--seed N] [--human IDS|all] [--turns N] [--port P] [--bind ADDR]
                       [--codes FILE] [--turn-seconds S] [--load SAVE] [--headless --out DIR] [--no-observers]
    python main.py join [HOST[:PORT]] [--code CODE] [--team NAME] [--observer] [--bot [DOCTRINE]]

Bad input exits non-zero with one clear message, never a traceback: every mistake a player or a
teacher can make raises a GameError where it is found. Any other exception is a bug of the game,
and says so (the traceback with --debug or SECURITY_DILEMMA_DEBUG=1).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from typing import Sequence

from game.cli.parser import build_parser
from game.errors import GameError

DEBUG_ENV = "SECURITY_DILEMMA_DEBUG"

# command -> (module of game.cli, its handler). A module is imported only when its command runs,
# so the headless commands never import the window's libraries.
COMMANDS = {
    None: ("play", "cmd_title"),
    "play": ("play", "cmd_play"),
    "watch": ("play", "cmd_watch"),
    "simulate": ("simulate", "cmd_simulate"),
    "experiment": ("experiment", "cmd_experiment"),
    "tournament": ("tournament", "cmd_tournament"),
    "check": ("check", "cmd_check"),
    "report": ("report", "cmd_report"),
    "host": ("host", "cmd_host"),
    "join": ("join", "cmd_join"),
}


def run(args: argparse.Namespace) -> int:
    module, handler = COMMANDS[args.command]
    return getattr(importlib.import_module(f"game.cli.{module}"), handler)(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # a usage mistake: argparse prints it and exits 2
    debug = args.debug or os.environ.get(DEBUG_ENV) == "1"
    try:
        return run(args)
    except GameError as err:
        if debug:
            traceback.print_exc()
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of our output went away (`| head`): nothing to say
        return 0
    except OSError as err:  # the machine refused (a full disk, a read-only folder): not a bug of ours
        if debug:
            traceback.print_exc()
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}. Nothing was lost; free some space or choose another place "
              f"and run the command again.", file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 - a bug: say so in one line, the details on request
        if debug:
            traceback.print_exc()
            print(f"Security Dilemma hit a bug ({_one_line(err)}). Please report it with the command you ran "
                  f"and the traceback above.", file=sys.stderr)
        else:
            print(f"Security Dilemma hit a bug ({_one_line(err)}). Please report it with the command you ran; "
                  f"run with --debug to see the details.", file=sys.stderr)
        return 1


def _one_line(err: BaseException) -> str:
    """`KeyError: 'x'`: the exception's type and the first line of its message."""
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0]}" if text else type(err).__name__
