"""Colours and line styles. The Okabe–Ito palette is safe for the common forms of colour
blindness; every meaning carried by colour is carried by a pattern or a shape as well.

No pygame here: colours are RGB tuples, styles are plain data the drawing code reads.
"""
from __future__ import annotations

from dataclasses import dataclass

from game import theory

Color = tuple[int, int, int]


def hex_rgb(text: str) -> Color:
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


# Okabe & Ito (2008), "Color Universal Design" — the same colours the debrief draws in.
OKABE_ITO: dict[str, Color] = {name: hex_rgb(text) for name, text in theory.OKABE_ITO.items()}

# The frame around the map.
UI_BG: Color = (22, 27, 36)
PANEL_BG: Color = (30, 37, 49)
PANEL_EDGE: Color = (58, 69, 88)
TEXT: Color = (225, 229, 236)
TEXT_DIM: Color = (150, 160, 176)
TEXT_DARK: Color = (20, 24, 30)
ACCENT: Color = OKABE_ITO["sky_blue"]
GOOD: Color = OKABE_ITO["bluish_green"]
WARN: Color = OKABE_ITO["orange"]
BAD: Color = OKABE_ITO["vermillion"]
SEA: Color = (24, 48, 72)
SEA_DEEP: Color = (15, 31, 49)
LAND: Color = (206, 196, 168)
LAND_EDGE: Color = (120, 108, 84)
DEAD: Color = (120, 120, 120)


def state_colors(colors: tuple[str, ...] | list[str]) -> list[Color]:
    """The colour each state is drawn in (game.theory.state_colors: one assignment for the
    window, the debrief's page and its charts), as RGB."""
    return [hex_rgb(text) for text in theory.state_colors(colors)]


def mix(a: Color, b: Color, t: float) -> Color:
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))  # type: ignore[return-value]


def luminance(c: Color) -> float:
    return (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) / 255.0


def text_on(c: Color) -> Color:
    """Black or white, whichever reads on `c`."""
    return TEXT_DARK if luminance(c) > 0.55 else (255, 255, 255)


@dataclass(frozen=True)
class LinkStyle:
    """How a dyad's link is drawn: a colour and a pattern (never colour alone)."""

    key: str
    label: str
    color: Color
    pattern: str  # solid | dashed | double | zigzag | dashdot | hatched | beads | dotted
    width: int


LINK_STYLES: dict[str, LinkStyle] = {
    "alliance": LinkStyle("alliance", "Defensive pact", OKABE_ITO["sky_blue"], "beads", 3),
    "arms_control": LinkStyle("arms_control", "Arms-control agreement", OKABE_ITO["bluish_green"], "dotted", 3),
    "guarantee": LinkStyle("guarantee", "Guarantee (to protégé)", OKABE_ITO["sky_blue"], "arrow", 2),
    "emerging": LinkStyle("emerging", "Spiral emerging", OKABE_ITO["yellow"], "dashed", 3),
    "spiral": LinkStyle("spiral", "Spiral", OKABE_ITO["orange"], "double", 3),
    "runaway": LinkStyle("runaway", "Runaway arms race", OKABE_ITO["vermillion"], "zigzag", 3),
    "crisis": LinkStyle("crisis", "Crisis", OKABE_ITO["reddish_purple"], "dashdot", 4),
    "war": LinkStyle("war", "War", (235, 60, 40), "hatched", 4),
}
LINK_ORDER = ("alliance", "guarantee", "arms_control", "emerging", "spiral", "runaway", "crisis", "war")
