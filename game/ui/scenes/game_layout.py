"""Where the game screen puts things: the top bar, the map, the spiral watch and dispatches
under it, and the right column (tabs, the panel, the end-turn or watch controls)."""
from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class GameLayout:
    top: pygame.Rect
    map: pygame.Rect
    bottom: pygame.Rect
    right: pygame.Rect
    tabs: pygame.Rect
    panel: pygame.Rect
    end: pygame.Rect
    cards: pygame.Rect  # the intelligence cards, in the panel's upper part
    statements: pygame.Rect  # what rivals said, under the cards

    @classmethod
    def of(cls, size: tuple[int, int], ui_scale: float, rivals: int) -> "GameLayout":
        """The rectangles for a window of `size`; with many rivals the cards get more of the panel."""
        W, H = size
        u = ui_scale
        top_h = int(48 * u)
        right_w = int(min(max(400 * u, 340), W * 0.42))
        bottom_h = int(min(max(178 * u, 140), H * 0.32))
        right = pygame.Rect(W - right_w, top_h, right_w, H - top_h)
        tabs_h = int(38 * u)
        end_h = int(60 * u)
        panel = pygame.Rect(right.left, right.top + tabs_h, right.width, right.height - tabs_h - end_h)
        # at least the title and three lines of what rivals said (the cards scroll when short of room)
        statements_h = max(int(panel.height * (0.34 if rivals <= 3 else 0.22)), int(105 * u))
        cards = pygame.Rect(panel.left, panel.top, panel.width, panel.height - statements_h)
        return cls(
            top=pygame.Rect(0, 0, W, top_h),
            map=pygame.Rect(0, top_h, W - right_w, H - top_h - bottom_h),
            bottom=pygame.Rect(0, H - bottom_h, W - right_w, bottom_h),
            right=right,
            tabs=pygame.Rect(right.left, right.top, right.width, tabs_h),
            panel=panel,
            end=pygame.Rect(right.left, right.bottom - end_h, right.width, end_h),
            cards=cards,
            statements=pygame.Rect(panel.left + 4, cards.bottom + 26, panel.width - 8, statements_h - 30),
        )
