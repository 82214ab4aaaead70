"""Large type (130 %, and 150 % for a projector) gets room to fit, at the smallest and a large window:
list rows hold their line of type, drop-downs show their whole choice, the debrief's chart keeps its
numbers apart and inside its box, and the cards' bars start after their labels."""
from __future__ import annotations

import itertools

import pygame
import pytest

from game.scenario.loading import load_scenario
from game.ui.session import GameSession, Seat

SCALES = [1.0, 1.3, 1.5]
SIZES = [(1280, 720), (1920, 1080)]


def make_app(scale, size):
    from game.ui.app import App
    from game.ui.settings import Settings

    return App(settings=Settings(ui_scale=scale), size=size)


def finished_game(ref="cold_war", turns=6):
    sc = load_scenario(ref).with_overrides({"scenario.turns": turns})
    session = GameSession(sc, 1, {s.id: Seat(False, s.doctrine) for s in sc.states})
    while not session.engine.finished:
        session.play_ai_turn()
    return session


def show(app, scene):
    app.switch(scene)
    app.step()
    app.step()
    return scene


@pytest.mark.parametrize("scale", SCALES)
def test_list_rows_are_as_tall_as_their_type(home, scale):
    """The setup's scenario list, an opened drop-down and the spiral watch have rows at least one
    line of their type tall (at 150 % the theme's fixed rows clipped the descenders)."""
    from game.ui.scenes.game import GameScene
    from game.ui.scenes.setup import SetupScene

    app = make_app(scale, (1280, 720))
    line = app.manager.get_theme().get_font(["selection_list.button"]).size("Agy")[1]
    setup = show(app, SetupScene(app))
    assert setup.list.list_item_height >= line
    doctrine = next(e for e in setup.state_rows if getattr(e, "_sd_kind", "") == "doctrine" and e.is_enabled)
    doctrine.current_state.finish()
    doctrine.current_state = doctrine.menu_states["expanded"]
    doctrine.current_state.start()
    assert doctrine.current_state.options_selection_list.list_item_height >= line
    game = show(app, GameScene(app, None, finished_game(), viewer=None))
    assert game.spiral_list.list.list_item_height >= line


@pytest.mark.parametrize("scale,size", list(itertools.product(SCALES, SIZES)))
def test_setup_drop_downs_show_their_whole_choice(home, scale, size):
    """Every doctrine and difficulty in the setup's seat rows fits its drop-down beside the arrow:
    "Defensive realist", not "Defensive real"."""
    from game.scenario.models import DIFFICULTIES, DOCTRINE_IDS
    from game.ui.scenes.setup import SetupScene, doctrine_title

    app = make_app(scale, size)
    setup = show(app, SetupScene(app))
    setup._reset_for("cold_war")
    setup.rebuild()
    app.step()
    font = app.manager.get_theme().get_font(["drop_down_menu"])
    menus = [e for e in setup.state_rows if hasattr(e, "_sd_kind")]
    assert menus
    for menu in menus:
        choices = [doctrine_title(d) for d in DOCTRINE_IDS] if menu._sd_kind == "doctrine" else list(DIFFICULTIES)
        shown = menu.menu_states["closed"].selected_option_button
        assert max(font.size(c)[0] for c in choices) + 8 <= shown.rect.width, (menu._sd_kind, shown.rect.width)


@pytest.mark.parametrize("scale,size", list(itertools.product(SCALES, SIZES)))
def test_setup_scenario_list_reaches_down_to_the_controls_under_it(home, scale, size):
    """The scenario list ends less than a row above the first control under it, and no control
    under it overlaps another or leaves its column."""
    from game.ui.scenes.setup import SetupScene

    app = make_app(scale, size)
    setup = show(app, SetupScene(app))
    under = sorted((e.rect for e in app.manager.get_sprite_group().sprites()
                    if e.alive() and e.visible and setup.r_left.contains(e.rect) and e.rect.top >= setup.list.rect.bottom
                    and e.rect.width > 40 and e.rect.height > 20), key=lambda r: r.top)
    assert under and under[0].top - setup.list.rect.bottom < setup.list.list_item_height + 16
    assert all(r.bottom <= setup.r_left.bottom for r in under)


@pytest.mark.parametrize("scale,size", list(itertools.product(SCALES, SIZES)))
def test_debrief_chart_texts_stay_apart_and_inside_the_chart(home, scale, size):
    """The score chart's title, names and the two numbers of each bar never overlap one another
    and stay inside the chart's box (at 150 % the title ran past it and the numbers overlapped)."""
    from game.ui.scenes.debrief import DebriefScene

    app = make_app(scale, size)
    scene = show(app, DebriefScene(app, None, session=finished_game()))
    texts = scene.draw_scores(pygame.Surface(app.size))
    assert len(texts) >= 3 * scene.pic.n
    for a, b in itertools.combinations(texts, 2):
        assert not a.colliderect(b), (a, b)
    assert all(scene.r_chart.contains(t) for t in texts), [t for t in texts if not scene.r_chart.contains(t)]


@pytest.mark.parametrize("scale", SCALES)
def test_card_bars_start_after_their_labels(home, scale):
    """In the world cards (spectators) and the intelligence cards (players), a state's forces
    label ends before its bar or scale begins."""
    from game.theory import GLOSSARY
    from game.ui.draw import Fonts
    from game.ui.picture import for_player, for_spectator
    from game.ui.widgets import intel

    pygame.font.init()
    session = finished_game()
    fonts = Fonts(scale)
    surface = pygame.Surface((1280, 720))
    rect = pygame.Rect(0, 0, int(400 * scale), 600)
    tips = intel.spectator_cards(surface, rect, fonts, for_spectator(session.engine))
    labels = [r for r, t in tips if t == GLOSSARY["forces"]]
    bars = [r for r, t in tips if t.startswith("True forces")]
    assert labels and len(labels) == len(bars)
    assert all(label.right <= bar.left for label, bar in zip(labels, bars))
    tips = intel.player_cards(surface, rect, fonts, for_player(session.engine, session.engine.state.ids[0]))
    labels = [r for r, t in tips if t == GLOSSARY["forces"] + " " + GLOSSARY["error"]]
    scales = [r for r, t in tips if t.startswith("Your estimate of its forces")]
    assert labels and len(labels) == len(scales)
    assert all(label.right <= scale_.left for label, scale_ in zip(labels, scales))


@pytest.mark.parametrize("scale", SCALES)
def test_spiral_watch_key_and_labels_fit_at_large_type(home, scale):
    """In the spiral watch at 1280×720, the phase plot's stage key keeps every stage inside the
    plot's panel (wrapping into rows; at 150 % its last stages were cut off), and the episode list
    shows each episode's pair, stage and span (the line's end is cut in a list too narrow)."""
    from game.ui.picture import for_spectator
    from game.ui.widgets.charts import PHASE_STAGES, _stage_key_rows
    from game.ui.windows.spiral_watch import SpiralWindow, episode_label

    app = make_app(scale, (1280, 720))
    sc = load_scenario("four_worlds").with_overrides({"scenario.turns": 12, "world.offense_defense": 2.0})
    session = GameSession(sc, 1, {s.id: Seat(False, s.doctrine) for s in sc.states})
    while not session.engine.finished:
        session.play_ai_turn()
    pic = for_spectator(session.engine)
    assert pic.episodes, "the test game needs a spiral episode"
    window = SpiralWindow(app, pic)
    panel_w = window.picture_image.get_relative_rect().width
    font = app.fonts.get(12)
    rows = _stage_key_rows(font, panel_w - 20)
    assert [s for row in rows for s in row] == list(PHASE_STAGES)
    for row in rows:
        assert sum(13 + font.size(s)[0] + 12 for s in row) - 12 <= panel_w - 20
    item_font = app.manager.get_theme().get_font(["selection_list.button"])
    for ep in pic.episodes:
        head = episode_label(pic, ep).split(" · ")
        shown = " · ".join(head[:2])  # the pair, then the stage and span
        assert item_font.size(shown)[0] + 16 <= window.list_w, shown


@pytest.mark.parametrize("scale,size", list(itertools.product(SCALES, SIZES)))
def test_every_rivals_intelligence_card_is_reachable_and_whole(home, scale, size):
    """A player with seven rivals sees every rival's card, whole and inside the panel: as many as
    fit at once, the rest by scrolling (at 150 % on 1280×720 the fifth card used to be dropped
    and the others overlapped)."""
    from game.theory import GLOSSARY
    from game.ui.draw import Fonts
    from game.ui.picture import for_player
    from game.ui.scenes.game_layout import GameLayout
    from game.ui.widgets import intel

    pygame.font.init()
    sc = load_scenario("random:8").with_overrides({"scenario.turns": 2})
    session = GameSession(sc, 1, {s.id: Seat(False, s.doctrine) for s in sc.states})
    session.play_ai_turn()
    pic = for_player(session.engine, session.engine.state.ids[0])
    assert pic.alive.all()
    fonts = Fonts(scale)
    cards = GameLayout.of(size, scale, 7).cards
    surface = pygame.Surface(size)
    card_h, shown = intel.card_layout(cards, fonts, 7)
    seen = set()
    for first in range(0, 7 - shown + 1):
        tips = intel.player_cards(surface, cards, fonts, pic, first)
        labels = [r for r, t in tips if t.startswith(GLOSSARY["forces"])]
        assert len(labels) == shown
        assert all(cards.contains(r) for r, _ in tips)
        seen.update((first + k) for k in range(len(labels)))
        rows = sorted(r.top for r in labels)
        assert all(b - a >= card_h for a, b in zip(rows, rows[1:]))  # one card's rows never reach the next's
    assert seen == set(range(7))
