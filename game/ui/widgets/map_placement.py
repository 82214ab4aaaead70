"""Where the map's words and marks go so that none covers another: each war or crisis marker
slides along its own link (or shrinks) off the states and the other markers, the legend takes the
emptiest corner, and each state's label takes the first free place around its circle, in a
smaller type or as its name alone when the full label finds none.

Pure geometry on pygame.Rect; MapView calls it only when the layout or the words change.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

Point = tuple[float, float]
Segment = tuple[Point, Point]

MARKER_SHRINK = 0.72  # a marker that finds no free point on its link tries again this much smaller
LABEL_GAP = 7  # between a circle's rim and its label (clear of the "you" and mobilisation rings)
BELOW_GAP = 10  # below: clear of the target reticle's ring too
LABEL_SPACING = 3  # kept between two labels so that they do not read as one


@dataclass(frozen=True)
class MarkerSpot:
    centre: Point
    size: float  # 1, or MARKER_SHRINK when the full size found no room
    box: pygame.Rect  # the marker and the pair's initials under it


@dataclass(frozen=True)
class LabelSpot:
    box: pygame.Rect
    form: int  # which of the state's label forms fitted (0: the full label)
    leader: bool  # away from its state (nearer another): a leader line ties it to its own


def covered_area(box: pygame.Rect, others: list[pygame.Rect]) -> int:
    total = 0
    for k in box.collidelistall(others):
        clip = box.clip(others[k])
        total += clip.width * clip.height
    return total


def crossing_length(box: pygame.Rect, segments: list[Segment]) -> float:
    """How much of the lines runs under a box (a label on a line is harder to read)."""
    total = 0.0
    for a, b in segments:
        cut = box.clipline(a, b)
        if cut:
            (x0, y0), (x1, y1) = cut
            total += math.hypot(x1 - x0, y1 - y0)
    return total


def point_along(path: list[Point], t: float) -> Point:
    """The point a fraction t of the way along a polyline."""
    lengths = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(path, path[1:])]
    goal = t * sum(lengths)
    for (a, b), length in zip(zip(path, path[1:]), lengths):
        if goal <= length:
            f = goal / length if length > 0 else 0.0
            return a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f
        goal -= length
    return path[-1]


def marker_box(centre: Point, m: float, pair_w: int, pair_h: int) -> pygame.Rect:
    w = max(2 * m, pair_w)
    return pygame.Rect(int(centre[0] - w / 2), int(centre[1] - m), int(w), int(2 * m + 2 + pair_h))


MARKER_STOPS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74)  # along the link, middle first


def place_markers(paths: list[list[Point]], radius: float, pair_sizes: list[tuple[tuple[int, int], tuple[int, int]]],
                  circles: list[pygame.Rect], area: pygame.Rect) -> list[MarkerSpot]:
    """Each marker on its own link, at the stop nearest the middle where it covers no state and no
    marker placed before it; failing that, the same at the smaller size; failing that, where it
    covers the least. pair_sizes: the pair initials' (w, h) at full and at the smaller size."""
    placed: list[MarkerSpot] = []
    for path, sizes in zip(paths, pair_sizes):
        best, best_cost = None, None
        for size, (pair_w, pair_h) in zip((1.0, MARKER_SHRINK), sizes):
            for t in MARKER_STOPS:
                centre = point_along(path, t)
                box = marker_box(centre, radius * size, pair_w, pair_h)
                cost = covered_area(box, circles + [p.box for p in placed]) + _outside(box, area)
                if best_cost is None or cost < best_cost:
                    best, best_cost = MarkerSpot(centre, size, box), cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        placed.append(best)
    return placed


def _outside(box: pygame.Rect, area: pygame.Rect) -> int:
    inside = box.clip(area)
    return box.width * box.height - inside.width * inside.height


NEAR_STEPS = (0.0, 0.5, 1.1)  # how far out a label may sit, in label heights past the gap
LEADER_STEPS = NEAR_STEPS + (1.8, 2.6, 3.5)  # further out, with a leader line to its state


def label_candidates(x: float, y: float, r: float, w: int, h: int, steps: tuple[float, ...]) -> list[pygame.Rect]:
    """The places around a circle a w×h label may take, the usual ones first: below, above, right,
    left, the diagonals, the directions between; then the same a step further out. Each touches the
    ring at gap from the rim with the side (or corner) facing the circle."""
    angles = (90, 270, 0, 180, 45, 135, 315, 225, 67.5, 112.5, 292.5, 247.5, 22.5, 157.5, 337.5, 202.5)
    out = []
    for step in steps:
        for a in angles:
            c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
            gap = (BELOW_GAP if a == 90 else LABEL_GAP) + step * h
            px, py = x + (r + gap) * c, y + (r + gap) * s
            k = max(abs(c), abs(s))
            cx, cy = px + w / 2 * c / k, py + h / 2 * s / k
            out.append(pygame.Rect(int(round(cx - w / 2)), int(round(cy - h / 2)), int(w), int(h)))
    return out


def rim_distance(box: pygame.Rect, x: float, y: float, r: float) -> float:
    """How far a box is from a circle's rim (negative: it reaches inside)."""
    dx = max(box.left - x, 0.0, x - box.right)
    dy = max(box.top - y, 0.0, y - box.bottom)
    return math.hypot(dx, dy) - r


def nearer_another(box: pygame.Rect, k: int, states: list[tuple[float, float, float]]) -> bool:
    """Whether the label box sits nearer another state than its own k, so that it reads as the other's."""
    own = rim_distance(box, *states[k])
    return any(rim_distance(box, *s) < own - 2 for j, s in enumerate(states) if j != k)


def place_label(k: int, states: list[tuple[float, float, float]], w: int, h: int, blocked: list[pygame.Rect],
                segments: list[Segment], area: pygame.Rect, own_side: bool) -> pygame.Rect | None:
    """State k's w×h label: the place around its circle that stays inside the area, covers nothing
    blocked and (own_side) sits close by and nearer its own state than any other, crossing as few
    lines as it can for the place it takes (earlier places are preferred by a few pixels of line
    each); None when every place fails. Without own_side it may sit further out."""
    best, best_score = None, None
    for rank, box in enumerate(label_candidates(*states[k], w, h, NEAR_STEPS if own_side else LEADER_STEPS)):
        if best_score is not None and best_score <= 3.0 * rank:
            break  # no later place can do better
        if not area.contains(box) or box.collidelist(blocked) >= 0 or own_side and nearer_another(box, k, states):
            continue
        score = 3.0 * rank + crossing_length(box, segments)
        if best_score is None or score < best_score:
            best, best_score = box, score
    return best


def place_labels(states: list[tuple[float, float, float]], forms: list[list[tuple[int, int]]],
                 blocked: list[pygame.Rect], segments: list[Segment], area: pygame.Rect) -> list[LabelSpot | None]:
    """Every state's label, the most crowded states first (they have the fewest places), each in its
    first form that finds a free place close to its own state; then the states left over, each in
    its first form that finds a free place further out (drawn with a leader line), so that those
    never take a place a near label could have had. None for a state none of whose forms fits: its
    initials on the circle and its tooltip still name it, and no label ever covers another or a marker."""
    def crowding(k: int) -> float:
        x, y, r = states[k]
        return -sum(1 for (x2, y2, r2) in states if math.hypot(x2 - x, y2 - y) < 3 * (r + r2))

    spots: list[LabelSpot | None] = [None] * len(states)
    taken: list[pygame.Rect] = []
    order = sorted(range(len(states)), key=crowding)
    for own_side in (True, False):
        for k in order:
            if spots[k] is not None:
                continue
            for form, (w, h) in enumerate(forms[k]):
                box = place_label(k, states, w, h, blocked + taken, segments, area, own_side)
                if box is not None:
                    spots[k] = LabelSpot(box, form, not own_side)
                    taken.append(box.inflate(2 * LABEL_SPACING, 2 * LABEL_SPACING))
                    break
    return spots


def free_corner(area: pygame.Rect, w: int, h: int, occupied: list[pygame.Rect]) -> pygame.Rect:
    """The corner of the area where a w×h box covers the least of what is occupied."""
    corners = [pygame.Rect(area.left + 8, area.bottom - h - 8, w, h), pygame.Rect(area.right - w - 8, area.bottom - h - 8, w, h),
               pygame.Rect(area.left + 8, area.top + 8, w, h), pygame.Rect(area.right - w - 8, area.top + 8, w, h)]
    return min(corners, key=lambda box: covered_area(box, occupied))
