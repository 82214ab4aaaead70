"""Reading scenarios: TOML in, a validated Scenario out — or every problem, each with its line.

    load_scenario("two_neighbours")                        a built-in scenario
    load_scenario("four_worlds:offense_indistinguishable") a built-in scenario with a variant
    load_scenario("my_class.toml") / "my_class.toml:hard"  a file, with or without a variant
    load_scenario("random:6") / "random:6:42"              a random world of 6 states (map seed 42)

`check_file(path)` is what `python main.py check FILE` prints. tomllib gives no line numbers for
values, so `LineLocator` reads the TOML text once more, line by line, tracking [table] and
[[array-of-tables]] headers and `key =` lines; a value inside an inline table or array is
located at its key's line, a missing key at its table's header.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game import resources
from game.scenario.files import Unreadable, check_nesting, parse_problem, read_text_capped
from game.scenario.models import Scenario, list_variants, semantic_problems
from game.scenario.patterns import ID_PATTERN
from game.scenario.problems import Problem, field_path, problems_from_validation, reference_problems
from game.errors import RandomSpecError, ScenarioError, UnknownVariant

MAX_SCENARIO_BYTES = 1 << 20  # 1 MB: the largest built-in scenario is a few KB


__all__ = ["LineLocator", "check_file", "list_variants", "load_scenario", "parse_scenario"]


# ---------------------------------------------------------------------------------------------
# Line numbers

_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY = rf'(?:{_BARE_KEY}|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*(\]\]?)\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_KEY, dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


class LineLocator:
    """Where things are in a TOML text: `line_of(("states", 1, "economy"))` -> 23.

    Also notices what tomllib reports badly: a key given twice, and a bracket or string left
    open (tomllib says only "at end of document")."""

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        self.duplicates: list[tuple[tuple, int, int]] = []  # (path, first line, second line)
        self.unclosed: tuple[str, int] | None = None  # ("[", line) or ('"""', line)
        self._scan(text.splitlines())

    def line_of(self, loc: tuple) -> int | None:
        """The line of `loc`, else of the nearest enclosing key or table that is written."""
        for n in range(len(loc), 0, -1):
            line = self.lines.get(tuple(loc[:n]))
            if line is not None:
                return line
        return None

    def _scan(self, lines: list[str]) -> None:
        table: tuple = ()
        counts: dict[tuple, int] = {}  # array-of-tables path -> index of its last entry
        depth = 0  # open [ or { of a value that spans lines
        string_end: str | None = None
        opened_at = 0
        for number, line in enumerate(lines, start=1):
            if string_end is not None:
                if string_end in line:
                    depth, string_end = self._skip(line[line.index(string_end) + 3:], depth)
                continue
            if depth > 0:
                depth, string_end = self._skip(line, depth)
                if string_end is not None:
                    opened_at = number
                continue
            header = _HEADER.match(line)
            if header:
                parts = _split_key(header.group(2))
                path: tuple = ()
                for part in parts[:-1]:
                    path = path + (part,)
                    if path in counts:
                        path = path + (counts[path],)
                path = path + (parts[-1],)
                if header.group(1) == "[[":
                    counts[path] = counts.get(path, -1) + 1
                    path = path + (counts[path],)
                table = path
                self._record(table, number)
                continue
            assign = _ASSIGN.match(line)
            if assign:
                self._record(table + _split_key(assign.group(1)), number)
                depth, string_end = self._skip(line[assign.end():], 0)
                if depth or string_end:
                    opened_at = number
        if depth > 0:
            self.unclosed = ("[", opened_at)
        elif string_end is not None:
            self.unclosed = (string_end, opened_at)

    def _record(self, path: tuple, number: int) -> None:
        if path in self.lines:
            self.duplicates.append((path, self.lines[path], number))
        else:
            self.lines[path] = number

    @staticmethod
    def _skip(rest: str, depth: int) -> tuple[int, str | None]:
        """Bracket depth after `rest`, and the closing quotes of a multi-line string left open."""
        i = 0
        while i < len(rest):
            ch = rest[i]
            if ch == "#":
                break
            if rest.startswith('"""', i) or rest.startswith("'''", i):
                quote = rest[i:i + 3]
                end = rest.find(quote, i + 3)
                if end < 0:
                    return depth, quote
                i = end + 3
                continue
            if ch in "\"'":
                end = i + 1
                while end < len(rest) and rest[end] != ch:
                    end += 2 if ch == '"' and rest[end] == "\\" else 1
                i = end + 1
                continue
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth = max(0, depth - 1)
            i += 1
        return depth, None


# ---------------------------------------------------------------------------------------------
# Parsing


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$|\s*\(at end of document\)\s*$")


_TOML_WORDS = {
    "Invalid value": "this value cannot be read",
    "Expected newline or end of document after a statement": "something follows the value on the same line",
    "Expected '=' after a key in a key/value pair": "a key must be followed by = and a value",
    "Invalid statement": "this line is neither a [table] header nor key = value",
}


def _toml_problem(err: tomllib.TOMLDecodeError, text: str, locator: LineLocator) -> Problem:
    """One problem for a TOML syntax error, with its line and column and a hint for the usual slips."""
    raw = str(err)
    found = _TOML_POSITION.search(raw)
    what = _TOML_POSITION.sub("", raw)
    line = col = None
    if found and found.group(1):
        line, col = int(found.group(1)), int(found.group(2))
    hint = ""
    lines = text.splitlines()
    if what.startswith("Cannot overwrite a value") and locator.duplicates:
        path, first, line = locator.duplicates[0]
        col = None
        what = f"`{'.'.join(str(p) for p in path if not isinstance(p, int))}` is given twice (first on line {first})"
        hint = "keep one of them"
    elif what.startswith("Cannot declare") and locator.duplicates:
        path, first, line = locator.duplicates[0]
        col = None
        what = f"the table [{'.'.join(str(p) for p in path if not isinstance(p, int))}] is given twice " \
               f"(first on line {first})"
        hint = "merge them into one table (use [[double brackets]] for a list of tables)"
    elif what.startswith("Unclosed") and locator.unclosed:
        line, col = locator.unclosed[1], None
        what = "a list or table opened on this line is never closed"
        hint = "add the closing ] or }"
    elif what.startswith("Unterminated string") and locator.unclosed:
        line, col = locator.unclosed[1], None
        what = f"a text opened with {locator.unclosed[0]} on this line is never closed"
        hint = f"add the closing {locator.unclosed[0]}"
    elif line is not None and col is not None and line - 1 < len(lines):
        rest, before = lines[line - 1][col - 1:], lines[line - 1][:col - 1]
        if what == "Invalid value":
            if re.match(r"(True|False|TRUE|FALSE)\b", rest):
                hint = "write true or false in lower case"
            elif rest[:1] == "(":
                hint = "write a list with square brackets: [0.3, 0.5]"
            elif re.match(r"[A-Za-z_]", rest):
                word = re.split(r"[\s,#\]}]", rest)[0]
                hint = f'text must be in quotes: "{word}"'
        elif rest[:1] == "," and before[-1:].isdigit():
            hint = "write decimals with a point: 0.5, not 0,5"
    what = _TOML_WORDS.get(what, what[:1].lower() + what[1:])
    return Problem(loc=(), line=line, column=col, hint=hint,
                   message=f"not valid TOML: {what}. A TOML mistake stops the check: fix it and run check again")


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    """A Scenario from TOML text, or ScenarioError listing every problem with its line."""
    locator = LineLocator(text)
    if not text.strip():
        raise ScenarioError(source, [Problem(loc=(), message=(
            "the file is empty: a scenario needs a [scenario] table (id, title) and 2 to 12 [[states]] tables"))])
    try:
        check_nesting(text)
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(source, [_toml_problem(err, text, locator)]) from None
    except (Unreadable, RecursionError, ValueError) as err:
        problem = str(err) if isinstance(err, Unreadable) else parse_problem(err)
        if problem is None:
            raise
        raise ScenarioError(source, [Problem(loc=(), message=problem)]) from None
    sc, problems = _validate(data)
    if problems:
        for p in problems:
            if not p.path:
                p.path = field_path(p.loc, data)
            if p.line is None:
                p.line = locator.line_of(p.loc)
        raise ScenarioError(source, problems)
    assert sc is not None
    return sc


def _validate(data: dict[str, Any]) -> tuple[Scenario | None, list[Problem]]:
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as err:
        problems = problems_from_validation(err, data, Scenario)
        # References are checked on the raw data too, so they are reported in the same run.
        seen = {(p.loc, p.message) for p in problems}
        problems += [p for p in reference_problems(data) if (p.loc, p.message) not in seen]
        return None, problems
    return sc, semantic_problems(sc)


def _read_text(path: Path, shown: str) -> str:
    def fail(message: str, allowed: str = "") -> ScenarioError:
        return ScenarioError(shown, [Problem(loc=(), message=message, allowed=allowed)])

    try:
        return read_text_capped(path, MAX_SCENARIO_BYTES, "scenario file")
    except Unreadable as err:
        if err.line is not None:
            raise ScenarioError(shown, [Problem(loc=(), line=err.line, message=(
                "is not a text file in UTF-8: save it as UTF-8 text (most editors offer this in 'Save as')"))]) from None
        raise fail(str(err), "a .toml file" if path.is_dir() else "") from None


# ---------------------------------------------------------------------------------------------
# Scenario references


def _split_variant(ref: str) -> tuple[str, str | None]:
    """`four_worlds:offense_indistinguishable` -> ("four_worlds", "offense_indistinguishable").
    A path that exists as written is never split (a drive letter `C:\\...` has a colon too)."""
    if ":" not in ref or Path(ref).exists():
        return ref, None
    base, variant = ref.rsplit(":", 1)
    if base and re.match(ID_PATTERN, variant):
        return base, variant
    return ref, None


def _resolve(ref: str) -> Path:
    builtin = None if ref.endswith(".toml") or "/" in ref or "\\" in ref else resources.builtin_scenario_path(ref)
    path = builtin or Path(ref)
    if not path.exists():
        known = ", ".join(resources.builtin_scenario_ids())
        raise ScenarioError(ref, [Problem(loc=(), message="no such scenario file or built-in scenario",
                                          allowed=f"a .toml file, random:N, or a built-in scenario: {known}")])
    return path


def load_scenario(ref: str | Path) -> Scenario:
    """A built-in id (`two_neighbours`), a path to a .toml file, either followed by `:VARIANT`,
    or `random:N[:SEED]`. Raises ScenarioError with every problem found."""
    ref_s = str(ref)
    if ref_s.startswith("random:"):
        from game.scenario.random_worlds import REF_FORMAT, parse_random_ref, random_scenario

        try:
            n, seed = parse_random_ref(ref_s)
        except RandomSpecError as err:
            raise ScenarioError(ref_s, [Problem(loc=(), message=str(err), allowed=REF_FORMAT)]) from None
        return random_scenario(n, seed)
    base, variant = _split_variant(ref_s)
    path = _resolve(base)
    shown = base if path.name == base else str(path)
    sc = parse_scenario(_read_text(path, shown), shown)
    if variant is None:
        return sc
    try:
        return sc.with_variant(variant)
    except UnknownVariant as err:
        allowed = ("one of: " + ", ".join(err.known)) if err.known else "this scenario has no variants"
        raise ScenarioError(ref_s, [Problem(loc=(), message=err.short, allowed=allowed)]) from None


def check_file(path: str) -> tuple[bool, str]:
    """(valid?, what to print) for `main.py check FILE`: every problem with its line, or a
    one-line summary. Never raises for a bad file."""
    try:
        sc = load_scenario(path)
    except ScenarioError as err:
        n = len(err.problems)
        return False, err.format() + f"\n{n} problem{'s' if n != 1 else ''} found in {err.source}; it cannot be played until fixed."
    except Exception as err:  # a bug of ours must not look like the teacher's mistake, nor be a traceback
        return False, (f"{path}: check could not finish ({type(err).__name__}: {err}). This is a bug in the game, "
                       f"not in your file: please report it with the file attached.")
    variants = f", {len(sc.variants)} variants ({', '.join(v.id for v in sc.variants)})" if sc.variants else ""
    return True, (f"{path}: valid — \"{sc.scenario.title}\", {len(sc.states)} states, {sc.scenario.turns} turns"
                  f"{variants}.")
