"""Charts over time: arms, threat or tension, crises, beliefs, output — one tab each."""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIImage

from game.theory import GLOSSARY
from game.ui.picture import Picture
from game.ui.widgets.kit import button, centered, drop_down
from game.ui.widgets.picture_charts import render_chart
from game.ui.windows.game_window import GameWindow


class ChartsWindow(GameWindow):
    """Arms per state over time, threat or tension per dyad, beliefs — drawn with pygame.draw."""

    def __init__(self, app, pic: Picture):
        super().__init__(app, centered(app, 900, 560), "Charts", "#charts_window")
        self.pic = pic
        w, h = self.inner
        self.tabs = ["Arms", "Threat", "Crises", "Beliefs", "Output"] if not pic.spectator else \
            ["Arms", "Tension", "Crises", "Beliefs", "Output"]
        self.current = "Arms"
        self.tab_buttons = {}
        tips = {"Arms": "Forces per state, turn by turn: " + ("your estimates of rivals (dashed) and your own."
                                                             if not pic.spectator else "the true forces."),
                "Threat": GLOSSARY["threat"], "Tension": "Tension per dyad: mutual threat and the crisis rung, 0–1.",
                "Crises": "The escalation rung of every pair of states over time (public). " + GLOSSARY["rung"],
                "Beliefs": GLOSSARY["belief"], "Output": GLOSSARY["output"]}
        x = 8
        for name in self.tabs:
            self.tab_buttons[name] = button(app, (x, 6, 110, 32), name, lambda n=name: self.show(n), container=self,
                                            object_id="#tab", tip=tips[name])
            x += 114
        self.whose = None
        if pic.spectator:
            names = list(pic.names)
            self.whose = drop_down(app, (w - 220, 6, 210, 32), names, names[0], container=self)
            self.whose.set_tooltip("Whose beliefs to chart: each state reads the others through its own mind-set.")
        self.picture_image = UIImage(pygame.Rect(6, 44, w - 12, h - 50), pygame.Surface((w - 12, h - 50)), app.manager,
                             container=self)
        self.show("Arms")

    def set_picture(self, pic: Picture) -> None:
        self.pic = pic
        self.show(self.current)

    def on_event(self, event) -> None:
        if self.whose is not None and event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.whose:
            self.show(self.current)

    def show(self, name: str) -> None:
        self.current = name
        for n, b in self.tab_buttons.items():
            (b.select if n == name else b.unselect)()
        size = self.picture_image.get_relative_rect().size
        surf = pygame.Surface(size)
        render_chart(surf, pygame.Rect(0, 0, *size), self.app.fonts, self.pic, name, self._whose())
        self.picture_image.set_image(surf)

    def _whose(self) -> int:
        if self.pic.me is not None:
            return self.pic.me
        if self.whose is None:
            return 0
        text = self.whose.selected_option
        text = text[0] if isinstance(text, tuple) else text
        return self.pic.names.index(text) if text in self.pic.names else 0

