"""Map labels and markers (game/ui/widgets/map_placement.py, map_view.py): a state's name goes
where it covers no other name, no state and no war or crisis marker; markers slide along their
own link off the states and each other."""
from __future__ import annotations

import pygame
import pytest

from game.ui.widgets.map_placement import BELOW_GAP, place_labels, place_markers

AREA = pygame.Rect(0, 0, 800, 500)


def test_a_label_goes_below_its_state_when_there_is_room():
    """With nothing around, the label sits just below the circle (clear of the target reticle), centred."""
    [spot] = place_labels([(400, 200, 30)], [[(80, 30)]], [], [], AREA)
    assert spot.box.midtop == (400, 200 + 30 + BELOW_GAP) and not spot.leader


def test_a_label_moves_off_a_neighbour_and_a_war_marker():
    """A neighbour below and a marker above: the label goes to a side, clear of both."""
    neighbour = pygame.Rect(370, 240, 60, 60)
    marker = pygame.Rect(384, 130, 32, 32)
    [spot] = place_labels([(400, 200, 30)], [[(80, 30)]], [neighbour, marker], [], AREA)
    assert not spot.box.colliderect(neighbour) and not spot.box.colliderect(marker)
    assert AREA.contains(spot.box)


def test_two_neighbours_labels_do_not_cover_each_other():
    """Two states side by side: both names are shown and neither covers the other."""
    a, b = place_labels([(380, 200, 20), (440, 200, 20)], [[(120, 30)], [(120, 30)]], [], [], AREA)
    assert not a.box.colliderect(b.box)


def test_a_label_with_no_room_for_its_full_form_takes_the_smaller_one():
    """Name and forces do not fit between the map's edges; the name alone in smaller type does."""
    area = pygame.Rect(0, 0, 140, 140)
    [spot] = place_labels([(70, 70, 20)], [[(160, 40), (100, 18)]], [], [], area)
    assert spot.form == 1 and area.contains(spot.box)


def test_a_label_never_leaves_the_map():
    """A state at the bottom edge gets its label above, not below the map."""
    [spot] = place_labels([(400, 480, 15)], [[(80, 30)]], [], [], AREA)
    assert AREA.contains(spot.box) and spot.box.bottom <= 465


def test_a_label_boxed_in_near_its_state_goes_further_out_with_a_leader_line():
    """Everything within a label's height of the state is taken: the label goes further out, on a leader line."""
    ring = pygame.Rect(400 - 90, 200 - 90, 180, 180)
    blocked = [pygame.Rect(ring.left, ring.top, ring.width, 80), pygame.Rect(ring.left, ring.bottom - 80, ring.width, 80),
               pygame.Rect(ring.left, ring.top, 80, ring.height), pygame.Rect(ring.right - 80, ring.top, 80, ring.height)]
    [spot] = place_labels([(400, 200, 20)], [[(80, 30)]], blocked, [], AREA)
    assert spot.leader and spot.box.collidelist(blocked) < 0


def test_two_markers_at_one_crossing_slide_apart_along_their_own_links():
    """Two links crossing at their middles: the second marker moves along its own link, off the first."""
    paths = [[(100.0, 100.0), (300.0, 300.0)], [(100.0, 300.0), (300.0, 100.0)]]
    first, second = place_markers(paths, 15, [((30, 14), (22, 10))] * 2, [], AREA)
    assert not first.box.colliderect(second.box)
    x, y = second.centre
    assert abs((x - 100) - (300 - y)) < 1  # still on its own link


def _watched(app, ref: str):
    from game.scenario.loading import load_scenario
    from game.ui.scenes.game import GameScene
    from game.ui.session import GameSession, Seat

    sc = load_scenario(ref)
    session = GameSession(sc, None, {s.id: Seat(False, s.doctrine) for s in sc.states})
    scene = GameScene(app, None, session, viewer=None)
    app.switch(scene)
    app.step()
    for _ in range(8):
        scene.step_once()
        app.step()
    return scene.map


@pytest.mark.parametrize("scale", [1.0, 1.5])
@pytest.mark.parametrize("ref", ["july_1914", "random:12"])
def test_crowded_maps_labels_cover_no_label_and_no_marker(home, scale, ref):
    """July 1914 and a twelve-state world after 8 turns (crises between many pairs), at 100 % and
    projector scale: every state has a label on the map, and no label covers another or a marker."""
    from game.ui.app import App
    from game.ui.settings import Settings

    app = App(settings=Settings(ui_scale=scale), size=(1280, 720))
    view = _watched(app, ref)
    plan = view._plan
    labels = [spot.box for spot in plan.labels if spot is not None]
    markers = [spot.box for spot in plan.markers]
    assert markers, "a world with crises to place markers for"
    assert len(labels) == len(plan.labels)
    for k, box in enumerate(labels):
        assert view.rect.contains(box)
        assert box.collidelist(labels[k + 1:]) < 0
        assert box.collidelist(markers) < 0
    app.tips.clear()


def test_links_go_around_other_states(app):
    """Cold War's four states in a row: a link from one end to the other bends around the states between."""
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
    for i in range(n):
        for j in range(i + 1, n):
            path = view._path(i, j)
            for a, b in zip(path, path[1:]):
                for k in set(range(n)) - {i, j}:
                    assert _segment_distance(P[k], a, b) >= R[k], (i, j, k)
