"""The guided first game: the scenario's tips over the map, one a turn (or sooner with "Next tip"),
until the player is done or hides them. The place reached is remembered across turns (on the
flow); a scenario's tips, once done, are not shown again (in the settings)."""
from __future__ import annotations

import pygame

from game.ui.widgets.kit import button, esc, textbox


class FirstGameTips:
    def __init__(self, app, flow, session, spectator: bool):
        self.app = app
        self.flow = flow
        self.scenario_id = session.scenario.id
        self.hints = list(session.scenario.scenario.hints) if (not spectator and self.scenario_id
                                                               not in app.settings.hints_seen) else []
        turn = session.engine.turn
        self.index = max(getattr(flow, "hint_index", 0), min(turn, max(len(self.hints) - 1, 0)))
        if self.hints and turn > len(self.hints):
            self.hints = []
            self._mark_seen()
        self.box = self.next_button = self.hide_button = None
        self.map_rect: pygame.Rect | None = None
        self.root = None

    def height(self) -> int:
        """How much of the map's top the tip and its buttons cover (0 when no tip shows)."""
        if not (self.hints and self.index < len(self.hints)):
            return 0
        return 10 + int(84 * self.app.settings.ui_scale) + 32

    def build(self, map_rect: pygame.Rect, root) -> None:
        """Shows the current tip, if any is left, at the top of the map."""
        self.map_rect, self.root = map_rect, root
        self.box = None
        if self.hints and self.index < len(self.hints):
            self._show()

    def _show(self) -> None:
        app = self.app
        u = app.settings.ui_scale
        w = min(int(560 * u), self.map_rect.width - 40)
        rect = pygame.Rect(self.map_rect.centerx - w // 2, self.map_rect.top + 10, w, int(84 * u))
        text = (f"<b>Tip {self.index + 1} of {len(self.hints)}</b> — {esc(self.hints[self.index])}")
        self.box = textbox(app, rect, text, container=self.root, object_id="#hint")
        bw = int(90 * u)
        self.next_button = button(app, (rect.right - 2 * bw - 8, rect.bottom + 2, bw, 28),
                                  "Next tip" if self.index + 1 < len(self.hints) else "Done", self.next,
                                  container=self.root)
        self.hide_button = button(app, (rect.right - bw, rect.bottom + 2, bw, 28), "Hide tips", self.close,
                                  container=self.root)

    def _kill(self) -> None:
        for e in (self.box, self.next_button, self.hide_button):
            if e is not None:
                e.kill()
        self.box = None

    def next(self) -> None:
        self.index += 1
        if self.flow is not None:
            self.flow.hint_index = self.index
        self._kill()
        if self.index < len(self.hints):
            self._show()
        else:
            self.close()

    def close(self) -> None:
        self._kill()
        self.index = len(self.hints)
        self._mark_seen()

    def _mark_seen(self) -> None:
        if self.scenario_id not in self.app.settings.hints_seen:
            self.app.settings.hints_seen.append(self.scenario_id)
            self.app.save_settings()
