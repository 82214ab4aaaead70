"""Command-line values turned into what the libraries take, or a UserError naming the option."""
from __future__ import annotations

from pathlib import Path

from game.scenario.loading import load_scenario
from game.scenario.models import Scenario
from game.errors import UserError


def at_least_one(option: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise UserError(f"{option} must be at least 1 (got {value}).")


def non_negative_seed(value: int | None) -> None:
    if value is not None and value < 0:
        raise UserError(f"--seed must be 0 or more (got {value}).")


def scenario(ref: str, turns: int | None = None) -> Scenario:
    """The scenario `ref` names (ScenarioError if it cannot be used), `turns` long when given."""
    sc = load_scenario(ref)
    if turns is None:
        return sc
    at_least_one("--turns", turns)
    try:
        return sc.with_overrides({"scenario.turns": turns})
    except ValueError as err:  # beyond the scenario's bounds (more than 1000 turns)
        raise UserError(str(err)) from None


def out_dir(path: str) -> Path:
    """The folder `--out` names, made if missing."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {path}: exists and is not a folder.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"--out {path}: cannot make that folder ({err.strerror or err}).") from None
    return out
