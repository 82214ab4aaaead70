"""The game screen's top bar: title, turn, own status (or, to spectators, the world's), the badge
naming Jervis's world, the menu buttons, and the turn's progress as a line under it all.

Widths are measured from the texts at the UI scale: the world badge keeps the world's name and
drops its numbers (to the tooltip) before anything is cut; a long title is cut last."""
from __future__ import annotations

from typing import Callable

import pygame

from game.theory import GLOSSARY, world_name
from game.ui.concepts import GOAL_HTML, GOAL_LINE, world_tooltip
from game.ui.palette import ACCENT
from game.ui.picture import Picture
from game.ui.widgets.kit import button, esc, label

BAR_BG = (17, 22, 30)
PROGRESS_TRACK = (40, 48, 62)
BUTTONS = ("Charts", "Spirals", "Help", "Menu")
GAP = 12


def turn_text(pic: Picture) -> str:
    """The turn being played (1 before the first resolution), or the game's end."""
    if pic.finished:
        return f"Game over · {pic.turn} turns"
    return f"Turn {min(pic.turn + 1, pic.max_turns)} of {pic.max_turns}"


def status_text(pic: Picture) -> str:
    if pic.spectator:
        active = sum(1 for e in pic.episodes if e.active)
        ended = len(pic.episodes) - active
        return f"spirals: {active} now, {ended} past · {int(pic.alive.sum())} states"  # the least needed last
    own = pic.own
    return f"output {own.Y:.0f} · forces {own.M:.0f}"


class TopBar:
    def __init__(self, app, rect: pygame.Rect, pic: Picture, root, commands: dict[str, Callable[[], None]]):
        """`commands`: "charts", "spirals", "help", "menu" (the world badge opens help too)."""
        self.app = app
        self.rect = rect
        fonts = app.fonts
        th = rect.height
        W = rect.width
        pad = int(24 * app.settings.ui_scale)
        bws = [fonts.get(14).size(t)[0] + pad for t in BUTTONS]
        bx = W - sum(bws) - 4 * len(bws) - 8
        world = world_name(pic.omega, pic.distinguishability).short
        badge_font = fonts.get(13, bold=True)
        self.badge_full = f"{world}  Ω {pic.omega:.2f}  d {pic.distinguishability:.2f}"
        turn_w = fonts.get(14).size(f"Game over · {pic.max_turns} turns")[0] + 12
        title_w = min(fonts.get(16, bold=True).size(pic.title)[0] + 12, int(260 * app.settings.ui_scale))
        badge_w = badge_font.size(self.badge_full)[0] + pad
        room = bx - 12 - 3 * GAP - turn_w - title_w - 8  # for the status and the badge
        longest = f"spirals: 99 now, 99 past · {pic.n} states" if pic.spectator else status_text(pic) + "0000"
        if badge_w + fonts.get(12).size(longest)[0] + 8 > room:
            badge_w = badge_font.size(world)[0] + pad  # the name stays; the numbers go to the tooltip
            self.badge_full = world
        # The status needs its room: the title (cut with an ellipsis, whole in its tooltip) gives way
        # first, down to a short stub; what still does not fit goes into the turn's tooltip.
        status_need = fonts.get(12).size(longest)[0] + 8
        short_of = status_need - (room - badge_w - GAP)
        if short_of > 0:
            title_w = max(int(110 * app.settings.ui_scale), title_w - short_of)
        x = 12
        self.title_label = label(app, (x, 4, title_w, th - 8), pic.title, container=root, object_id="#heading",
                                 tip=esc(pic.title))
        x += title_w + GAP
        self.turn_label = label(app, (x, 4, turn_w, th - 8), "", container=root)
        self.turn_label.set_tooltip("The turn being played and the game's length. The game ends after the last "
                                    "turn or when one state is left.")
        x += turn_w + GAP
        status_w = bx - x - badge_w - GAP - 8  # the rest: a status too long is cut, whole in its tooltip
        # Too narrow for even a few words: no label at all (a lone ellipsis says nothing); the
        # status is then read in the turn's tooltip.
        self.status_shown = status_w >= fonts.get(12).size("spirals: 9 now")[0] + 8
        self.status_label = label(app, (x, 4, max(status_w, 1), th - 8), "", container=root, object_id="#small")
        if not self.status_shown:
            self.status_label.hide()
        self.world_badge = button(app, (bx - badge_w - 8, 7, badge_w, th - 14), "", commands["help"],
                                  container=root, object_id="#world_badge")
        x = bx
        for text, bw, fn, tip in zip(BUTTONS, bws, (commands["charts"], commands["spirals"], commands["help"],
                                                    commands["menu"]),
                                     ("Arms, threat and beliefs over time (C).", GLOSSARY["spiral_watch"] + " (S)",
                                      "How to read the screen, how the score is counted; shortcuts (F1).",
                                      "Save, load, settings, quit (Esc).")):
            button(app, (x, 7, bw, th - 14), text, fn, container=root, tip=tip)
            x += bw + 4

    def refresh(self, pic: Picture) -> None:
        """Texts that depend on the picture; called when the picture changes, not per frame."""
        self.turn_label.set_text(turn_text(pic))
        self.world_badge.set_text(self.badge_full)
        self.world_badge.set_tooltip(world_tooltip(pic.omega, pic.distinguishability),
                                     wrap_width=int(360 * self.app.settings.ui_scale))
        text = status_text(pic) if self.status_shown else ""
        if text and self.app.fonts.get(12).size(text)[0] + 8 > self.status_label.rect.width:
            text = text.rsplit(" · ", 1)[0]  # the least needed part goes first (the tooltip has it all)
        self.status_label.set_text(text)
        if not self.status_shown:
            self.turn_label.set_tooltip(esc(status_text(pic)) + "<br><br>The turn being played and the game's length.")
        if pic.spectator:
            self.status_label.set_tooltip("States still standing; spiral episodes going on now and over. "
                                          + GLOSSARY["spiral_watch"])
        else:
            self.status_label.set_tooltip(f"Your state. Reputation {100 * pic.reputation[pic.me]:.0f} %: "
                                          + GLOSSARY["reputation"] + "<br><br>" + esc(GOAL_LINE) + "<br>" + GOAL_HTML,
                                          wrap_width=int(360 * self.app.settings.ui_scale))

    def draw(self, surface: pygame.Surface, pic: Picture) -> None:
        r = self.rect
        pygame.draw.rect(surface, BAR_BG, r)
        frac = pic.turn / max(pic.max_turns, 1)
        pygame.draw.rect(surface, PROGRESS_TRACK, (0, r.bottom - 3, r.width, 3))
        pygame.draw.rect(surface, ACCENT, (0, r.bottom - 3, int(r.width * frac), 3))
