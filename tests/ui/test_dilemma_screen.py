"""The repeated dilemma's own screen: one click a round, ten at a time, no strategy named until
the end, then the reveal and the debrief."""
from __future__ import annotations

import pygame

from game.scenario.loading import load_scenario
from game.ui.flow import Flow
from game.ui.session import GameSession, scenario_seats


def test_one_click_a_round_and_the_strategy_revealed_at_the_end(driver, app):
    sc = load_scenario("repeated_dilemma").with_overrides({"scenario.turns": 14})
    session = GameSession(sc, 1, scenario_seats(sc, None), saves_dir=app.paths.saves_dir)
    Flow(app, session).start()
    app.step()
    assert driver.scene.name == "dilemma"
    texts = driver.texts()
    assert "Tit" not in texts and "tit_for_tat" not in texts, "the opponent's strategy is not announced"
    driver.click_text("Restrain  (R)")
    assert session.engine.turn == 1 and driver.scene.name == "dilemma"
    driver.key(pygame.K_a)
    assert session.engine.turn == 2
    driver.click_text("Mirror ×10")
    assert session.engine.turn == 12
    driver.click_text("Restrain ×10")
    assert session.engine.finished
    assert "played Tit for tat" in driver.texts()
    driver.click_text("The opponent revealed — on to the debrief")
    assert driver.scene.name == "debrief"
