"""Drawing helpers on top of pygame.draw: fonts, text, patterned lines, arrows, bars.

Patterned lines carry meaning that colour alone must not (colour-blind players): dashes,
double lines, zig-zags, dash-dots, hatching, beads and dots.
"""
from __future__ import annotations

import math
from functools import lru_cache

import pygame

from game import resources
from game.ui.palette import Color, LinkStyle

FONT_FILES = {
    (False, False): "NotoSans-Regular.ttf",
    (True, False): "NotoSans-Bold.ttf",
    (False, True): "NotoSans-Italic.ttf",
}


class Fonts:
    """The game's font at any size, scaled by the UI scale; cached."""

    def __init__(self, scale: float = 1.0):
        self.scale = scale
        self._cache: dict[tuple[int, bool, bool], pygame.font.Font] = {}

    def get(self, size: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
        px = max(8, int(round(size * self.scale)))
        key = (px, bold, italic)
        font = self._cache.get(key)
        if font is None:
            path = resources.asset("fonts", FONT_FILES[(bold, italic and not bold)])
            try:
                font = pygame.font.Font(str(path), px)
            except (OSError, FileNotFoundError, pygame.error):
                font = pygame.font.Font(None, px)
            self._cache[key] = font
        return font


def text(surface: pygame.Surface, font: pygame.font.Font, s: str, pos: tuple[float, float], color: Color,
         anchor: str = "topleft", shadow: Color | None = None) -> pygame.Rect:
    img = font.render(s, True, color)
    rect = img.get_rect(**{anchor: (int(pos[0]), int(pos[1]))})
    if shadow is not None:
        surface.blit(font.render(s, True, shadow), rect.move(1, 1))
    surface.blit(img, rect)
    return rect


def wrap(font: pygame.font.Font, s: str, width: int) -> list[str]:
    words = s.split()
    lines: list[str] = []
    cur = ""
    for w in words:
        trial = f"{cur} {w}".strip()
        if font.size(trial)[0] <= width or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines


# ---------------------------------------------------------------------------------------------
# Lines with patterns


def _unit(a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1e-9
    return dx / length, dy / length, length


def offset_segment(a, b, off: float):
    ux, uy, _ = _unit(a, b)
    nx, ny = -uy, ux
    return (a[0] + nx * off, a[1] + ny * off), (b[0] + nx * off, b[1] + ny * off)


def dashed(surface, color, a, b, width=2, dash=10, gap=6):
    ux, uy, length = _unit(a, b)
    t = 0.0
    while t < length:
        e = min(t + dash, length)
        pygame.draw.line(surface, color, (a[0] + ux * t, a[1] + uy * t), (a[0] + ux * e, a[1] + uy * e), width)
        t = e + gap


def dash_dot(surface, color, a, b, width=3):
    ux, uy, length = _unit(a, b)
    t = 0.0
    while t < length:
        e = min(t + 14, length)
        pygame.draw.line(surface, color, (a[0] + ux * t, a[1] + uy * t), (a[0] + ux * e, a[1] + uy * e), width)
        d = e + 6
        if d < length:
            pygame.draw.circle(surface, color, (a[0] + ux * d, a[1] + uy * d), max(2, width // 2 + 1))
        t = d + 6


def dotted(surface, color, a, b, radius=2, step=9):
    ux, uy, length = _unit(a, b)
    t = 0.0
    while t <= length:
        pygame.draw.circle(surface, color, (a[0] + ux * t, a[1] + uy * t), radius)
        t += step


def zigzag(surface, color, a, b, width=2, amp=5, step=8):
    ux, uy, length = _unit(a, b)
    nx, ny = -uy, ux
    pts = []
    t, k = 0.0, 0
    while t < length:
        s = amp if k % 2 else -amp
        pts.append((a[0] + ux * t + nx * s, a[1] + uy * t + ny * s))
        t += step
        k += 1
    pts.append(b)
    if len(pts) >= 2:
        pygame.draw.lines(surface, color, False, pts, width)


def hatched(surface, color, a, b, width=3, step=12, size=5):
    pygame.draw.line(surface, color, a, b, width)
    ux, uy, length = _unit(a, b)
    nx, ny = -uy, ux
    t = step / 2
    while t < length:
        cx, cy = a[0] + ux * t, a[1] + uy * t
        for sgn in (1, -1):
            p1 = (cx + (nx + sgn * ux) * size, cy + (ny + sgn * uy) * size)
            p2 = (cx - (nx + sgn * ux) * size, cy - (ny + sgn * uy) * size)
            pygame.draw.line(surface, color, p1, p2, 2)
        t += step


def beads(surface, color, a, b, width=3, step=16):
    pygame.draw.line(surface, color, a, b, width)
    ux, uy, length = _unit(a, b)
    t = step / 2
    while t < length:
        pygame.draw.circle(surface, color, (a[0] + ux * t, a[1] + uy * t), width + 2)
        pygame.draw.circle(surface, (255, 255, 255), (a[0] + ux * t, a[1] + uy * t), max(1, width - 1))
        t += step


def styled_line(surface: pygame.Surface, style: LinkStyle, a, b, outline: Color | None = (15, 15, 20)) -> None:
    """A dyad link in its style. A dark outline under the pattern keeps light colours readable."""
    w = style.width
    p = style.pattern
    if outline is not None and p not in ("dotted",):
        if p == "double":
            for off in (-3.5, 3.5):
                s, e = offset_segment(a, b, off)
                pygame.draw.line(surface, outline, s, e, w + 2)
        elif p == "zigzag":
            zigzag(surface, outline, a, b, w + 2)
        elif p in ("dashed",):
            dashed(surface, outline, a, b, w + 2)
        else:
            pygame.draw.line(surface, outline, a, b, w + 2)
    c = style.color
    if p == "solid":
        pygame.draw.line(surface, c, a, b, w)
    elif p == "dashed":
        dashed(surface, c, a, b, w)
    elif p == "double":
        for off in (-3.5, 3.5):
            s, e = offset_segment(a, b, off)
            pygame.draw.line(surface, c, s, e, max(1, w - 1))
    elif p == "zigzag":
        zigzag(surface, c, a, b, w)
    elif p == "dashdot":
        dash_dot(surface, c, a, b, w)
    elif p == "hatched":
        hatched(surface, c, a, b, w)
    elif p == "beads":
        beads(surface, c, a, b, w)
    elif p == "dotted":
        dotted(surface, (15, 15, 20), a, b, 4)
        dotted(surface, c, a, b, 3)
    elif p == "arrow":
        dashed(surface, c, a, b, w, 7, 5)
        arrow(surface, c, ((a[0] + 3 * b[0]) / 4, (a[1] + 3 * b[1]) / 4), b, w, head=10)


def arrow(surface, color, a, b, width: float, head: float | None = None, outline: Color | None = None):
    """A straight arrow from a to b; `width` in pixels (the threat it shows)."""
    ux, uy, length = _unit(a, b)
    w = max(1.0, width)
    head = head if head is not None else max(8.0, 2.2 * w + 4)
    if length < head + 2:
        return
    nx, ny = -uy, ux
    tip = b
    base = (b[0] - ux * head, b[1] - uy * head)
    half = w / 2
    body = [(a[0] + nx * half, a[1] + ny * half), (base[0] + nx * half, base[1] + ny * half),
            (base[0] - nx * half, base[1] - ny * half), (a[0] - nx * half, a[1] - ny * half)]
    hw = max(w * 1.3, 5)
    headpts = [tip, (base[0] + nx * hw, base[1] + ny * hw), (base[0] - nx * hw, base[1] - ny * hw)]
    if outline is not None:
        pygame.draw.polygon(surface, outline, body, 2)
        pygame.draw.polygon(surface, outline, headpts, 2)
    pygame.draw.polygon(surface, color, body)
    pygame.draw.polygon(surface, color, headpts)


def bar(surface, rect: pygame.Rect, share: float, fill: Color, back: Color = (55, 64, 80), edge: Color | None = None):
    pygame.draw.rect(surface, back, rect, border_radius=3)
    share = min(max(share, 0.0), 1.0)
    if share > 0:
        r = rect.copy()
        r.width = max(2, int(rect.width * share))
        pygame.draw.rect(surface, fill, r, border_radius=3)
    if edge is not None:
        pygame.draw.rect(surface, edge, rect, 1, border_radius=3)


@lru_cache(maxsize=64)
def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    if len(parts) >= 2:
        return (parts[0][0] + parts[1][0]).upper()
    return name[:2].title()


def trend_mark(surface, centre, direction: int, color: Color, size: int = 5) -> None:
    """A small triangle up (rising), down (falling) or a dash (steady): drawn, so no font needs
    the glyph, and readable without colour."""
    x, y = centre
    if direction > 0:
        pygame.draw.polygon(surface, color, [(x, y - size), (x + size, y + size - 1), (x - size, y + size - 1)])
    elif direction < 0:
        pygame.draw.polygon(surface, color, [(x, y + size), (x + size, y - size + 1), (x - size, y - size + 1)])
    else:
        pygame.draw.line(surface, color, (x - size, y), (x + size, y), 2)


def nuclear_badge(surface, font, pos, warheads: float) -> None:
    """A trefoil-like badge with the arsenal size."""
    x, y = pos
    pygame.draw.circle(surface, (250, 225, 90), (x, y), 9)
    pygame.draw.circle(surface, (20, 20, 20), (x, y), 9, 1)
    for k in range(3):
        a = math.radians(90 + 120 * k)
        pygame.draw.polygon(surface, (20, 20, 20), [(x, y), (x + 8 * math.cos(a - 0.5), y - 8 * math.sin(a - 0.5)),
                                                     (x + 8 * math.cos(a + 0.5), y - 8 * math.sin(a + 0.5))])
    pygame.draw.circle(surface, (250, 225, 90), (x, y), 2)
    text(surface, font, f"{warheads:.0f}", (x + 11, y), (255, 235, 120), anchor="midleft", shadow=(0, 0, 0))
