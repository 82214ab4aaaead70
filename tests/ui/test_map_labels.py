"""Map labels (game/ui/widgets/map_view.py): a state's name goes where it covers nothing else."""
from __future__ import annotations

import pygame

from game.ui.widgets.map_view import _label_box

AREA = pygame.Rect(0, 0, 800, 500)


def test_a_label_goes_below_its_state_when_there_is_room():
    """With nothing around, the label sits just below the circle (clear of the target reticle), centred."""
    box = _label_box(AREA, 400, 200, 30, 80, 30, [])
    assert box.midtop == (400, 239)


def test_a_label_moves_off_a_neighbour_and_a_war_marker():
    """A neighbour below and a marker above: the label goes to a side, clear of both."""
    neighbour = pygame.Rect(370, 240, 60, 60)
    marker = pygame.Rect(384, 130, 32, 32)
    box = _label_box(AREA, 400, 200, 30, 80, 30, [neighbour, marker])
    assert not box.colliderect(neighbour) and not box.colliderect(marker)
    assert AREA.contains(box)


def test_on_a_crowded_map_the_label_covers_as_little_as_it_can():
    """Every place touches something: the label takes the one covering the least."""
    x, y, r, w, h = 400, 200, 30, 80, 30
    crowd = [pygame.Rect(300, 100, 200, 85),  # everything above
             pygame.Rect(300, 215, 200, 100),  # everything below
             pygame.Rect(250, 150, 115, 100),  # the left
             pygame.Rect(436, 150, 110, 34), pygame.Rect(436, 203, 110, 47)]  # the right, but for a gap
    box = _label_box(AREA, x, y, r, w, h, crowd)
    covered = sum(box.clip(o).width * box.clip(o).height for o in crowd)
    below = pygame.Rect(x - w // 2, y + r + 3, w, h)
    assert covered < sum(below.clip(o).width * below.clip(o).height for o in crowd)
    assert box.left >= x + r  # the gap on the right


def test_a_label_never_leaves_the_map():
    """A state at the bottom edge gets its label above, not below the map."""
    box = _label_box(AREA, 400, 480, 15, 80, 30, [])
    assert AREA.contains(box) and box.bottom <= 465


def test_links_go_around_other_states_and_markers_belong_to_their_pair(app):
    """Cold War's four states in a row: a link from one end to the other bends around the states
    between; every pair's marker point is its own."""
    from game.scenario.loading import load_scenario
    from game.ui.picture import for_spectator
    from game.ui.session import GameSession, Seat
    from game.ui.widgets.map_view import MapView, _segment_distance

    sc = load_scenario("cold_war")
    session = GameSession(sc, 1, {s.id: Seat(False, s.doctrine) for s in sc.states})
    view = MapView(app.fonts)
    view.set_rect(pygame.Rect(0, 48, 880, 494))
    view.set_picture(for_spectator(session.engine))
    P, R, n = view.positions, view.radii, len(view.positions)
    points = set()
    for i in range(n):
        for j in range(i + 1, n):
            path = view._path(i, j)
            for a, b in zip(path, path[1:]):
                for k in set(range(n)) - {i, j}:
                    assert _segment_distance(P[k], a, b) >= R[k], (i, j, k)
            points.add(tuple(round(c) for c in view._marker_point(i, j)))
    assert len(points) == n * (n - 1) // 2
