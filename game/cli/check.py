"""`main.py check FILE.toml[:VARIANT]`: every problem of a scenario file, with its line."""
from __future__ import annotations

import argparse
import sys

from game.scenario.loading import check_file


def cmd_check(args: argparse.Namespace) -> int:
    ok, message = check_file(args.file)
    print(message, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1
