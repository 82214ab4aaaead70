"""Every screen and window opens, by click or shortcut, and does what its buttons say."""
from __future__ import annotations

import json

import pygame
import pytest

from game.scenario.loading import load_scenario
from game.ui.flow import Flow
from game.ui.session import GameSession, Seat, scenario_seats


def open_windows(scene, name):
    return [w for w in scene.windows if type(w).__name__ == name and w.alive()]


def test_title_opens_settings_load_help_and_setup(driver, app):
    """From the title: Settings, Load game and F1 help open windows; New game opens the setup."""
    from game.ui.scenes.title import TitleScene

    app.switch(TitleScene(app))
    driver.step()
    driver.click_text("Settings")
    assert open_windows(driver.scene, "SettingsWindow")
    driver.click_text("Close")
    driver.click_text("Load game")
    assert "No saved games yet" in driver.texts()
    driver.key(pygame.K_ESCAPE)
    driver.key(pygame.K_F1)
    assert open_windows(driver.scene, "HelpWindow")
    driver.key(pygame.K_ESCAPE)
    driver.click_text("New game")
    assert driver.scene.name == "setup"


def test_settings_are_applied_and_kept(driver, app, home):
    """Choosing another UI scale and Apply rebuilds the screen at that scale and stores it."""
    from game.ui.scenes.title import TitleScene
    from game.ui.settings import default_paths, load_settings

    app.switch(TitleScene(app))
    driver.step()
    driver.click_text("Settings")
    window = open_windows(driver.scene, "SettingsWindow")[0]
    driver.click(window.scale_menu)
    driver.click_text("130 %")
    driver.click_text("Apply")
    assert app.settings.ui_scale == pytest.approx(1.3)
    assert load_settings(default_paths()).ui_scale == pytest.approx(1.3)
    assert json.loads((home / "config" / "settings.json").read_text())["ui_scale"] == pytest.approx(1.3)
    assert driver.scene.name == "title" and driver.find_button("New game").rect.height > 60


def test_setup_makes_a_hot_seat_game_with_a_chosen_doctrine(driver, app):
    """In the setup, clicking a state's AI button makes it human; the seed box sets the seed."""
    from game.ui.scenes.setup import SetupScene

    app.switch(SetupScene(app))
    driver.step()
    driver.click(driver.find_button("AI"))  # Verdia
    assert driver.scene.seats["verdia"].human
    entry = driver.scene.seed_entry
    driver.click(entry)
    entry.set_text("")
    for ch in "42":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    driver.step(2)
    driver.click_text("Start game")
    assert driver.scene.name == "handover"
    assert driver.scene.flow.session.engine.seed == 42
    assert driver.scene.flow.session.humans == ["rubria", "verdia"]


def test_setup_shows_a_broken_scenario_files_problems(driver, app, tmp_path):
    """Opening a .toml with problems shows them (with the file's words), not a crash."""
    from game.ui.scenes.setup import SetupScene

    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario]\nid = 'x'\ntitle = 'Bad'\n[[states]]\nid = 'a'\nname = 'A'\nposition = [2, 0]\n")
    app.switch(SetupScene(app))
    driver.step()
    driver.scene.open_path(str(bad))
    driver.step()
    assert "problems" in driver.texts()
    assert driver.scene.name == "setup"


def test_game_windows_open_by_shortcut(driver, app):
    """C charts (every tab), S spiral watch, F1 help, I intelligence, Esc pause and settings."""
    sc = load_scenario("two_neighbours").with_overrides({"scenario.turns": 5})
    session = GameSession(sc, 1, scenario_seats(sc), saves_dir=app.paths.saves_dir)
    Flow(app, session).start()
    driver.step()
    for _ in range(2):
        driver.key(pygame.K_RETURN)
        driver.key(pygame.K_RETURN)
    scene = driver.scene
    assert scene.name == "game"
    driver.key(pygame.K_c)
    for tab in ("Threat", "Beliefs", "Output", "Arms"):
        driver.click_text(tab)
        assert scene.charts_window.current == tab
    driver.key(pygame.K_c)
    assert scene.charts_window is None
    driver.key(pygame.K_s)
    assert open_windows(scene, "SpiralWindow")
    driver.key(pygame.K_ESCAPE)
    driver.key(pygame.K_F1)
    assert open_windows(scene, "HelpWindow")
    driver.key(pygame.K_ESCAPE)
    driver.key(pygame.K_i)
    assert scene.tab == "intel" and scene.card_tips
    driver.key(pygame.K_o)
    assert scene.tab == "orders"
    driver.key(pygame.K_ESCAPE)
    assert open_windows(scene, "PauseWindow")
    driver.click_text("Settings")
    assert open_windows(scene, "SettingsWindow")
    driver.click_text("Close")
    driver.key(pygame.K_ESCAPE)
    driver.click_text("Quit to title")
    assert driver.scene.name == "title"


def test_hovering_a_state_shows_what_you_know_of_it(driver, app):
    """Resting the mouse on a rival shows a tooltip with your estimate of its forces, how
    offensive they look and your advisor's belief."""
    sc = load_scenario("two_neighbours").with_overrides({"scenario.turns": 5})
    Flow(app, GameSession(sc, 1, scenario_seats(sc), saves_dir=app.paths.saves_dir)).start()
    driver.step()
    scene = driver.scene
    k = scene.pic.index("verdia")
    driver.move(scene.map.positions[k])
    assert app.tips.tip is None  # not at once: tooltips wait for the mouse to rest
    driver.wait(0.6)
    assert app.tips.tip is not None
    texts = driver.texts()
    assert "Forces (your estimate)" in texts and "likely greedy" in texts


def test_clicking_a_rival_on_the_map_makes_it_the_target(driver, app):
    """Clicking a state on the map aims the orders panel at it."""
    sc = load_scenario("random:4").with_overrides({"scenario.turns": 4})
    humans = [sc.state_ids[0]]
    session = GameSession(sc, 1, scenario_seats(sc, humans), saves_dir=app.paths.saves_dir)
    Flow(app, session).start()
    driver.step()
    scene = driver.scene
    for k in scene.pic.rivals():
        driver.click_at(scene.map.positions[k])
        assert scene.orders_state["target"] == k and scene.map.selected == k


def test_resizing_the_window_lays_the_game_out_again(driver, app):
    """A resize rebuilds the layout for the new size; the queued orders survive."""
    sc = load_scenario("two_neighbours").with_overrides({"scenario.turns": 5})
    Flow(app, GameSession(sc, 1, scenario_seats(sc), saves_dir=app.paths.saves_dir)).start()
    driver.step()
    driver.click(driver.find_button("Transparency"))
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900)))
    driver.step(2)
    scene = driver.scene
    assert app.size == (1600, 900) and scene.layout.right.right == 1600
    assert [o.kind for o in scene.orders_state["draft"]] == ["transparency"]
    assert app.settings.width == 1600


def test_watch_mode_plays_pauses_steps_and_reaches_the_debrief(driver, app):
    """Watching the AI: it opens paused, saying how to play; P plays and pauses, → steps one turn,
    the speed slider is there; at the end the debrief opens, with charts, the spiral watch and the
    export."""
    from game.ui.scenes.game import GameScene

    sc = load_scenario("random:4").with_overrides({"scenario.turns": 6})
    session = GameSession(sc, 3, {s.id: Seat(False, s.doctrine) for s in sc.states})
    app.switch(GameScene(app, None, session, viewer=None, speed=10.0))
    driver.step()
    driver.wait(0.5)
    assert session.engine.turn == 0, "watch mode starts paused"
    driver.key(pygame.K_p)
    driver.wait(0.3)
    driver.key(pygame.K_p)
    turn = session.engine.turn
    assert turn > 0
    driver.wait(0.5)
    assert session.engine.turn == turn
    driver.key(pygame.K_RIGHT)
    assert session.engine.turn == turn + 1
    driver.key(pygame.K_p)
    driver.wait(2.0)
    assert session.engine.finished
    driver.click_text("Game over — open the debrief")
    assert driver.scene.name == "debrief"
    assert "Hidden types" in driver.texts()
    driver.click_text("Charts")
    driver.click_text("Tension")
    driver.click_text("Spiral watch")
    driver.click_text("Export debrief")
    assert list(app.paths.exports_dir.glob("*/replay.json"))
    html = list(app.paths.exports_dir.glob("*/debrief.html"))
    assert html, "the export writes the HTML debrief"
    assert "hidden" in html[0].read_text(encoding="utf-8").lower()


def test_the_debrief_reveals_a_greedy_states_gambling_leader(driver, app):
    """Beside the hidden types, the debrief window names a greedy AI state whose leader was a
    gambler, and only that one."""
    from game.ui.scenes.debrief import DebriefScene

    sc = load_scenario("two_neighbours").with_overrides(
        {"scenario.turns": 2, "states.verdia.type": "greedy", "states.verdia.boldness": 2.0,
         "states.rubria.boldness": 2.5})
    session = GameSession(sc, 1, {s.id: Seat(False, s.doctrine) for s in sc.states})
    while not session.engine.finished:
        session.decide_ai()
        session.resolve()
    app.switch(DebriefScene(app, None, session=session))
    driver.step()
    texts = driver.texts()
    assert "its leader a gambler (boldness +2.0)" in texts
    assert "+2.5" not in texts  # Rubria is a security seeker: its boldness changed nothing
