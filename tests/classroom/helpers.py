"""Small helpers for the classroom tests."""
from __future__ import annotations

from typing import Iterable

from game.core.engine import Engine
from game.scenario.loading import load_scenario
from game.sim.experiment import play_batch_games


def games(ref: str, seeds: Iterable[int], **overrides) -> list[Engine]:
    """Whole headless games of a built-in scenario (or variant), every state on its doctrine."""
    sc = load_scenario(ref)
    if overrides:
        sc = sc.with_overrides(overrides)
    return play_batch_games(sc, list(seeds))


def happened(engine: Engine, kind: str, before: int | None = None) -> bool:
    return any(e.kind == kind and (before is None or e.turn <= before) for e in engine.events)


def share(flags: Iterable[bool]) -> float:
    flags = list(flags)
    return sum(bool(f) for f in flags) / len(flags)
