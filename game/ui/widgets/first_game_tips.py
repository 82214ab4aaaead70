"""The guided first game: the scenario's tips over the map, one a turn (or sooner with "Next tip"),
until the player is done or hides them. The place reached is remembered across turns (on the
flow); a scenario's tips, once done, are not shown again (in the settings)."""
from __future__ import annotations

import pygame

from game.ui import draw
from game.ui.widgets.kit import button, control_height, esc, line_width, textbox, textbox_height


TEXT_PADDING = 8  # the theme's text box padding, left and right


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

    def height(self, map_rect: pygame.Rect) -> int:
        """How much of the map's top the tip and its buttons cover (0 when no tip shows)."""
        if not (self.hints and self.index < len(self.hints)):
            return 0
        return self._rects(map_rect)[1].bottom - map_rect.top

    def build(self, map_rect: pygame.Rect, root) -> None:
        """Shows the current tip, if any is left, at the top of the map."""
        self.map_rect, self.root = map_rect, root
        self.box = None
        if self.hints and self.index < len(self.hints):
            self._show()

    def _text(self, k: int) -> str:
        return f"<b>Tip {k + 1} of {len(self.hints)}</b> — {esc(self.hints[k])}"

    def _rects(self, map_rect: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
        """The tip's box, as tall as the longest tip wrapped in it (the map below does not move from
        tip to tip), and the row of its buttons under it."""
        app = self.app
        w = min(int(560 * app.settings.ui_scale), map_rect.width - 40)
        font = app.manager.get_theme().get_font(["#hint"])
        room = w - 2 * TEXT_PADDING - 8  # 8: the bold "Tip n of m" is a little wider than measured here
        lines = max(len(draw.wrap(font, f"Tip {k + 1} of {len(self.hints)} — {self.hints[k]}", room))
                    for k in range(len(self.hints)))
        box = pygame.Rect(map_rect.centerx - w // 2, map_rect.top + 10, w, textbox_height(app, lines, "#hint"))
        buttons = pygame.Rect(box.left, box.bottom + 4, w, control_height(app, "button", 8))
        return box, buttons

    def _show(self) -> None:
        app = self.app
        rect, row = self._rects(self.map_rect)
        self.box = textbox(app, rect, self._text(self.index), container=self.root, object_id="#hint")
        bw = max(int(90 * app.settings.ui_scale), line_width(app, "button", "Hide tips") + 24)
        self.next_button = button(app, (rect.right - 2 * bw - 8, row.top, bw, row.height),
                                  "Next tip" if self.index + 1 < len(self.hints) else "Done", self.next,
                                  container=self.root)
        self.hide_button = button(app, (rect.right - bw, row.top, bw, row.height), "Hide tips", self.close,
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
