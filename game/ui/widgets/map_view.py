"""The map: territories, states sized by output, alliance and spiral links, threat arrows, wars
and crises. Drawn from a Picture into the scene's background layer when the picture or the size
changes, never per frame; hover rings are drawn on top by `draw_overlay` (cheap).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pygame

from game.core.spirals import STAGES
from game.core.state import RUNG_NAMES
from game.theory import GLOSSARY
from game.ui import draw
from game.ui.palette import (
    ACCENT,
    DEAD,
    LAND,
    LAND_EDGE,
    LINK_ORDER,
    LINK_STYLES,
    SEA,
    SEA_DEEP,
    TEXT,
    Color,
    mix,
    text_on,
)
from game.ui.picture import Picture
from game.ui.widgets import map_placement as placement

MARGIN = 56
LEGEND_TAG = "Legend (L)"
STRETCH = 1.6  # how far the map may stretch a scenario's layout along one axis


@dataclass(frozen=True)
class _Placement:
    markers: list[placement.MarkerSpot]  # one per war or crisis marker, in drawing order
    labels: list[placement.LabelSpot | None]  # one per state; None: no form of its label fits
    legend: pygame.Rect  # the legend's box, or its tag's when folded
    legend_open: bool


def terrain(size: tuple[int, int], pos_px: np.ndarray, owner_colors: list[Color], alive_owner: np.ndarray,
            reach: float) -> pygame.Surface:
    """A stylised map: sea with a graticule, land around each state coloured by who holds it,
    borders where two territories meet. Deterministic (no random numbers: wavy coasts come from
    sines), computed at half resolution and scaled up."""
    w, h = max(8, size[0] // 2), max(8, size[1] // 2)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    xs *= size[0] / w
    ys *= size[1] / h
    n = len(pos_px)
    d = np.empty((n, h, w), dtype=np.float32)
    for k in range(n):
        d[k] = np.hypot(xs - pos_px[k, 0], ys - pos_px[k, 1])
    order = np.argsort(d, axis=0)
    nearest = order[0]
    d1 = np.take_along_axis(d, order[:1], axis=0)[0]
    d2 = np.take_along_axis(d, order[1:2], axis=0)[0] if n > 1 else d1 + 1e6
    wobble = 9 * np.sin(xs / 37.0) * np.cos(ys / 29.0) + 6 * np.sin((xs + ys) / 17.0) + 4 * np.cos(xs / 11.0 - ys / 13.0)
    land = d1 + wobble < reach
    border = land & (d2 - d1 < 2.2 * size[0] / w)
    rgb = np.empty((h, w, 3), dtype=np.float32)
    # sea: deeper away from land, with a faint graticule
    depth = np.clip((d1 - reach) / (reach * 1.5), 0, 1)[..., None]
    rgb[:] = np.array(SEA, np.float32) * (1 - depth) + np.array(SEA_DEEP, np.float32) * depth
    grid = ((xs % 80) < 1.6) | ((ys % 80) < 1.6)
    rgb[grid & ~land] += 10
    owner = alive_owner[nearest]
    tint = np.array(owner_colors, dtype=np.float32)[owner]
    base = np.array(LAND, np.float32)
    shade = 1.0 - 0.10 * np.clip(d1 / reach, 0, 1)[..., None]
    land_rgb = (base * 0.62 + tint * 0.38) * shade
    rgb = np.where(land[..., None], land_rgb, rgb)
    # coasts: land next to sea
    coast = land & ~(np.roll(land, 1, 0) & np.roll(land, -1, 0) & np.roll(land, 1, 1) & np.roll(land, -1, 1))
    rgb[coast] = LAND_EDGE
    rgb[border & ~coast] = rgb[border & ~coast] * 0.55
    small = pygame.surfarray.make_surface(np.clip(rgb, 0, 255).astype(np.uint8).swapaxes(0, 1))
    return pygame.transform.smoothscale(small, size)


class MapView:
    def __init__(self, fonts: draw.Fonts):
        self.fonts = fonts
        self.rect = pygame.Rect(0, 0, 10, 10)
        self.pic: Picture | None = None
        self._terrain: pygame.Surface | None = None
        self._terrain_key = None
        self.positions: np.ndarray = np.zeros((0, 2))
        self.radii: np.ndarray = np.zeros(0)
        self.legend_tips: list[tuple[pygame.Rect, str]] = []
        self.marker_tips: list[tuple[pygame.Rect, str]] = []
        self.selected: int | None = None
        self.show_legend = True
        self.reserved_top = 0  # pixels at the map's top kept free of states (the first game's tips)
        self._paths: dict[tuple[int, int], tuple] = {}
        self._plan: _Placement | None = None
        self._plan_key = None

    # --- geometry --------------------------------------------------------------------------
    def set_rect(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self._layout()

    def set_picture(self, pic: Picture) -> None:
        self.pic = pic
        self._layout()

    def reserve_top(self, pixels: int) -> None:
        self.reserved_top = int(pixels)
        self._layout()

    def _layout(self) -> None:
        pic = self.pic
        if pic is None:
            return
        area = pygame.Rect(self.rect)
        if self.reserved_top:
            area.top += self.reserved_top
            area.height -= self.reserved_top
        unit = min(area.width, area.height) / 22
        biggest = 3.2 * unit
        # room for a large circle (a few times the mean output; the rare giant may reach into the
        # padding) and below it a line of its label: labels also go beside or above their state
        margin = 2.2 * unit
        label_h = 1.2 * self.fonts.get(14).get_linesize()
        r = pygame.Rect(area.left + margin + 24, area.top + margin + 14,
                        area.width - 2 * margin - 48, area.height - 2 * margin - 14 - label_h)
        r.width, r.height = max(r.width, 20), max(r.height, 20)
        p = np.asarray(pic.pos, dtype=float)
        lo, hi = p.min(axis=0), p.max(axis=0)
        span = np.maximum(hi - lo, 1e-6)
        # the scenario's proportions, stretched at most STRETCH times along one axis so that a wide
        # frame is used (states in a row get room for their names); a small world is not blown up
        sx = r.width / span[0] if span[0] > 0.05 else 1e9
        sy = r.height / span[1] if span[1] > 0.05 else 1e9
        limit = 1.6 * min(area.width, area.height)
        scale = min(sx, sy, limit)
        sx, sy = min(sx, scale * STRETCH, limit), min(sy, scale * STRETCH, limit)
        centre = (lo + hi) / 2
        self.positions = np.column_stack([r.centerx + (p[:, 0] - centre[0]) * sx,
                                          r.centery + (p[:, 1] - centre[1]) * sy])
        self._paths = {}
        Y = np.maximum(np.asarray(pic.Y, dtype=float), 0)
        mean = max(float(Y[pic.alive].mean()) if pic.alive.any() else 1.0, 1e-6)
        self.radii = np.where(pic.alive, np.clip(unit * (0.75 + 0.55 * np.sqrt(Y / mean)), 10, biggest), unit * 0.6)

    def state_at(self, pos: tuple[int, int]) -> int | None:
        if self.pic is None or not self.rect.collidepoint(pos):
            return None
        best, best_d = None, 1e9
        for k, (x, y) in enumerate(self.positions):
            d = math.hypot(pos[0] - x, pos[1] - y)
            if d <= self.radii[k] + 6 and d < best_d:
                best, best_d = k, d
        return best

    # --- drawing ---------------------------------------------------------------------------
    def _owner(self) -> np.ndarray:
        """Who holds each state's land: a conquered state's territory goes to its conqueror."""
        pic = self.pic
        owner = np.arange(pic.n)
        for _ in range(pic.n):
            nxt = np.where(pic.conquered_by >= 0, pic.conquered_by, np.arange(pic.n))
            owner = nxt[owner]
        return owner

    def _terrain_surface(self) -> pygame.Surface:
        pic = self.pic
        owner = self._owner()
        key = (self.rect.size, tuple(owner), pic.ids)
        if self._terrain is None or self._terrain_key != key:
            local = self.positions - np.array(self.rect.topleft)
            pair = [math.hypot(*(local[i] - local[j])) for i in range(pic.n) for j in range(i + 1, pic.n)]
            reach = 0.62 * (min(pair) if pair else min(self.rect.size) / 3)
            reach = float(np.clip(reach, min(self.rect.size) * 0.12, min(self.rect.size) * 0.42))
            self._terrain = terrain(self.rect.size, local, list(pic.colors), owner, reach)
            self._terrain_key = key
        return self._terrain

    def render(self, surface: pygame.Surface) -> None:
        pic = self.pic
        if pic is None:
            return
        clip = surface.get_clip()
        surface.set_clip(self.rect)
        surface.blit(self._terrain_surface(), self.rect.topleft)
        self.marker_tips = []
        P = self.positions
        R = self.radii
        n = pic.n
        # links
        markers = []
        lines: list[tuple] = []  # every link's segments: labels keep off them where they can
        for i in range(n):
            for j in range(i + 1, n):
                kind = pic.link_kind(i, j)
                if kind is None:
                    continue
                path = self._path(i, j)
                for a, b in zip(path, path[1:]):
                    draw.styled_line(surface, LINK_STYLES[kind], a, b)
                    lines.append((kind, a, b))
                if kind in ("war", "crisis"):
                    markers.append((kind, i, j))
        # guarantees (extended deterrence): a dashed arrow from guarantor to protégé, beside any link
        for i in range(n):
            for j in range(n):
                if i != j and pic.guarantee[i, j] and pic.alive[i] and pic.alive[j]:
                    a, b = self._edge_points(i, j)
                    a, b = draw.offset_segment(a, b, -8)
                    draw.styled_line(surface, LINK_STYLES["guarantee"], a, b)
                    lines.append(("guarantee", a, b))
        # threat arrows: a player sees the threats it feels; a spectator sees everyone's
        self._threat_arrows(surface)
        plan = self._placement(markers, lines)
        for (kind, i, j), spot in zip(markers, plan.markers):
            self._dyad_marker(surface, kind, i, j, spot)
        # states
        f_small = self.fonts.get(12)
        f_init = self.fonts.get(13, bold=True)
        me = pic.me
        for k in range(n):
            x, y = P[k]
            r = R[k]
            col = pic.colors[k]
            if pic.alive[k]:
                pygame.draw.circle(surface, (10, 12, 16), (x + 2, y + 3), r + 2)
                pygame.draw.circle(surface, col, (x, y), r)
                pygame.draw.circle(surface, (255, 255, 255), (x, y), r, 2)
                if pic.mobilised[k] > 0:
                    for a0 in range(0, 360, 30):
                        a1 = math.radians(a0)
                        a2 = math.radians(a0 + 15)
                        pygame.draw.line(surface, (250, 250, 250), (x + (r + 5) * math.cos(a1), y + (r + 5) * math.sin(a1)),
                                         (x + (r + 5) * math.cos(a2), y + (r + 5) * math.sin(a2)), 2)
                if k == me:
                    pygame.draw.circle(surface, (255, 255, 255), (x, y), r + 6, 3)
                draw.text(surface, f_init, draw.initials(pic.names[k]), (x, y), text_on(col), anchor="center")
                if pic.N[k] > 0:
                    draw.nuclear_badge(surface, f_small, (x + r * 0.75, y - r * 0.75), pic.N[k])
            else:
                pygame.draw.circle(surface, DEAD, (x, y), r)
                pygame.draw.line(surface, (40, 40, 40), (x - r, y - r), (x + r, y + r), 3)
                pygame.draw.line(surface, (40, 40, 40), (x - r, y + r), (x + r, y - r), 3)
        # labels last, where the placement put them
        for k, spot in enumerate(plan.labels):
            if spot is None:
                continue
            if spot.leader:
                self._leader_line(surface, k, spot.box)
            ty = spot.box.top
            for f, t, col in self._label_forms(k)[spot.form]:
                draw.text(surface, f, t, (spot.box.centerx, ty), col, anchor="midtop", shadow=(0, 0, 0))
                ty += f.get_linesize()
        if plan.legend_open:
            self._legend(surface, plan.legend)
        else:
            self._legend_tag(surface, plan.legend)
        surface.set_clip(clip)

    def _leader_line(self, surface: pygame.Surface, k: int, box: pygame.Rect) -> None:
        """A thin line from a label set away from its state to the state's rim."""
        (x, y), r = self.positions[k], self.radii[k]
        end = (min(max(x, box.left), box.right), min(max(y, box.top), box.bottom))
        d = math.hypot(end[0] - x, end[1] - y)
        if d <= r + 6:
            return
        rim = (x + (end[0] - x) * (r + 3) / d, y + (end[1] - y) * (r + 3) / d)
        pygame.draw.line(surface, (10, 12, 16), rim, end, 3)
        pygame.draw.line(surface, (235, 235, 235), rim, end, 1)

    def _label_forms(self, k: int) -> list[list[tuple[pygame.font.Font, str, Color]]]:
        """A state's label as it is tried, largest first: name and forces; the same in smaller
        type; the name alone in smaller type."""
        pic = self.pic
        name = pic.names[k] + ("  (you)" if k == pic.me else "")
        forces = None
        if pic.alive[k] and not pic.extra.get("public"):  # the projector: nobody's forces
            err = pic.forces_err[k]
            forces = f"forces {pic.forces[k]:.0f}" + (f" ±{100 * err:.0f}%" if err > 0 else "")
        forms = []
        for name_size, forces_size in ((14, 12), (12, 11)):
            lines = [(self.fonts.get(name_size, bold=True), name, TEXT)]
            if forces is not None:
                lines.append((self.fonts.get(forces_size), forces, (235, 235, 235)))
            forms.append(lines)
        if forces is not None:
            forms.append(forms[-1][:1])
        return forms

    def _placement(self, markers: list[tuple[str, int, int]], lines: list[tuple]) -> "_Placement":
        """Where the markers, the labels and the legend go (see map_placement); worked out again
        only when the layout, the type size, the words or the links change."""
        pic = self.pic
        forms = [self._label_forms(k) for k in range(pic.n)]
        key = (tuple(self.rect), self.reserved_top, self.fonts.scale, self.show_legend, self.positions.tobytes(),
               self.radii.tobytes(), tuple(markers), tuple((kind, a, b) for kind, a, b in lines),
               tuple(tuple(t for _, t, _ in form) for state in forms for form in state))
        if self._plan is not None and self._plan_key == key:
            return self._plan
        P, R = self.positions, self.radii
        # a state's rings (you, mobilised) and nuclear badge reach a little past its circle
        circles = [pygame.Rect(int(x - r), int(y - r), int(2 * r), int(2 * r)).inflate(14, 14) for (x, y), r in zip(P, R)]
        pair_sizes = []
        for _, i, j in markers:
            pair = self._pair_text(i, j)
            pair_sizes.append(tuple(self._pair_font(size).size(pair) for size in (1.0, placement.MARKER_SHRINK)))
        spots = placement.place_markers([self._path(i, j) for _, i, j in markers], self._marker_r, pair_sizes,
                                        circles, self.rect)
        marker_boxes = [s.box for s in spots]
        sizes = [[(max(f.size(t)[0] for f, t, _ in form), sum(f.get_linesize() for f, _, _ in form)) for form in state]
                 for state in forms]
        # the legend first, in the corner clear of the states, the markers and the labels' usual place below
        below = [pygame.Rect(int(x - w / 2), int(y + r), w, h + placement.BELOW_GAP)
                 for (x, y), r, ((w, h), *_) in zip(P, R, sizes)]
        legend_open = self.show_legend and self.rect.height >= 400
        if legend_open:
            legend = placement.free_corner(self.rect, *self._legend_size(), circles + marker_boxes + below)
            legend_open = legend.collidelist(circles) < 0  # folded to its tag rather than hide a state
        if not legend_open:
            legend = placement.free_corner(self.rect, *self._legend_tag_size(), circles + marker_boxes + below)
        area = pygame.Rect(self.rect)
        area.top += self.reserved_top  # the banner line ("Game over") and the first game's tips
        area.height -= self.reserved_top
        labels = placement.place_labels([(float(x), float(y), float(r)) for (x, y), r in zip(P, R)], sizes,
                                        circles + marker_boxes + [legend.inflate(6, 6)],
                                        [(a, b) for _, a, b in lines], area)
        self._plan, self._plan_key = _Placement(spots, labels, legend, legend_open), key
        return self._plan

    def _bend(self, i: int, j: int) -> tuple[float, float] | None:
        """The point a link from i to j bends through to pass around the other states (None: the
        straight line is clear). Tries the smallest sideways offset that clears every circle."""
        P, R = self.positions, self.radii
        a, b = P[i], P[j]
        d = b - a
        length = float(np.hypot(*d))
        if length < 1e-6:
            return None
        u = d / length
        normal = np.array([-u[1], u[0]])
        others = [k for k in range(len(P)) if k not in (i, j)]

        def clear(points) -> bool:
            for p, q in zip(points, points[1:]):
                for k in others:
                    if _segment_distance(P[k], p, q) < R[k] + 8:
                        return False
            return True

        if clear([a, b]):
            return None
        mid = (a + b) / 2
        for step in range(1, 9):
            for side in (1, -1):
                c = mid + normal * side * step * max(18.0, length * 0.08)
                if clear([a, c, b]) and self.rect.collidepoint(float(c[0]), float(c[1])):
                    return float(c[0]), float(c[1])
        return None

    def _path(self, i: int, j: int) -> list[tuple[float, float]]:
        """The link between i and j from rim to rim: straight, or bent once around other states."""
        key = (min(i, j), max(i, j))
        if key not in self._paths:
            bend = self._bend(*key)
            self._paths[key] = (bend,)
        bend = self._paths[key][0]
        if bend is None:
            return list(self._edge_points(i, j))
        P, R = self.positions, self.radii
        c = np.array(bend)
        ua = (c - P[i]) / max(float(np.hypot(*(c - P[i]))), 1e-6)
        ub = (c - P[j]) / max(float(np.hypot(*(c - P[j]))), 1e-6)
        return [tuple(P[i] + ua * (R[i] + 3)), bend, tuple(P[j] + ub * (R[j] + 3))]

    def _edge_points(self, i: int, j: int):
        a, b = self.positions[i], self.positions[j]
        d = b - a
        length = max(float(np.hypot(*d)), 1e-6)
        u = d / length
        return tuple(a + u * (self.radii[i] + 3)), tuple(b - u * (self.radii[j] + 3))

    def _threat_arrows(self, surface: pygame.Surface) -> None:
        pic = self.pic
        pairs = []
        if pic.spectator:
            T = pic.threat
            for i in range(pic.n):
                for j in range(pic.n):
                    if i != j and pic.alive[i] and pic.alive[j] and T[i, j] > 0.05:
                        pairs.append((T[i, j], j, i))
            pairs.sort(reverse=True)
            # the strongest fears only, or the map drowns in arrows
            pairs = [p for p in pairs if p[0] > 0.2][: max(2, pic.n)]
        else:
            me = pic.me
            for j in pic.rivals():
                if pic.threat[me, j] > 0.01:
                    pairs.append((pic.threat[me, j], j, me))
        for t, src, dst in pairs:
            # along the pair's own path (bent around other states), beside the link
            path = self._path(src, dst)
            segments = [draw.offset_segment(a, b, 9) for a, b in zip(path, path[1:])]
            width = 1.5 + 6.5 * math.tanh(float(t) / 1.5)
            col = mix(pic.colors[src], (255, 255, 255), 0.15)
            for a, b in segments[:-1]:
                pygame.draw.line(surface, (10, 10, 14), a, b, int(width) + 2)
                pygame.draw.line(surface, col, a, b, max(1, int(width)))
            a, b = segments[-1]
            if len(segments) > 1:
                a = segments[-2][1]
            draw.arrow(surface, col, a, b, width, outline=(10, 10, 14))

    @property
    def _marker_r(self) -> float:
        return 15 * self.fonts.scale

    def _pair_text(self, i: int, j: int) -> str:
        return f"{draw.initials(self.pic.names[i])}–{draw.initials(self.pic.names[j])}"

    def _pair_font(self, size: float) -> pygame.font.Font:
        return self.fonts.get(round(11 * size), bold=True)

    def _dyad_marker(self, surface: pygame.Surface, kind: str, i: int, j: int, spot: placement.MarkerSpot) -> None:
        """The pair's marker on its own link, with the pair's initials under it, so two markers near
        one another are told apart; nuclear use (rungs 6–7) has its own."""
        pic = self.pic
        x, y = spot.centre
        m = self._marker_r * spot.size
        rung = int(pic.rung[i, j])
        if kind == "war" and rung >= 6:
            pygame.draw.circle(surface, (20, 20, 24), (x, y), m + 2)
            pygame.draw.circle(surface, (250, 225, 90), (x, y), m)
            for k in range(3):
                a = math.radians(90 + 120 * k)
                pts = [(x, y)] + [(x + 0.85 * m * math.cos(a + da), y - 0.85 * m * math.sin(a + da))
                                  for da in (-0.5, -0.25, 0, 0.25, 0.5)]
                pygame.draw.polygon(surface, (20, 20, 20), pts)
            pygame.draw.circle(surface, (250, 225, 90), (x, y), m * 0.22)
            pygame.draw.circle(surface, LINK_STYLES["war"].color, (x, y), m + 2, 3)
            text = (f"<b>Nuclear use</b> between {pic.names[i]} and {pic.names[j]}: rung {rung}, "
                    f"{RUNG_NAMES[min(rung, 7)]}. " + GLOSSARY["rung"])
        elif kind == "war":
            k = m / 15
            pygame.draw.circle(surface, (20, 20, 24), (x, y), m)
            pygame.draw.circle(surface, LINK_STYLES["war"].color, (x, y), m, 3)
            for s_ in (1, -1):
                pygame.draw.line(surface, (240, 240, 240), (x - 8 * k, y - 8 * k * s_), (x + 8 * k, y + 8 * k * s_), 3)
                pygame.draw.line(surface, (240, 240, 240), (x - (5 * s_ + 3) * k, y + (5 - 3 * s_) * k),
                                 (x - (5 * s_ - 3) * k, y + (5 + 3 * s_) * k), 2)
            text = (f"<b>War</b> between {pic.names[i]} and {pic.names[j]}. " + GLOSSARY["stage_war"])
        else:
            pts = [(x, y - m), (x + m, y), (x, y + m), (x - m, y)]
            pygame.draw.polygon(surface, (20, 20, 24), pts)
            pygame.draw.polygon(surface, LINK_STYLES["crisis"].color, pts, 3)
            draw.text(surface, self.fonts.get(round(13 * spot.size), bold=True), str(rung), (x, y), (255, 255, 255),
                      anchor="center")
            text = (f"<b>Crisis</b> between {pic.names[i]} and {pic.names[j]}: rung {rung}, "
                    f"{RUNG_NAMES[min(rung, 7)]}. " + GLOSSARY["rung"])
        draw.text(surface, self._pair_font(spot.size), self._pair_text(i, j), (x, y + m + 2), (240, 240, 240),
                  anchor="midtop", shadow=(0, 0, 0))
        self.marker_tips.append((spot.box, text))

    def _legend_size(self) -> tuple[int, int]:
        f = self.fonts.get(12)
        row = max(18, f.get_linesize() + 2)
        w = max(f.size(LINK_STYLES[k].label)[0] for k in LINK_ORDER) + int(48 * self.fonts.scale) + 32
        return w, row * (len(LINK_ORDER) + 1) + 10

    def _legend(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        """Which pattern means what: colour plus pattern, never colour alone."""
        f = self.fonts.get(12)
        sample = int(48 * self.fonts.scale)  # the pattern's sample line
        row = max(18, f.get_linesize() + 2)
        items = [k for k in LINK_ORDER]
        w = box.width
        panel = pygame.Surface(box.size, pygame.SRCALPHA)
        panel.fill((12, 16, 24, 200))
        surface.blit(panel, box.topleft)
        pygame.draw.rect(surface, (90, 100, 120), box, 1, border_radius=4)
        self.legend_tips = []
        tips = {"alliance": GLOSSARY["alliance"], "arms_control": GLOSSARY["arms_control"],
                "guarantee": GLOSSARY["guarantee"],
                "emerging": GLOSSARY["stage_emerging"], "spiral": GLOSSARY["stage_spiral"],
                "runaway": GLOSSARY["stage_runaway"], "crisis": GLOSSARY["stage_crisis"], "war": GLOSSARY["stage_war"]}
        y = box.top + 6
        for key in items:
            style = LINK_STYLES[key]
            draw.styled_line(surface, style, (box.left + 10, y + row / 2), (box.left + 10 + sample, y + row / 2))
            draw.text(surface, f, style.label, (box.left + 18 + sample, y + row / 2), TEXT, anchor="midleft")
            self.legend_tips.append((pygame.Rect(box.left, y, w, row), tips[key]))
            y += row
        draw.arrow(surface, (230, 230, 230), (box.left + 10, y + row / 2), (box.left + 10 + sample, y + row / 2), 4,
                   outline=(10, 10, 14))
        draw.text(surface, f, "Perceived threat", (box.left + 18 + sample, y + row / 2), TEXT, anchor="midleft")
        self.legend_tips.append((pygame.Rect(box.left, y, w, row), GLOSSARY["threat"]))

    def _legend_tag_size(self) -> tuple[int, int]:
        f = self.fonts.get(12)
        return f.size(LEGEND_TAG)[0] + 16, f.get_linesize() + 8

    def _legend_tag(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        f = self.fonts.get(12)
        pygame.draw.rect(surface, (12, 16, 24), box, border_radius=4)
        pygame.draw.rect(surface, (90, 100, 120), box, 1, border_radius=4)
        draw.text(surface, f, LEGEND_TAG, box.center, TEXT, anchor="center")
        self.legend_tips = [(box, "Press L to show what each line pattern means: " + ", ".join(
            f"{LINK_STYLES[k].label.lower()} ({LINK_STYLES[k].pattern})" for k in LINK_ORDER) + ".")]

    def draw_overlay(self, surface: pygame.Surface, hover: int | None) -> list[pygame.Rect]:
        """Target reticle (selected) and hover ring: drawn per frame, so they cost a few circles.
        Returns the rectangles drawn on."""
        rects = []
        k = self.selected
        if k is not None and k < len(self.positions):
            x, y = self.positions[k]
            r = self.radii[k] + 6
            pygame.draw.circle(surface, ACCENT, (x, y), r, 2)
            # no tick downwards: the state's name sits there
            for dx, dy in ((1, 0), (-1, 0), (0, -1)):
                pygame.draw.line(surface, ACCENT, (x + dx * (r - 4), y + dy * (r - 4)), (x + dx * (r + 9), y + dy * (r + 9)), 3)
            rects.append(pygame.Rect(int(x - r - 11), int(y - r - 11), int(2 * r + 22), int(2 * r + 22)))
        if hover is not None and hover < len(self.positions):
            x, y = self.positions[hover]
            r = self.radii[hover] + 8
            pygame.draw.circle(surface, (255, 240, 150), (x, y), r, 2)
            rects.append(pygame.Rect(int(x - r - 2), int(y - r - 2), int(2 * r + 4), int(2 * r + 4)))
        return rects

    # --- words -----------------------------------------------------------------------------
    def hover_html(self, k: int) -> str:
        """What the viewer knows of state k, for the tooltip."""
        pic = self.pic
        name = pic.names[k]
        if not pic.alive[k]:
            by = pic.conquered_by[k]
            return f"<b>{name}</b><br>Conquered" + (f" by {pic.names[by]}." if by >= 0 else ".")
        lines = [f"<b>{name}</b>" + (" — you" if k == pic.me else "")]
        if pic.extra.get("public"):
            pass  # the projector shows the public record only
        elif pic.spectator:
            lines.append(f"Forces {pic.forces[k]:.1f} · offensive share {100 * pic.offense_look[k]:.0f} %")
            lines.append(f"Type (hidden from players): <b>{pic.types[k].replace('_', ' ')}</b>")
        elif k == pic.me:
            own = pic.own
            lines.append(f"Forces {own.M:.1f} (offence {own.O:.1f}, defence {own.D:.1f})")
            lines.append(f"Military share {100 * own.s:.0f} % · offensive procurement {100 * own.mu:.0f} %")
        else:
            me = pic.me
            lines.append(f"Forces (your estimate) {pic.forces[k]:.1f} ± {100 * pic.forces_err[k]:.0f} %")
            lines.append(f"Look {100 * pic.offense_look[k]:.0f} % offensive (distinguishability {pic.d_seen[k]:.2f})")
            lines.append(f"Advisor: {100 * pic.belief[me, k]:.0f} % likely greedy · threat to you {pic.threat[me, k]:.2f}")
        lines.append(f"Output {pic.Y[k]:.1f} · reputation {100 * pic.reputation[k]:.0f} %")
        pacts = [pic.names[j] for j in range(pic.n) if pic.pact[k, j]]
        if pacts:
            lines.append("Pacts: " + ", ".join(pacts))
        guar = [pic.names[j] for j in range(pic.n) if pic.guarantee[k, j]]
        if guar:
            lines.append("Guarantees: " + ", ".join(guar))
        wars = [pic.names[j] for j in range(pic.n) if pic.war[k, j]]
        if wars:
            lines.append("<font color='#FF7050'>At war with " + ", ".join(wars) + "</font>")
        if pic.mobilised[k] > 0:
            lines.append(f"Mobilised ({int(pic.mobilised[k])} more turns)")
        if pic.N[k] > 0:
            lines.append(f"Nuclear warheads {pic.N[k]:.0f}")
        stages = [(pic.names[j], STAGES[int(pic.stage[k, j])]) for j in range(pic.n) if int(pic.stage[k, j]) > 0]
        for other, stage in stages:
            lines.append(f"Spiral watch with {other}: {stage}")
        return "<br>".join(lines)


def _segment_distance(p, a, b) -> float:
    """Distance from point p to the segment a–b."""
    p, a, b = (np.asarray(v, dtype=float) for v in (p, a, b))
    d = b - a
    t = float(np.clip(np.dot(p - a, d) / max(float(np.dot(d, d)), 1e-9), 0.0, 1.0))
    return float(np.hypot(*(p - (a + t * d))))
