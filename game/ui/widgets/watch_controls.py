"""Watch mode's controls: play or pause, one step, the speed in turns per second; when the game
is over, one button to the debrief in their place."""
from __future__ import annotations

from typing import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIHorizontalSlider

from game.ui.widgets.kit import button, label

SPEEDS = (0.5, 10.0)  # turns per second


class WatchControls:
    def __init__(self, app, rect: pygame.Rect, speed: float, root, on_play: Callable[[], None],
                 on_step: Callable[[], None], on_debrief: Callable[[], None]):
        u = app.settings.ui_scale
        e = rect
        bw = int(78 * u)
        self.play_button = button(app, (e.left + 8, e.top + 10, bw, e.height - 20), "Pause", on_play,
                                  container=root, tip="Pause or play (P or Space).")
        self.step_button = button(app, (e.left + 12 + bw, e.top + 10, bw, e.height - 20), "Step", on_step,
                                  container=root, tip="Play one turn (Right arrow).")
        sx = e.left + 20 + 2 * bw
        self.speed_slider = UIHorizontalSlider(pygame.Rect(sx, e.top + 16, e.right - sx - 70, 26),
                                               min(max(speed, SPEEDS[0]), SPEEDS[1]), SPEEDS, app.manager,
                                               container=root, click_increment=0.5)
        self.speed_slider.set_tooltip("Speed: turns per second.")
        self.speed_label = label(app, (e.right - 66, e.top + 14, 62, 30), "", container=root)
        self.debrief_button = button(app, (e.left + 8, e.top + 10, e.width - 16, e.height - 20),
                                     "Game over — open the debrief", on_debrief, container=root, object_id="#primary")
        self.debrief_button.hide()

    def show(self, playing: bool, speed: float, finished: bool, offer_debrief: bool) -> None:
        self.play_button.set_text("Play" if not playing else "Pause")
        self.speed_label.set_text(f"{speed:.1f}/s")
        for e in (self.play_button, self.step_button, self.speed_slider, self.speed_label):
            (e.hide if finished else e.show)()
        (self.debrief_button.show if finished and offer_debrief else self.debrief_button.hide)()

    def chosen_speed(self, event: pygame.event.Event) -> float | None:
        """The new speed when `event` moved the slider."""
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.speed_slider:
            return float(self.speed_slider.get_current_value())
        return None
