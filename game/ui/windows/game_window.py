"""The base of every window over a screen: a pygame_gui UIWindow that knows the app."""
from __future__ import annotations

import pygame
from pygame_gui.elements import UIWindow

from game.ui.widgets.kit import oid


class GameWindow(UIWindow):
    def __init__(self, app, rect: pygame.Rect, title: str, object_id: str = "#game_window", resizable: bool = False):
        super().__init__(rect, app.manager, window_display_title=title, object_id=oid(object_id), resizable=resizable)
        self.app = app

    @property
    def inner(self) -> tuple[int, int]:
        return self.get_container().get_size()

    def on_event(self, event: pygame.event.Event) -> None:
        pass
