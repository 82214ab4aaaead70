"""Whole games played through synthetic mouse and keyboard events, as a player would."""
from __future__ import annotations

import json

import pygame
import pytest

from game.scenario.loading import load_scenario
from game.ui.flow import Flow
from game.ui.session import GameSession, Seat, scenario_seats


def short(turns: int = 4, **overrides):
    return load_scenario("two_neighbours").with_overrides({"scenario.turns": turns, **overrides})


def start(app, scenario, humans=None, seed=3):
    session = GameSession(scenario, seed, scenario_seats(scenario, humans), saves_dir=app.paths.saves_dir)
    Flow(app, session).start()
    app.step()
    return session


def test_single_player_from_title_to_debrief(driver, app):
    """A player can go title -> new game -> every turn -> game over and debrief with the mouse and
    Enter alone, and the debrief shows the scores beside mutual restraint."""
    from game.ui.scenes.title import TitleScene

    app.switch(TitleScene(app))
    driver.step()
    driver.click_text("New game")
    assert driver.scene.name == "setup"
    # a short game: the setup screen's scenario list offers the tutorial; play it through
    sc = driver.scene.scenarios["two_neighbours"]
    driver.scene.scenarios["two_neighbours"] = sc.with_overrides({"scenario.turns": 3})
    driver.click_text("Start game")
    assert driver.scene.name == "game" and driver.scene.viewer == "rubria"
    for _ in range(3):
        if driver.scene.name == "resolution":
            driver.key(pygame.K_RETURN)
        assert driver.scene.name == "game"
        driver.click(driver.find_button("End turn  (Enter)"))
    assert driver.scene.name == "resolution"  # the last turn's summary first
    driver.click_text("On to the debrief  (Enter)")
    assert driver.scene.name == "debrief"
    texts = driver.texts()
    assert "mutual restraint" in texts and "Hidden types" in texts
    assert "security seeker" in texts


def test_orders_given_with_the_mouse_reach_the_engine(driver, app):
    """Moving the budget slider and clicking an order queues them; End turn submits exactly those
    orders to the engine (they show in the turn's record)."""
    session = start(app, short())
    scene = driver.scene
    driver.drag_slider(scene.panel.s_slider, 0.9)
    share = scene.orders_state["s"]
    assert share > 0.3
    driver.click(driver.find_button("Pledge restraint"))
    assert [o.kind for o in scene.orders_state["draft"]] == ["pledge"]
    driver.click(driver.find_button("End turn  (Enter)"))
    rec = session.engine.records[-1].orders["rubria"]
    assert {o["kind"] for o in rec} == {"budget", "pledge"}
    budget = next(o for o in rec if o["kind"] == "budget")
    assert budget["military_share"] == pytest.approx(share)


def test_an_illegal_order_says_why(driver, app):
    """Clicking an order the rules do not allow now is not a silent no-op: the panel shows the
    reason the rules give."""
    start(app, short())
    driver.click(driver.find_button("Accept pact"))
    assert "has not offered you a pact" in driver.scene.panel.status_text
    assert driver.scene.orders_state["draft"] == []


def test_a_contradiction_between_orders_says_why(driver, app):
    """A pledge of restraint and a threat to the same state in one turn contradict each other:
    the second click shows the reason and is not queued."""
    start(app, short())
    driver.click(driver.find_button("Pledge restraint"))
    driver.click(driver.find_button("Public threat"))
    assert "contradict" in driver.scene.panel.status_text
    assert [o.kind for o in driver.scene.orders_state["draft"]] == ["pledge"]


def test_attack_needs_confirmation(driver, app):
    """Attack opens a confirmation; only confirming queues the attack."""
    session = start(app, short())
    driver.click(driver.find_button("Attack…"))
    assert driver.scene.orders_state["draft"] == []
    driver.click_text("Attack")  # the dialog's confirm button
    assert [o.kind for o in driver.scene.orders_state["draft"]] == ["attack"]
    driver.key(pygame.K_RETURN)
    assert any(o["kind"] == "attack" for o in session.engine.records[-1].orders["rubria"])


def test_hot_seat_hands_over_between_players(driver, app):
    """Two humans: each turn shows the hand-over screen before each player's orders; both
    players' orders reach the engine and the turn resolves once both have ordered."""
    session = start(app, short(turns=2), humans=["rubria", "verdia"])
    assert driver.scene.name == "handover" and driver.scene.sid == "rubria"
    driver.wait(0.4)
    driver.click_text("I am Rubria — show my turn")
    assert driver.scene.name == "game" and driver.scene.viewer == "rubria"
    driver.click(driver.find_button("Public threat"))
    driver.key(pygame.K_RETURN)
    assert driver.scene.name == "handover" and driver.scene.sid == "verdia"
    assert session.engine.turn == 0
    driver.wait(0.4)
    driver.key(pygame.K_RETURN)
    assert driver.scene.name == "game" and driver.scene.viewer == "verdia"
    driver.key(pygame.K_RETURN)
    assert session.engine.turn == 1
    rec = session.engine.records[-1].orders
    assert any(o["kind"] == "threat" for o in rec["rubria"])
    assert driver.scene.name == "handover" and driver.scene.sid == "rubria"
    driver.wait(0.4)
    driver.key(pygame.K_RETURN)
    assert driver.scene.name == "resolution"


def test_save_and_load_through_the_pause_menu(driver, app):
    """Esc opens the pause menu; Save writes a save; Load (from the list) rebuilds the same game."""
    session = start(app, short(turns=6))
    for _ in range(2):
        driver.key(pygame.K_RETURN)
        if driver.scene.name == "resolution":
            driver.key(pygame.K_RETURN)
    assert session.engine.turn == 2
    digest = session.engine.state_hash()
    driver.key(pygame.K_ESCAPE)
    driver.click_text("Save game")
    saves = [p for p in app.paths.saves_dir.glob("*.json") if not p.name.startswith("autosave-")]
    assert len(saves) == 1
    data = json.loads(saves[0].read_text())
    assert data["format"] == "security-dilemma" and len(data["turns"]) == 2
    driver.click_text("Load game")
    window = next(w for w in driver.scene.windows if type(w).__name__ == "LoadWindow" and w.alive())
    first = window.list.item_list[0]
    driver.click(first["button_element"])
    driver.click_text("Load")
    driver.step(2)
    scene = driver.scene
    assert scene.name in ("game", "resolution")
    loaded = scene.flow.session
    assert loaded is not session and loaded.engine.turn == 2 and loaded.engine.state_hash() == digest


def test_autosave_every_turn_keeps_the_last_few(driver, app):
    """Every resolved turn is autosaved; only the last five autosaves are kept."""
    session = start(app, short(turns=8))
    for _ in range(7):
        driver.key(pygame.K_RETURN)
        if driver.scene.name == "resolution":
            driver.key(pygame.K_RETURN)
    assert session.engine.turn == 7
    autos = sorted(app.paths.saves_dir.glob("autosave-*.json"))
    assert len(autos) == 5
    assert any(p.name.endswith("t007.json") for p in autos)


def test_repeated_dilemma_is_played_with_two_buttons(driver, app):
    """In a repeated-dilemma scenario the orders are restrain or arm, on the dilemma screen (a click a
    round): one player plays round after round; in hot-seat each click hands the machine over, the
    other player's move stays hidden until the round resolves, and no forces or "greedy?" show."""
    sc = short(turns=2).model_copy()
    from game.scenario.models import Scenario

    data = sc.model_dump()
    data["dilemma"] = {}
    sc = Scenario.model_validate(data)
    session = start(app, sc)
    assert driver.scene.name == "dilemma"
    driver.click(driver.find_button("Arm  (A)"))
    assert session.engine.records[-1].orders["rubria"] == [{"kind": "dilemma", "move": "arm"}]
    session = start(app, sc, humans=["rubria", "verdia"])
    driver.wait(0.4)
    driver.click_text("I am Rubria — show my turn")
    assert driver.scene.name == "dilemma"
    assert "greedy" not in driver.texts().lower()
    driver.click(driver.find_button("Arm  (A)"))
    assert session.engine.pending() == ["verdia"]
    driver.wait(0.4)
    assert driver.scene.name == "handover"
    driver.click_text("I am Verdia — show my turn")
    assert driver.scene.name == "dilemma"
    driver.click(driver.find_button("Restrain  (R)"))
    assert session.engine.turn == 1
    assert session.engine.records[-1].orders == {"rubria": [{"kind": "dilemma", "move": "arm"}],
                                                  "verdia": [{"kind": "dilemma", "move": "restrain"}]}


def test_guided_hints_show_once(driver, app):
    """The tutorial's hints show the first time, one a turn; after 'Hide tips' the next game has
    none."""
    start(app, short())
    assert "Tip 1 of" in driver.texts()
    driver.key(pygame.K_RETURN)
    driver.key(pygame.K_RETURN)  # the resolution summary
    assert "Tip 2 of" in driver.texts()
    driver.click_text("Hide tips")
    assert "two_neighbours" in app.settings.hints_seen
    start(app, short())
    assert "Tip 1 of" not in driver.texts()


def test_ai_only_game_goes_to_watch_mode(driver, app):
    """With no human seat, the game is watched: it starts paused, saying how to play; once played
    (Space), turns play on their own until the end."""
    sc = short(turns=3)
    session = GameSession(sc, 1, {s.id: Seat(False, s.doctrine) for s in sc.states}, saves_dir=app.paths.saves_dir)
    Flow(app, session).start()
    driver.step()
    assert driver.scene.name == "game" and driver.scene.spectator
    driver.wait(1.0)
    assert session.engine.turn == 0 and not driver.scene.playing
    driver.key(pygame.K_SPACE)
    driver.wait(3.0)
    assert session.engine.finished
    driver.click_text("Game over — open the debrief")
    assert driver.scene.name == "debrief"


def test_three_player_hot_seat_to_the_end_by_keyboard(driver, app):
    """Three humans and an AI: Enter alone carries every player through hand-over, summary and
    orders, turn after turn, to the debrief; each game screen is its own player's."""
    sc = load_scenario("random:4").with_overrides({"scenario.turns": 3})
    humans = sc.state_ids[:3]
    session = start(app, sc, humans=humans)
    seen = []
    for _ in range(60):
        scene = driver.scene
        if scene.name == "debrief":
            break
        if scene.name == "handover":
            driver.wait(0.4)
        if scene.name == "game":
            seen.append((session.engine.turn, scene.viewer))
        driver.key(pygame.K_RETURN)
    assert driver.scene.name == "debrief"
    assert seen == [(t, h) for t in range(3) for h in humans if (t, h) in seen]
    assert {h for _, h in seen} == set(humans)


def test_a_failed_autosave_is_shown_and_the_game_goes_on(driver, app, monkeypatch):
    """A full disk while autosaving: the turn resolves, the game screen shows the warning in its
    dispatches (saying Save still works), and the next turn can be played."""
    import errno
    import os

    import game.match.saves as saves

    session = start(app, short(turns=6))

    def full(fd, *a, **kw):
        os.close(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(saves.os, "fdopen", full)
    driver.key(pygame.K_RETURN)
    if driver.scene.name == "resolution":
        driver.key(pygame.K_RETURN)
    assert session.engine.turn == 1 and driver.scene.name == "game"
    text = driver.scene.dispatches.html_text
    assert "Autosave failed" in text and "No space left" in text
    driver.key(pygame.K_RETURN)
    if driver.scene.name == "resolution":
        driver.key(pygame.K_RETURN)
    assert session.engine.turn == 2
