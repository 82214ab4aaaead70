"""Reading a file the player or teacher gives us, safely: every file the game reads (scenarios,
saves, replays, settings, doctrine files) goes through here first.

- Only regular files: a FIFO, a device or /dev/zero would block or never end.
- A size cap, checked before reading, and enforced while reading (a file may grow).
- A nesting limit, checked on the raw text before a parser sees it: JSON or TOML nested deeper
  than Python's recursion limit would otherwise crash the parser.
- Integers too long to read (Python refuses more than 4300 digits) are named, not a traceback.

Each check raises `Unreadable` with a sentence; callers wrap it in their own error with the file's
name (ScenarioError, SaveError, or a settings warning).
"""
from __future__ import annotations

import os
import re
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from game.errors import UserError

MAX_NESTING = 64  # far deeper than any file the game writes (saves nest about 8 deep)


class Unreadable(Exception):
    """The file cannot be used; the message says why, in words for a player (`line` where known)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def read_text_capped(path: str | Path, limit: int, what: str = "file") -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes (a leading BOM is dropped)."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except OSError as err:
        raise Unreadable(f"cannot be read ({err.strerror or err})") from None
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable(f"is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"is not a regular file (a device or a pipe), so it cannot be a {what}")
    if info.st_size > limit:
        raise Unreadable(f"is {_size(info.st_size)}, larger than any {what} can be (at most {_size(limit)})")
    try:
        with open(path, "rb") as f:
            raw = f.read(limit + 1)
    except OSError as err:
        raise Unreadable(f"cannot be read ({err.strerror or err})") from None
    if len(raw) > limit:
        raise Unreadable(f"is larger than any {what} can be (at most {_size(limit)})")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark some Windows editors write: harmless, so not an error
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise Unreadable(f"is not UTF-8 text (line {line} holds a byte that is not text)", line) from None


_OPEN = frozenset("[{")
_CLOSE = frozenset("]}")
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse text whose brackets nest deeper than `limit` (strings skipped), before parsing."""
    if text.count("[") + text.count("{") <= limit:
        return  # too few brackets to nest that deep: the usual case, checked for free
    depth = deepest = 0
    for ch in _QUOTED.sub("", text):
        if ch in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    raise Unreadable(f"nests lists or tables more than {limit} deep; no file of the game does")
        elif ch in _CLOSE:
            depth = max(0, depth - 1)


def parse_problem(err: BaseException) -> str | None:
    """Words for a parser's failure that is not a syntax error: an integer too long to read, or
    nesting the parser could not follow. None if it is something else (a bug: let it show)."""
    if isinstance(err, RecursionError):
        return "nests lists or tables too deep to read"
    if isinstance(err, ValueError) and "digits" in str(err):
        return "holds a number with thousands of digits, too long to read"
    return None


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"


@contextmanager
def output_set(out: Path, kind: str) -> Iterator[Path]:
    """Write a set of output files (summary, series, replay, charts...) as one: into a scratch
    folder inside `out`, moved into `out` only once every file is written. A failure (a full disk,
    an exception) leaves `out` as it was; a run killed half-way leaves its scratch folder, which
    the next run of the same kind into the same place clears first."""
    scratch = out / f".{kind}_in_progress"
    try:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
    except OSError as err:
        raise UserError(f"{out}: cannot write there ({err.strerror or err}).") from None
    try:
        yield scratch
        for f in sorted(scratch.iterdir()):
            os.replace(f, out / f.name)
    except OSError as err:
        raise UserError(f"{out}: the output could not be written ({err.strerror or err}); "
                        f"what was there before is unchanged.") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
