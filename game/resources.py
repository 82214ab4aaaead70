"""Where the shipped files are: assets (themes, fonts) and built-in scenarios.

In a wheel they are the packages game.assets and game.scenarios (pyproject maps the top-level
folders there); in a source checkout they are the top-level folders beside game/. Never the
current directory.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def _dir(package: str, folder: str) -> Path:
    try:
        found = Path(str(resources.files(package)))
        if found.is_dir():
            return found
    except (ModuleNotFoundError, TypeError):
        pass
    return _ROOT / folder


def assets_dir() -> Path:
    return _dir("game.assets", "assets")


def scenarios_dir() -> Path:
    return _dir("game.scenarios", "scenarios")


def asset(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)


def builtin_scenario_ids() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.toml"))


def builtin_scenario_path(scenario_id: str) -> Path | None:
    """The file of a built-in scenario, or None (also for anything that is not a plain id, so a
    reference like `../x` never reaches outside the scenarios folder)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", scenario_id):
        return None
    p = scenarios_dir() / f"{scenario_id}.toml"
    return p if p.is_file() else None
