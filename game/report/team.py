"""A game as one state saw it, for that team's own debrief: the same world and history, but only
the events that state could see (its own intelligence reports, not its rivals'), and charts of
its own beliefs only. Read-only: it stands in for an engine wherever the debrief reads one."""
from __future__ import annotations

from typing import Any

from game.core.engine import Engine


class TeamEngine:
    def __init__(self, engine: Engine, state_id: str):
        self._engine = engine
        self.viewer = state_id
        self.events = engine.events_for(state_id)

    def __getattr__(self, name: str) -> Any:
        # Everything else (the world, the series, the spiral tracker) is the game's own record.
        return getattr(self._engine, name)
