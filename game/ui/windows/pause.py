"""The pause menu (Esc in game)."""
from __future__ import annotations

from typing import Callable

from game.ui.widgets.kit import button, centered, esc, textbox
from game.ui.windows.game_window import GameWindow


class PauseWindow(GameWindow):
    """Esc in game: resume, save, load, settings, help, quit to title."""

    def __init__(self, app, scene, actions: dict[str, Callable[[], None]]):
        rows = len(actions)
        super().__init__(app, centered(app, 380, 150 + rows * 50), "Paused", "#pause_window")
        self.set_blocking(True)
        w, _ = self.inner
        y = 14
        self.buttons = {}
        for name, fn in actions.items():
            self.buttons[name] = button(app, (30, y, w - 60, 40), name, fn, container=self, object_id="#menu_button")
            y += 48
        # room for a whole path: a message naming where a save went is never cut
        self.status = textbox(app, (10, y, w - 20, self.inner[1] - y - 8), "", container=self, object_id="#status")
        self.status_text = ""

    def say(self, text: str) -> None:
        self.status_text = text
        self.status.set_text(esc(text))
