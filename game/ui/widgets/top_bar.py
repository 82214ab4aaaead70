"""The game screen's top bar: title, turn, own status (or, to spectators, the world's), the badge
naming Jervis's world, the menu buttons, and the turn's progress as a line under it all."""
from __future__ import annotations

from typing import Callable

import pygame

from game.theory import GLOSSARY, world_name
from game.ui.concepts import world_tooltip
from game.ui.palette import ACCENT
from game.ui.picture import Picture
from game.ui.widgets.kit import button, esc, fit, label

BAR_BG = (17, 22, 30)
PROGRESS_TRACK = (40, 48, 62)


class TopBar:
    def __init__(self, app, rect: pygame.Rect, pic: Picture, root, commands: dict[str, Callable[[], None]]):
        """`commands`: "charts", "spirals", "help", "menu" (the world badge opens help too)."""
        self.app = app
        self.rect = rect
        u = app.settings.ui_scale
        th = rect.height
        W = rect.width
        bw = int(84 * u)
        bx = W - 4 * (bw + 4) - 8
        x = 12
        self.title_label = label(app, (x, 4, int(210 * u), th - 8), fit(app.fonts.get(16, bold=True), pic.title,
                                                                       int(206 * u)), container=root, object_id="#heading")
        self.title_label.set_tooltip(esc(pic.title))
        x += int(214 * u)
        self.turn_label = label(app, (x, 4, int(112 * u), th - 8), "", container=root)
        self.turn_label.set_tooltip("Turns played and the game's length. The game ends at the last turn or when one "
                                    "state is left.")
        x += int(116 * u)
        wb_w = min(int(430 * u), max(160, int((bx - x) * 0.65)))
        status_w = bx - x - wb_w - 12
        self.status_label = label(app, (x, 4, status_w, th - 8), "", container=root, object_id="#small")
        self.world_badge = button(app, (bx - wb_w - 8, 7, wb_w, th - 14), "", commands["help"], container=root,
                                  object_id="#world_badge")
        x = bx
        for text, fn, tip in (("Charts", commands["charts"], "Arms, threat and beliefs over time (C)."),
                              ("Spirals", commands["spirals"], GLOSSARY["spiral_watch"] + " (S)"),
                              ("Help", commands["help"], "How to read the screen; shortcuts (F1)."),
                              ("Menu", commands["menu"], "Save, load, settings, quit (Esc).")):
            button(app, (x, 7, bw, th - 14), text, fn, container=root, tip=tip)
            x += bw + 4

    def refresh(self, pic: Picture) -> None:
        """Texts that depend on the picture; called when the picture changes, not per frame."""
        self.turn_label.set_text(f"Turn {pic.turn} of {pic.max_turns}")
        numbers = f"Ω {pic.omega:.2f}  d {pic.distinguishability:.2f}"
        font = self.app.fonts.get(13, bold=True)
        room = self.world_badge.rect.width - 16
        text = f"{world_name(pic.omega, pic.distinguishability).short}  {numbers}"
        if font.size(text)[0] > room:
            text = numbers
        self.world_badge.set_text(text)
        self.world_badge.set_tooltip(world_tooltip(pic.omega, pic.distinguishability),
                                     wrap_width=int(360 * self.app.settings.ui_scale))
        if pic.spectator:
            alive = int(pic.alive.sum())
            self.status_label.set_text(f"{alive} states · {sum(1 for e in pic.episodes if e.active)} spirals")
        else:
            own = pic.own
            self.status_label.set_text(f"output {own.Y:.0f} · forces {own.M:.0f}")
            self.status_label.set_tooltip(f"Your state. Reputation {100 * pic.reputation[pic.me]:.0f} %: "
                                          + GLOSSARY["reputation"])

    def draw(self, surface: pygame.Surface, pic: Picture) -> None:
        r = self.rect
        pygame.draw.rect(surface, BAR_BG, r)
        frac = pic.turn / max(pic.max_turns, 1)
        pygame.draw.rect(surface, PROGRESS_TRACK, (0, r.bottom - 3, r.width, 3))
        pygame.draw.rect(surface, ACCENT, (0, r.bottom - 3, int(r.width * frac), 3))
