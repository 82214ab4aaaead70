"""Random input never takes the game down, and the command line refuses bad input clearly."""
from __future__ import annotations

import argparse

import numpy as np
import pygame
import pytest

KEYS = (pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_c, pygame.K_s, pygame.K_i, pygame.K_o,
        pygame.K_TAB, pygame.K_F1, pygame.K_p, pygame.K_RIGHT, pygame.K_a, pygame.K_1, pygame.K_BACKSPACE,
        pygame.K_h, pygame.K_KP_ENTER)


def random_event(rng: np.random.Generator, size: tuple[int, int]) -> pygame.event.Event:
    w, h = size
    pos = (int(rng.integers(0, w)), int(rng.integers(0, h)))
    roll = rng.random()
    if roll < 0.35:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
    if roll < 0.55:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=int(rng.choice([1, 1, 1, 3])))
    if roll < 0.75:
        return pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)
    if roll < 0.93:
        return pygame.event.Event(pygame.KEYDOWN, key=int(rng.choice(KEYS)), mod=0, unicode="", scancode=0)
    if roll < 0.995:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=int(rng.choice([-1, 1])), flipped=False,
                                  precise_x=0.0, precise_y=1.0)
    nw, nh = int(rng.integers(900, 1500)), int(rng.integers(560, 900))
    return pygame.event.Event(pygame.VIDEORESIZE, w=nw, h=nh, size=(nw, nh))


def test_thousands_of_random_events_raise_nothing(driver, app, monkeypatch, tmp_path):
    """Clicks, keys, wheel turns and resizes at random — from the title, from inside a game and
    from the debrief, through every screen they lead to: the game never raises. (A click on Quit
    only stops the loop; the test carries on.)"""
    from game.scenario.loading import load_scenario
    from game.ui.flow import Flow
    from game.ui.scenes.debrief import DebriefScene
    from game.ui.scenes.title import TitleScene
    from game.ui.session import GameSession, scenario_seats

    monkeypatch.setenv("HOME", str(tmp_path))  # the file pickers open here, not in the real home
    rng = np.random.default_rng(20240)
    scenes = set()

    def storm(count: int) -> None:
        sent = 0
        while sent < count:
            for _ in range(int(rng.integers(1, 8))):
                event = random_event(rng, app.size)
                if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
                    pygame.mouse.set_pos(event.pos)
                pygame.event.post(event)
                sent += 1
            app.step(float(rng.choice([1 / 60, 0.1, 0.4])))
            scenes.add(app.scene.name)
            app.running = True

    app.switch(TitleScene(app))
    driver.step()
    storm(1400)
    sc = load_scenario("random:4").with_overrides({"scenario.turns": 8})
    session = GameSession(sc, 2, scenario_seats(sc, sc.state_ids[:2]), saves_dir=app.paths.saves_dir)
    Flow(app, session).start()
    driver.step()
    storm(1000)
    while not session.engine.finished:
        session.decide_ai()
        for human in session.humans_to_order():
            session.submit(human, [])
        session.resolve()
    app.switch(DebriefScene(app, None, session=session))
    driver.step()
    storm(600)
    assert {"title", "setup", "game", "handover", "debrief"} <= scenes


def test_watch_from_the_command_line_saves_a_screenshot_and_exits(home, tmp_path):
    """`watch SCENARIO --turns N --screenshot PNG` plays every turn, writes the PNG and returns 0."""
    from game.cli.play import cmd_watch

    shot = tmp_path / "watch.png"
    args = argparse.Namespace(scenario="two_neighbours", turns=4, seed=2, screenshot=str(shot), speed=2.0)
    assert cmd_watch(args) == 0
    img = pygame.image.load(str(shot))
    assert img.get_size() == (1280, 720)


@pytest.mark.parametrize("args, words", [
    (dict(scenario="two_neighbours", turns=0, seed=None, screenshot=None, speed=2.0), "--turns"),
    (dict(scenario="two_neighbours", turns=3, seed=None, screenshot="out.txt", speed=2.0), "--screenshot"),
    (dict(scenario="two_neighbours", turns=3, seed=None, screenshot=None, speed=0.0), "--speed"),
])
def test_watch_refuses_bad_input_with_a_clear_message(home, args, words):
    """Bad watch arguments raise UserError naming the option (the CLI prints it; no window)."""
    from game.cli.play import prepare_watch
    from game.errors import UserError

    with pytest.raises(UserError, match=words.replace("-", r"\-")):
        prepare_watch(argparse.Namespace(**args))


def test_play_refuses_an_unknown_human_state(home):
    """`play two_neighbours --human ruritania` names the unknown state and the real ones."""
    from game.cli.play import prepare_play
    from game.errors import UserError

    args = argparse.Namespace(scenario="two_neighbours", seed=None, load=None, human="ruritania", turns=None)
    with pytest.raises(UserError, match="ruritania.*rubria, verdia"):
        prepare_play(args)


def test_play_turns_fits_the_game_to_a_lesson(home):
    """`play two_neighbours --turns 8` plays 8 turns; --turns 0 is refused with the option named."""
    from game.cli.parser import build_parser
    from game.cli.play import prepare_play
    from game.errors import UserError

    args = build_parser().parse_args(["play", "two_neighbours", "--turns", "8"])
    _, session = prepare_play(args)
    assert session.scenario.scenario.turns == 8
    with pytest.raises(UserError, match="--turns"):
        prepare_play(build_parser().parse_args(["play", "two_neighbours", "--turns", "0"]))


def test_play_cli_reports_a_damaged_save(home, tmp_path, capsys):
    """`play --load` of a damaged file exits 2 with one line naming the file, no traceback."""
    from game.cli import main

    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "security-dilemma", "schema_version": 1, "turns": [')
    assert main(["play", "--load", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "broken.json" in err and "Traceback" not in err


def test_play_loads_a_save_and_keeps_the_humans(home, app):
    """`play --load SAVE` rebuilds the saved game with the saved seats."""
    from game.cli.play import prepare_play
    from game.scenario.loading import load_scenario
    from game.ui.session import GameSession, scenario_seats

    sc = load_scenario("two_neighbours")
    session = GameSession(sc, 4, scenario_seats(sc, ["rubria", "verdia"]))
    for _ in range(2):
        for sid in session.humans_to_order():
            session.submit(sid, [])
        session.resolve()
    path = session.save_to(home / "s.json")
    _, loaded = prepare_play(argparse.Namespace(scenario=None, seed=None, load=str(path), human=None, turns=None))
    assert loaded.humans == ["rubria", "verdia"] and loaded.engine.turn == 2
    assert loaded.engine.state_hash() == session.engine.state_hash()


def test_play_refuses_a_scenario_beside_load(capsys, tmp_path):
    """`play X --load SAVE` would silently ignore X: it is one clear message instead, exit 2."""
    from game.cli import main

    assert main(["play", "two_neighbours", "--load", str(tmp_path / "s.json")]) == 2
    err = capsys.readouterr().err
    assert "brings its own scenario" in err and "Traceback" not in err
