"""The teacher's console and a team's join flow, under SDL's dummy driver with a real local Host
on 127.0.0.1: the console lists the seats and answers pause / resume / end the turn now; a team
joins from the join screen, plays its seat on the same game screen as single-player, and reaches
the debrief at the end."""
from __future__ import annotations

import time

import pygame

from game.net.host import Host
from tests.net.helpers import world

LIMIT = 20.0


def step_until(driver, done, limit: float = LIMIT) -> None:
    """Frames (with real time for the network threads) until `done()` or the limit."""
    deadline = time.monotonic() + limit
    while not done():
        assert time.monotonic() < deadline, f"timed out on screen {driver.scene.name}"
        driver.step()
        time.sleep(0.01)


def test_console_lists_seats_and_answers_pause_and_end_turn(app, driver):
    from game.ui.scenes.host_console import HostConsoleScene

    scenario = world("random:3", turns=5)
    with Host(scenario=scenario, seed=3, remote=scenario.state_ids[:2], turn_seconds=60).start() as host:
        app.switch(HostConsoleScene(app, host, host.address, advertised=False))
        driver.step(3)
        scene = driver.scene
        assert scene.name == "host_console"
        remote = [r for r in scene.rows if r.remote]
        assert [r.seat for r in remote] == scenario.state_ids[:2] and all(r.code for r in remote)
        assert set(scene.row_widgets) == set(scenario.state_ids[:2])
        assert "Turn 1" in driver.texts() and "waiting for 2" in driver.texts()
        # the projector: the public record only
        assert scene.pic.extra.get("public") and scene.pic.types is None and not scene.pic.forces.any()
        driver.click_text("Pause")
        assert host.paused
        driver.step(20)
        assert "paused" in driver.texts()
        driver.click_text("Resume")
        assert not host.paused
        driver.click_text("End turn now")
        step_until(driver, lambda: scene.turn == 1)
        assert "Turn 2" in driver.texts()
        # a seat's policy from its drop-down
        policy = scene.row_widgets[scenario.state_ids[0]]["policy"]
        pygame.event.post(pygame.event.Event(__import__("pygame_gui").UI_DROP_DOWN_MENU_CHANGED,
                                             ui_element=policy, text="AI plays"))
        driver.step(3)
        assert host.seats()[0].if_silent == "ai"


def test_a_team_joins_plays_its_seat_and_reaches_the_debrief(app, driver):
    from game.ui.scenes.join import JoinScene

    scenario = world("random:3", turns=2)
    seat = scenario.state_ids[0]
    with Host(scenario=scenario, seed=4, remote=[seat]).start() as host:
        code = host.codes()[seat]
        app.switch(JoinScene(app, address=host.address, code=code.lower(), team="Reds"))
        driver.step(3)
        driver.click_text("Join my seat")
        step_until(driver, lambda: driver.scene.name == "game")
        assert driver.scene.viewer == seat and host.seats()[0].team == "Reds"
        driver.click_text("End turn  (Enter)")
        step_until(driver, lambda: driver.scene.name == "resolution")  # turn 1 resolved: what we saw
        driver.key(pygame.K_RETURN)
        step_until(driver, lambda: driver.scene.name == "game")
        assert driver.scene.session.engine.turn == 1
        driver.click_text("End turn  (Enter)")
        step_until(driver, lambda: driver.scene.name == "resolution")
        driver.key(pygame.K_RETURN)
        step_until(driver, lambda: driver.scene.name == "debrief")
        assert driver.scene.session.engine.finished


def test_a_wrong_code_brings_the_join_screen_back_with_the_reason(app, driver):
    from game.ui.scenes.join import JoinScene

    scenario = world("random:3", turns=2)
    with Host(scenario=scenario, seed=4, remote=scenario.state_ids[:1]).start() as host:
        app.switch(JoinScene(app, address=host.address, code="ZZZZZZ", team="Reds"))
        driver.step(3)
        driver.click_text("Join my seat")
        step_until(driver, lambda: driver.scene.name == "join" and "No seat has that code" in driver.texts())


def test_team_names_with_escape_codes_are_refused_on_the_join_screen(app, driver):
    from game.ui.scenes.join import JoinScene

    app.switch(JoinScene(app, address="127.0.0.1:9", code="ABCDEF", team="x\x1b[2Jy"))
    driver.step(3)
    driver.click_text("Join my seat")
    assert "control characters" in driver.texts() and driver.scene.flow is None
