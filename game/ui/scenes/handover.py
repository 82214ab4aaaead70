"""Hot-seat hand-over: hides everything and asks the next player to take the seat.

It shows only the next player's name and colour — nothing of the world, nothing of anyone's
orders or intelligence. Click or Enter continues (after a short pause, so the previous player's
last click cannot carry over).
"""
from __future__ import annotations

import math

import pygame

from game.ui import draw
from game.ui.app import Scene
from game.ui.palette import TEXT, TEXT_DIM, state_colors
from game.ui.widgets.kit import button, line_width

GUARD = 0.3  # seconds before input counts


class HandoverScene(Scene):
    name = "handover"

    def __init__(self, app, flow, sid: str):
        super().__init__(app)
        self.flow = flow
        self.sid = sid
        eng = flow.session.engine
        k = eng.state.index(sid)
        # only public facts: the player's name, colour, and the turn number
        self.player_name = eng.state.names[k]
        self.color = state_colors(eng.state.colors)[k]
        self.turn = eng.turn + 1
        self.entered_at = app.time

    def build(self) -> None:
        W, H = self.app.size
        u = self.app.settings.ui_scale
        self.lines = self.layout(W)
        bw = min(W - 40, max(int(380 * u), line_width(self.app, "#primary", self.button_text()) + 40))
        bh = int(56 * u)
        self.button = button(self.app, ((W - bw) // 2, max(int(H * 0.62), self.text_bottom(H) + 16), bw, bh),
                             self.button_text(), self.go, container=self.root, object_id="#primary")
        self.entered_at = self.app.time

    def button_text(self) -> str:
        return f"I am {self.player_name} — show my turn"

    def layout(self, width: int) -> list[tuple[pygame.font.Font, str, tuple]]:
        """The heading and the request to look away, each wrapped to the window, one line of type
        under the other."""
        fonts = self.app.fonts
        out = []
        for font, text, color in ((fonts.get(40, bold=True), f"Pass the computer to {self.player_name}", TEXT),
                                  (fonts.get(17), f"Turn {self.turn}. Everyone else, please look away: orders are "
                                                  f"secret until the turn is resolved.", TEXT_DIM)):
            out += [(font, line, color) for line in draw.wrap(font, text, width - 60)]
        return out

    def text_top(self, H: int) -> int:
        return int(H * 0.3) + 46 + 24  # under the player's disc

    def text_bottom(self, H: int) -> int:
        return self.text_top(H) + sum(font.get_linesize() for font, _, _ in self.lines)

    def go(self) -> None:
        if self.app.time - self.entered_at < GUARD:
            return
        self.flow.show_player(self.sid)

    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.app.later(self.go)
        elif event.type == pygame.MOUSEBUTTONUP and not consumed and getattr(event, "button", 0) == 1:
            self.app.later(self.go)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            from game.ui.scenes.title import TitleScene

            self.app.switch(TitleScene(self.app))

    def draw(self, surface: pygame.Surface) -> None:
        W, H = surface.get_size()
        surface.fill((12, 15, 21))
        # a calm pattern: concentric rings in the player's colour
        for r in range(40, int(math.hypot(W, H)), 46):
            pygame.draw.circle(surface, tuple(int(c * 0.16) + 10 for c in self.color), (W // 2, H // 2), r, 2)
        pygame.draw.circle(surface, self.color, (W // 2, int(H * 0.3)), 46)
        pygame.draw.circle(surface, (255, 255, 255), (W // 2, int(H * 0.3)), 46, 3)
        f = self.app.fonts.get(22, bold=True)
        draw.text(surface, f, draw.initials(self.player_name), (W // 2, int(H * 0.3)), (20, 20, 20), anchor="center")
        y = self.text_top(H)
        for font, line, color in self.lines:
            draw.text(surface, font, line, (W / 2, y), color, anchor="midtop", shadow=(0, 0, 0) if color == TEXT else None)
            y += font.get_linesize()
        note = self.app.fonts.get(14, italic=True)
        draw.text(surface, note, "Click or press Enter when you are ready.",
                  (W / 2, self.button.relative_rect.bottom + note.get_linesize() // 2), TEXT_DIM, anchor="midtop")
