"""Charts drawn with pygame.draw (never matplotlib in the game): line charts over turns and the
Richardson phase plot. Each renders into a surface the caller keeps until the data changes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pygame

from game.ui import draw
from game.ui.palette import LINK_STYLES, PANEL_BG, PANEL_EDGE, TEXT, TEXT_DIM, Color

GRID = (52, 62, 80)


@dataclass
class Line:
    label: str
    color: Color
    values: np.ndarray  # (T,), NaN where there is nothing to draw
    dashed: bool = False
    band: np.ndarray | None = None  # (T,) half-width of an error band
    steps: bool = False  # a level held until the next turn (the escalation ladder), not a slope


def nice_step(lo: float, hi: float, count: int = 5, integer: bool = False) -> float:
    if not math.isfinite(lo) or not math.isfinite(hi) or hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(count, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    if integer:
        step = max(1.0, float(math.ceil(step)))
    return step


def nice_ticks(lo: float, hi: float, count: int = 5, integer: bool = False) -> list[float]:
    """Evenly spaced round values within [lo, hi] (whole numbers when `integer`): never one
    outside the plot, where its gridline would cross the title or the legend."""
    if not math.isfinite(lo) or not math.isfinite(hi) or hi <= lo:
        hi = lo + 1.0
    step = nice_step(lo, hi, count, integer)
    k = math.ceil(lo / step - 1e-9)
    ticks = []
    while k * step <= hi + 1e-9 and len(ticks) < 20:
        ticks.append(round(k * step, 10))
        k += 1
    return ticks


def decimals(step: float) -> int:
    """The fewest decimals that tell ticks `step` apart."""
    for d in range(5):
        if abs(round(step, d) - step) < 1e-9 * max(1.0, step):
            return d
    return 4


def _fmt(v: float, percent: bool, step: float = 1.0) -> str:
    if percent:
        return f"{100 * v:.{decimals(100 * step)}f}%"
    return f"{v:.{decimals(step)}f}"


def line_chart(surface: pygame.Surface, rect: pygame.Rect, fonts: draw.Fonts, title: str, turns: np.ndarray,
               lines: list[Line], y_label: str = "", percent: bool = False, y_max: float | None = None,
               note: str = "", integer_y: bool = False) -> None:
    pygame.draw.rect(surface, PANEL_BG, rect)
    f = fonts.get(12)
    ft = fonts.get(15, bold=True)
    draw.text(surface, ft, title, (rect.left + 10, rect.top + 6), TEXT)
    if note:
        draw.text(surface, fonts.get(11, italic=True), note, (rect.right - 10, rect.top + 9), TEXT_DIM, anchor="topright")
    legend_w = min(int(190 * fonts.scale), rect.width // 4)
    # margins from the fonts: the title, then the axis label over the plot; tick labels and "turn" under it
    top = 6 + ft.get_linesize() + f.get_linesize() + 6
    left = f.size("100%")[0] + 14
    bottom = 2 * f.get_linesize() + 6
    plot = pygame.Rect(rect.left + left, rect.top + top, rect.width - left - legend_w - 16, rect.height - top - bottom)
    if plot.width < 40 or plot.height < 30:
        return
    vals = [ln.values[np.isfinite(ln.values)] for ln in lines]
    hi = max((float(v.max()) for v in vals if len(v)), default=1.0)
    bands = [ln.values + ln.band for ln in lines if ln.band is not None]
    if bands:
        hi = max(hi, max(float(np.nanmax(b)) for b in bands if np.isfinite(b).any()) if any(np.isfinite(b).any() for b in bands) else hi)
    lo = 0.0
    if y_max is not None:
        hi = y_max
    hi = hi * 1.05 if hi > 0 else 1.0
    if integer_y:
        hi = max(hi, 1.0)
    t0 = float(turns[0]) if len(turns) else 0.0
    t1 = float(turns[-1]) if len(turns) else 1.0
    if t1 <= t0:
        t1 = t0 + 1

    def X(t):
        return plot.left + (t - t0) / (t1 - t0) * plot.width

    def Y(v):
        return plot.bottom - (v - lo) / (hi - lo) * plot.height

    y_step = nice_step(lo, hi, 8 if integer_y else 5, integer_y)
    for v in nice_ticks(lo, hi, 8 if integer_y else 5, integer_y):
        y = Y(v)
        pygame.draw.line(surface, GRID, (plot.left, y), (plot.right, y), 1)
        draw.text(surface, f, _fmt(v, percent, y_step), (plot.left - 6, y), TEXT_DIM, anchor="midright")
    for t in nice_ticks(t0, t1, 8, integer=True):
        x = X(t)
        pygame.draw.line(surface, GRID, (x, plot.top), (x, plot.bottom), 1)
        draw.text(surface, f, f"{t:.0f}", (x, plot.bottom + 4), TEXT_DIM, anchor="midtop")
    pygame.draw.rect(surface, PANEL_EDGE, plot, 1)
    draw.text(surface, f, "turn", (plot.right, plot.bottom + 4 + f.get_linesize()), TEXT_DIM, anchor="topright")
    if y_label:
        draw.text(surface, f, y_label, (plot.left, plot.top - 4), TEXT_DIM, anchor="bottomleft")
    for ln in lines:
        if ln.band is not None:
            upper = [(X(t), Y(v + b)) for t, v, b in zip(turns, ln.values, ln.band) if np.isfinite(v)]
            lower = [(X(t), Y(max(v - b, lo))) for t, v, b in zip(turns, ln.values, ln.band) if np.isfinite(v)]
            if len(upper) >= 2:
                band = pygame.Surface(rect.size, pygame.SRCALPHA)
                pts = [(x - rect.left, y - rect.top) for x, y in upper + lower[::-1]]
                pygame.draw.polygon(band, (*ln.color, 45), pts)
                surface.blit(band, rect.topleft)
    clip = surface.get_clip()
    surface.set_clip(plot.inflate(2, 2))
    for ln in lines:
        pts = [(X(t), Y(v)) for t, v in zip(turns, ln.values) if np.isfinite(v)]
        if ln.steps and len(pts) >= 2:
            pts = [p for a, b in zip(pts, pts[1:]) for p in (a, (b[0], a[1]))] + [pts[-1]]
        if len(pts) == 1:
            pygame.draw.circle(surface, ln.color, pts[0], 3)
        elif len(pts) >= 2:
            if ln.dashed:
                for a, b in zip(pts, pts[1:]):
                    draw.dashed(surface, ln.color, a, b, 2, 6, 4)
            else:
                pygame.draw.lines(surface, ln.color, False, pts, 3)
    surface.set_clip(clip)
    # legend
    lx = plot.right + 14
    y = plot.top
    row = max(18, f.get_linesize() + 2)
    for ln in lines:
        if y + row > rect.bottom - 4:
            break
        if ln.dashed:
            draw.dashed(surface, ln.color, (lx, y + row / 2), (lx + 22, y + row / 2), 3, 5, 3)
        else:
            pygame.draw.line(surface, ln.color, (lx, y + row / 2), (lx + 22, y + row / 2), 3)
        label = ln.label
        while f.size(label)[0] > legend_w - 30 and len(label) > 4:
            label = label[:-2]
        draw.text(surface, f, label, (lx + 28, y + row / 2), TEXT, anchor="midleft")
        y += row


def phase_plot(surface: pygame.Surface, rect: pygame.Rect, fonts: draw.Fonts, arms_a: np.ndarray, arms_b: np.ndarray,
               turns: list[int], name_a: str, name_b: str, color_a: Color, color_b: Color,
               stages: list[str]) -> None:
    """Richardson's phase plane: arms of A (x) against arms of B (y), one point per turn,
    coloured by the spiral stage (with a marker shape per stage)."""
    pygame.draw.rect(surface, PANEL_BG, rect)
    f = fonts.get(12)
    line = f.get_linesize()
    title = fonts.get(14, bold=True)
    draw.text(surface, title, "Richardson phase plot", (rect.left + 10, rect.top + 6), TEXT)
    key = _stage_key_rows(f, rect.width - 20)
    top = title.get_linesize() + 12
    # below the plot: tick labels, the x axis's name, then the stage key's rows
    bottom = 2 * line + 10 + len(key) * (line + 4)
    left = line + f.size("000")[0] + 16  # the y axis's name (turned) and its tick labels
    plot = pygame.Rect(rect.left + left, rect.top + top, rect.width - left - 20, rect.height - top - bottom)
    side = min(plot.width, plot.height)
    plot = pygame.Rect(plot.left, plot.top, side, side)
    if side < 40 or len(arms_a) == 0:
        return
    hi = float(max(np.max(arms_a), np.max(arms_b))) * 1.1
    lo = float(min(np.min(arms_a), np.min(arms_b))) * 0.9
    if hi - lo < 1e-6:
        hi = lo + 1

    def P(a, b):
        return (plot.left + (a - lo) / (hi - lo) * plot.width, plot.bottom - (b - lo) / (hi - lo) * plot.height)

    for v in nice_ticks(lo, hi, 4):
        x, _ = P(v, lo)
        _, y = P(lo, v)
        pygame.draw.line(surface, GRID, (x, plot.top), (x, plot.bottom))
        pygame.draw.line(surface, GRID, (plot.left, y), (plot.right, y))
        draw.text(surface, f, _fmt(v, False), (x, plot.bottom + 3), TEXT_DIM, anchor="midtop")
        draw.text(surface, f, _fmt(v, False), (plot.left - 5, y), TEXT_DIM, anchor="midright")
    pygame.draw.rect(surface, PANEL_EDGE, plot, 1)
    draw.dashed(surface, TEXT_DIM, P(lo, lo), P(hi, hi), 1, 5, 5)
    draw.text(surface, f, f"arms of {name_a}", (plot.centerx, plot.bottom + line + 5), color_a, anchor="midtop")
    lab = fonts.get(12).render(f"arms of {name_b}", True, color_b)
    lab = pygame.transform.rotate(lab, 90)
    surface.blit(lab, lab.get_rect(midright=(plot.left - f.size("000")[0] - 10, plot.centery)))
    pts = [P(a, b) for a, b in zip(arms_a, arms_b)]
    for (p, q) in zip(pts, pts[1:]):
        pygame.draw.line(surface, (200, 205, 215), p, q, 2)
        mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
        ang = math.atan2(q[1] - p[1], q[0] - p[0])
        if math.hypot(q[0] - p[0], q[1] - p[1]) > 14:
            tip = (mx + 5 * math.cos(ang), my + 5 * math.sin(ang))
            l1 = (mx - 5 * math.cos(ang - 0.5), my - 5 * math.sin(ang - 0.5))
            l2 = (mx - 5 * math.cos(ang + 0.5), my - 5 * math.sin(ang + 0.5))
            pygame.draw.polygon(surface, (200, 205, 215), [tip, l1, l2])
    for k, (p, stage) in enumerate(zip(pts, stages)):
        style = LINK_STYLES.get(stage)
        col = style.color if style else (170, 175, 185)
        _marker(surface, stage, p, col)
        if k == 0 or k == len(pts) - 1 or len(pts) <= 10 or k % max(1, len(pts) // 8) == 0:
            draw.text(surface, f, str(turns[k]), (p[0] + 7, p[1] - 7), TEXT, anchor="bottomleft", shadow=(0, 0, 0))
    # stage key, in as many rows as the width needs
    y = rect.bottom - len(key) * (line + 4) - 2
    for row in key:
        x = rect.left + 10
        for stage in row:
            style = LINK_STYLES.get(stage)
            col = style.color if style else (170, 175, 185)
            _marker(surface, stage, (x + 5, y + line // 2), col)
            r = draw.text(surface, f, stage, (x + 13, y + line // 2), TEXT_DIM, anchor="midleft")
            x = r.right + 12
        y += line + 4


PHASE_STAGES = ("calm", "emerging", "spiral", "runaway", "crisis", "war")


def _stage_key_rows(f: pygame.font.Font, width: int) -> list[list[str]]:
    """The phase plot's stage key laid out in rows no wider than `width` (a marker, the name, a gap each)."""
    rows: list[list[str]] = [[]]
    x = 0
    for stage in PHASE_STAGES:
        w = 13 + f.size(stage)[0] + 12
        if rows[-1] and x + w > width:
            rows.append([])
            x = 0
        rows[-1].append(stage)
        x += w
    return rows


def _marker(surface, stage: str, p, col) -> None:
    """A different shape per stage, so the plot reads without colour."""
    x, y = p
    if stage in ("spiral",):
        pygame.draw.rect(surface, col, (x - 5, y - 5, 10, 10))
        pygame.draw.rect(surface, (0, 0, 0), (x - 5, y - 5, 10, 10), 1)
    elif stage == "runaway":
        pts = [(x, y - 6), (x + 6, y + 5), (x - 6, y + 5)]
        pygame.draw.polygon(surface, col, pts)
        pygame.draw.polygon(surface, (0, 0, 0), pts, 1)
    elif stage in ("crisis", "war"):
        pts = [(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)]
        pygame.draw.polygon(surface, col, pts)
        pygame.draw.polygon(surface, (0, 0, 0), pts, 1)
    else:
        pygame.draw.circle(surface, col, (x, y), 5)
        pygame.draw.circle(surface, (0, 0, 0), (x, y), 5, 1)
