"""Reading scenario files: TOML in, a validated Scenario out, or every problem with its line.

(Minimal first version; line-numbered problem reports are added in the data layer work.)"""
from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from game import resources
from game.data.scenario import Problem, Scenario, semantic_problems


class ScenarioError(Exception):
    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.format())

    def format(self) -> str:
        lines = []
        for p in self.problems:
            where = ".".join(str(x) for x in p.loc)
            lines.append(f"{self.source}: {where}: {p.message} (wrote {p.value!r}; allowed: {p.allowed})")
        return "\n".join(lines)


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(source, [Problem(loc=(), message=f"is not valid TOML: {err}")]) from None
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(source, [Problem(loc=tuple(e["loc"]), message=e["msg"], value=e.get("input"))
                                     for e in err.errors()]) from None
    problems = semantic_problems(sc)
    if problems:
        raise ScenarioError(source, problems)
    return sc


def load_scenario(ref: str | Path) -> Scenario:
    """A built-in id (`two_neighbours`) or a path to a .toml file."""
    ref_s = str(ref)
    path = resources.builtin_scenario_path(ref_s) if not ref_s.endswith(".toml") else None
    if path is None:
        path = Path(ref_s)
    if not path.is_file():
        known = ", ".join(resources.builtin_scenario_ids())
        raise ScenarioError(ref_s, [Problem(loc=(), message="no such scenario file or built-in scenario",
                                            value=ref_s, allowed=f"a .toml path or one of: {known}")])
    return parse_scenario(path.read_text(encoding="utf-8"), str(path))


def check_file(path: str) -> tuple[bool, str]:
    """(valid?, what to print) for `main.py check FILE`."""
    try:
        sc = load_scenario(path)
    except ScenarioError as err:
        n = len(err.problems)
        return False, err.format() + f"\n{n} problem{'s' if n != 1 else ''} found."
    return True, f"{path}: valid — {sc.scenario.title}, {len(sc.states)} states, {sc.scenario.turns} turns."
