"""Title screen: new game, load game, watch a demo, settings, quit — over a stylised map."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pygame

from game.ui import draw
from game.ui.app import Scene
from game.ui.palette import LINK_STYLES, OKABE_ITO, TEXT
from game.ui.widgets.kit import button, label
from game.ui.widgets.map_view import terrain
from game.ui.windows.help import HelpWindow
from game.ui.windows.load import LoadWindow
from game.ui.windows.settings import SettingsWindow

# An imaginary continent for the backdrop (positions in [0, 1]).
BACKDROP = (
    ((0.18, 0.30), "vermillion"), ((0.36, 0.22), "bluish_green"), ((0.55, 0.34), "blue"), ((0.74, 0.24), "orange"),
    ((0.86, 0.52), "reddish_purple"), ((0.64, 0.66), "sky_blue"), ((0.40, 0.62), "yellow"), ((0.20, 0.72), "orange"),
)
BACKDROP_LINKS = ((0, 1, "spiral"), (1, 2, "alliance"), (2, 3, "runaway"), (3, 4, "emerging"), (2, 5, "crisis"),
                  (5, 6, "alliance"), (6, 7, "war"))


def backdrop(size: tuple[int, int], fonts: draw.Fonts) -> pygame.Surface:
    """The title's stylised map: territories, a few spirals and alliances, dimmed."""
    w, h = size
    pos = np.array([(x * w, y * h) for (x, y), _ in BACKDROP])
    colors = [OKABE_ITO[c] for _, c in BACKDROP]
    surf = terrain(size, pos, colors, np.arange(len(pos)), reach=min(w, h) * 0.2)
    for i, j, kind in BACKDROP_LINKS:
        a, b = pos[i], pos[j]
        u = (b - a) / max(np.hypot(*(b - a)), 1)
        draw.styled_line(surf, LINK_STYLES[kind], tuple(a + u * 22), tuple(b - u * 22))
    for (x, y), c in zip(pos, colors):
        pygame.draw.circle(surf, (10, 12, 16), (x + 2, y + 3), 20)
        pygame.draw.circle(surf, c, (x, y), 18)
        pygame.draw.circle(surf, (255, 255, 255), (x, y), 18, 2)
    shade = pygame.Surface(size, pygame.SRCALPHA)
    for yy in range(0, h, 4):
        a = int(150 + 70 * math.sin(math.pi * yy / h) ** 2)
        pygame.draw.rect(shade, (10, 14, 22, min(a, 215)), (0, yy, w, 4))
    surf.blit(shade, (0, 0))
    return surf


class TitleScene(Scene):
    name = "title"

    def __init__(self, app):
        super().__init__(app)
        self._bg = None
        self._bg_size = None

    def build(self) -> None:
        app = self.app
        W, H = app.size
        u = app.settings.ui_scale
        note = "F1 help · Okabe–Ito colour-blind-safe palette"
        note_h = 34
        # the buttons go under the heading and stop above the note; in large type on a short
        # window they get shorter rather than run off the screen
        heading_bottom = self._heading()[-1][1] + self.app.fonts.get(19, italic=True).get_linesize() / 2
        y = int(max(H * 0.42, heading_bottom + 16 * u))
        gap = int(12 * u)
        bw = int(300 * u)
        bh = int(min(50 * u, (H - note_h - 12 - y - 4 * gap) / 5))
        x = (W - bw) // 2
        self.buttons = {}
        for name, fn, tip in (
            ("New game", self.new_game, "Choose a scenario, who plays which state, and a seed."),
            ("Load game", self.load_game, "Continue a saved game or an autosave."),
            ("Watch the AI", self.watch, "All states played by the AI: watch a spiral form (good for a class)."),
            ("Settings", self.settings, "Window size, animation speed, UI scale."),
            ("Quit", self.app.quit, None),
        ):
            self.buttons[name] = button(app, (x, y, bw, bh), name, fn, container=self.root, tip=tip,
                                        object_id="#menu_button")
            y += bh + gap
        w = app.fonts.get(12).size(note)[0] + 24
        label(app, (W - w - 10, H - note_h, w, app.fonts.get(12).get_linesize() + 6), note, container=self.root,
              object_id="#small")

    def _heading(self) -> list[tuple[str, float]]:
        """The title and the two lines under it, each with the height its centre sits at: spaced
        by their type's line height, so that they never run into one another in large type."""
        H = self.app.size[1]
        big, sub = self.app.fonts.get(64, bold=True), self.app.fonts.get(19, italic=True)
        title_y = H * 0.16
        first = title_y + 0.5 * big.get_linesize() + 0.5 * sub.get_linesize()
        return [("Security Dilemma", title_y),
                ("Every state that arms to feel safe makes its neighbours less safe.", first),
                ("Can you keep the peace without being left defenceless?", first + sub.get_linesize())]

    def draw(self, surface: pygame.Surface) -> None:
        if self._bg is None or self._bg_size != surface.get_size():
            self._bg = backdrop(surface.get_size(), self.app.fonts)
            self._bg_size = surface.get_size()
        surface.blit(self._bg, (0, 0))
        W = surface.get_width()
        (title, title_y), *lines = self._heading()
        draw.text(surface, self.app.fonts.get(64, bold=True), title, (W / 2, title_y), TEXT, anchor="center",
                  shadow=(0, 0, 0))
        sub = self.app.fonts.get(19, italic=True)
        for text, y in lines:
            draw.text(surface, sub, text, (W / 2, y), (200, 210, 222), anchor="center", shadow=(0, 0, 0))

    # actions ---------------------------------------------------------------------------------
    def new_game(self) -> None:
        from game.ui.scenes.setup import SetupScene

        self.app.switch(SetupScene(self.app))

    def watch(self) -> None:
        from game.ui.scenes.setup import SetupScene

        self.app.switch(SetupScene(self.app, watch=True))

    def load_game(self) -> None:
        self.track(LoadWindow(self.app, self.app.paths.saves_dir, self.load_path))

    def load_path(self, path: Path) -> str | None:
        from game.ui.flow import Flow
        from game.ui.session import open_save

        session = open_save(path, self.app.paths.saves_dir)
        if isinstance(session, str):
            return session
        self.app.later(lambda: Flow(self.app, session).start())
        return None

    def settings(self) -> None:
        self.track(SettingsWindow(self.app))

    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        for win in list(self.windows):
            if win.alive():
                win.on_event(event)
        if event.type == pygame.KEYDOWN and not self.app.text_focused():
            if event.key == pygame.K_ESCAPE:
                open_ = [w for w in self.windows if w.alive()]
                if open_:
                    self.app.later(open_[-1].kill)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not any(w.alive() for w in self.windows):
                self.app.later(self.new_game)
            elif event.key == pygame.K_F1:
                self.app.later(lambda: self.track(HelpWindow(self.app)))
