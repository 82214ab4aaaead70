"""Small worlds for rule tests: scenarios built in code, a turn played with given orders, and a
generator whose chance draws can be fixed so a rule's "with probability p" can be forced."""
from __future__ import annotations

import math
from typing import Any, Iterable, Mapping

import numpy as np

from game.core.engine import Engine, TurnReport
from game.core.events import Event
from game.scenario.models import Scenario

NAMES = ("Aland", "Borea", "Cerulia", "Dorn", "Estra", "Fenn", "Gala", "Hesper", "Ister", "Jura", "Kestel", "Lumen")
IDS = tuple(n.lower() for n in NAMES)


def scenario(states: int | list[dict] = 2, *, turns: int = 30, seed: int = 1, world: dict | None = None,
             alliances: Iterable[Iterable[str]] = (), guarantees: Iterable[tuple[str, str]] = (),
             rivalries: Iterable[tuple[str, str, int]] = (), terrain: Iterable[tuple[str, str, float]] = (),
             dilemma: dict | None = None, **per_state: Any) -> Scenario:
    """`states` is a count or a list of per-state overrides. Every state defaults to output 100,
    no growth, O=10, D=20 (so the opening budget keeps forces level). `per_state` keys like
    `borea={"economy": 50}` override one state by id."""
    specs = [{} for _ in range(states)] if isinstance(states, int) else [dict(s) for s in states]
    n = len(specs)
    out = []
    for k, spec in enumerate(specs):
        angle = 2 * math.pi * k / n
        base = {"id": IDS[k], "name": NAMES[k], "economy": 100.0, "growth": 0.0, "offense": 10.0, "defense": 20.0,
                "position": [round(0.5 + 0.3 * math.cos(angle), 4), round(0.5 + 0.3 * math.sin(angle), 4)]}
        base.update(spec)
        base.update(per_state.get(base["id"], {}))
        out.append(base)
    data: dict[str, Any] = {
        "scenario": {"id": "test_world", "title": "Test world", "turns": turns, "seed": seed},
        "world": {"offense_defense": 1.0, "distinguishability": 0.5, "intel_noise": 0.2, **(world or {})},
        "states": out,
        "alliances": [{"members": list(m)} for m in alliances],
        "guarantees": [{"guarantor": g, "protege": p} for g, p in guarantees],
        "rivalries": [{"between": [a, b], "rung": r} for a, b, r in rivalries],
        "terrain": [{"between": [a, b], "factor": f} for a, b, f in terrain],
    }
    if dilemma is not None:
        data["dilemma"] = dilemma
    return Scenario.model_validate(data)


def engine(states: int | list[dict] = 2, seed: int = 1, **kw: Any) -> Engine:
    return Engine(scenario(states, seed=seed, **kw), seed=seed)


def play(eng: Engine, orders: Mapping[str, list] | None = None) -> TurnReport:
    """Submit the given orders (nothing for states not named) and resolve the turn."""
    orders = orders or {}
    for sid in eng.pending():
        eng.submit(sid, orders.get(sid, []))
    return eng.advance()


def of_kind(events: Iterable[Event], kind: str) -> list[Event]:
    return [e for e in events if e.kind == kind]


def one(events: Iterable[Event], kind: str) -> Event:
    found = of_kind(events, kind)
    assert len(found) == 1, f"expected one {kind} event, got {[e.kind for e in events]}"
    return found[0]


class Forced:
    """A generator whose uniform draws are all `value`: 0.0 makes every chance event of the rules
    happen (a draw below p), 0.999999 makes none happen. Normal draws (perception noise) still
    come from the real generator."""

    def __init__(self, rng: np.random.Generator, value: float):
        self._rng = rng
        self.value = value

    def random(self, size=None):
        return self.value if size is None else np.full(size, self.value)

    def __getattr__(self, name: str):
        return getattr(self._rng, name)


def force_chance(eng: Engine, happens: bool | float) -> None:
    """From now on every chance event happens (True), never happens (False), or happens exactly
    when its probability exceeds the given draw (a float)."""
    base = eng.rng._rng if isinstance(eng.rng, Forced) else eng.rng
    value = (0.0 if happens else 0.999999) if isinstance(happens, bool) else float(happens)
    eng.rng = Forced(base, value)


def idx(eng: Engine, sid: str) -> int:
    return eng.state.index(sid)
