"""Settings: window size, fullscreen, animation speed, UI scale."""
from __future__ import annotations

from typing import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UICheckBox, UIHorizontalSlider

from game.ui.settings import PROJECTOR_SCALE, UI_SCALES, WINDOW_SIZES, Settings
from game.ui.widgets.kit import button, centered, drop_down, label, textbox
from game.ui.windows.game_window import GameWindow


class SettingsWindow(GameWindow):
    def __init__(self, app, on_done: Callable[[], None] | None = None):
        super().__init__(app, centered(app, 520, 370), "Settings", "#settings_window")
        self.set_blocking(True)
        self.on_done = on_done
        s = app.settings
        w, _ = self.inner
        y = 14
        label(app, (16, y, 170, 30), "Window size", container=self)
        sizes = [f"{a} × {b}" for a, b in WINDOW_SIZES]
        current = f"{s.width} × {s.height}"
        if current not in sizes:
            sizes.insert(0, current)
        self.size_menu = drop_down(app, (200, y, w - 216, 30), sizes, current, container=self)
        y += 42
        self.fullscreen = UICheckBox(pygame.Rect(200, y + 5, 20, 20), "Fullscreen", app.manager, container=self,
                                     initial_state=s.fullscreen)
        y += 40
        label(app, (16, y, 170, 30), "Animation speed", container=self,
              tip="How fast watch mode plays turns and the map changes (1× = normal).")
        self.speed = UIHorizontalSlider(pygame.Rect(200, y, w - 290, 30), s.animation_speed, (0.25, 4.0), app.manager,
                                        container=self, click_increment=0.25)
        self.speed_label = label(app, (w - 84, y, 70, 30), f"{s.animation_speed:.2f}×", container=self)
        y += 42
        label(app, (16, y, 170, 30), "UI scale / font size", container=self)
        scales = [f"{int(round(100 * v))} %" + (" (projector)" if v == PROJECTOR_SCALE else "") for v in UI_SCALES]
        cur = f"{int(round(100 * s.ui_scale))} %"
        cur = next((t for t in scales if t.startswith(cur)), cur)
        if cur not in scales:
            scales.insert(0, cur)
        self.scale_menu = drop_down(app, (200, y, w - 216, 30), scales, cur, container=self)
        y += 44
        textbox(app, (16, y, w - 32, 96),
                "<b>Colour-blind-safe palette: always on.</b> Colours come from the Okabe–Ito set, and every "
                "meaning carried by colour also has a pattern or shape (link patterns, marker shapes, initials "
                "on the map).", container=self)
        y += 108
        self.apply_button = button(app, (w - 250, y, 110, 36), "Apply", self.apply, container=self, object_id="#primary")
        button(app, (w - 130, y, 110, 36), "Close", self.close, container=self)

    def on_event(self, event) -> None:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.speed:
            self.speed_label.set_text(f"{self.speed.get_current_value():.2f}×")

    def chosen(self) -> Settings:
        s = self.app.settings
        text = self.size_menu.selected_option
        text = text[0] if isinstance(text, tuple) else text
        wdt, hgt = (int(x) for x in text.replace("×", "x").split("x"))
        scale_text = self.scale_menu.selected_option
        scale_text = scale_text[0] if isinstance(scale_text, tuple) else scale_text
        scale = int(scale_text.split()[0]) / 100
        return Settings(width=wdt, height=hgt, fullscreen=bool(self.fullscreen.is_checked),
                        animation_speed=round(float(self.speed.get_current_value()) * 4) / 4, ui_scale=scale,
                        hints_seen=list(s.hints_seen), show_legend=s.show_legend)

    def apply(self) -> None:
        new = self.chosen()
        self.kill()
        self.app.apply_settings(new)
        if self.on_done:
            self.on_done()

    def close(self) -> None:
        self.kill()
        if self.on_done:
            self.on_done()

