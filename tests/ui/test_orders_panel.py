"""The orders panel's promises: war-making orders are asked about first, the queue follows every
slider, a budget that breaks an arms-control cap is warned about, banners never move a button,
offers are answered in one click, and the turn on screen is the turn being played."""
from __future__ import annotations

import numpy as np
import pygame

from game.scenario.loading import load_scenario
from game.ui.flow import Flow
from game.ui.session import GameSession, scenario_seats


def session_for(app, setup=None, turns: int = 4):
    """Two Neighbours, Rubria human; `setup(state)` shapes the opening world before any view."""
    sc = load_scenario("two_neighbours").with_overrides({"scenario.turns": turns})
    session = GameSession(sc, 3, scenario_seats(sc, None), saves_dir=app.paths.saves_dir)
    if setup is not None:
        setup(session.engine.state)
    return session


def start(app, setup=None, turns: int = 4):
    session = session_for(app, setup, turns)
    Flow(app, session).start()
    app.step()
    return session


def crisis_at(rung):
    def setup(st):
        st.rung[0, 1] = st.rung[1, 0] = rung
    return setup


def at_war(st):
    st.war[0, 1] = st.war[1, 0] = True
    st.war_start[0, 1] = st.war_start[1, 0] = 0
    st.rung[0, 1] = st.rung[1, 0] = 5
    st.N[0] = st.N[1] = 50.0


def kinds(driver):
    return [(o.kind, getattr(o, "response", None)) for o in driver.scene.orders_state["draft"]]


def test_escalating_a_crisis_at_rung_4_asks_first(driver, app):
    start(app, crisis_at(4))
    assert "Escalating now starts a war" in driver.scene.panel.banner.html_text
    driver.click(driver.find_button("Escalate"))
    assert kinds(driver) == [], "nothing queued before the player confirms"
    assert driver.scene.confirm is not None and driver.scene.confirm.alive()
    driver.click_text("Escalate")  # the dialog's confirm button (the newest button called so)
    assert kinds(driver) == [("crisis", "escalate")]


def test_escalating_at_rung_2_needs_no_question(driver, app):
    start(app, crisis_at(2))
    driver.click(driver.find_button("Escalate"))
    assert kinds(driver) == [("crisis", "escalate")]


def test_escalating_a_war_means_nuclear_use_and_asks_first(driver, app):
    start(app, at_war)
    driver.click(driver.find_button("Escalate"))
    assert kinds(driver) == []
    assert "nuclear" in driver.scene.confirm.confirmation_text.html_text.lower()
    driver.click_text("Escalate")
    assert kinds(driver) == [("crisis", "escalate")]


def test_the_order_list_follows_the_offensive_mix_slider(driver, app):
    start(app)
    panel = driver.scene.panel
    before = list(panel.draft_list.item_list)
    driver.drag_slider(panel.mu_slider, 0.9)
    mu = driver.scene.orders_state["mu"]
    budget = driver.scene.panel.draft_list.item_list[0]["text"]
    assert f"{100 * mu:.0f} % offence" in budget
    assert driver.scene.panel.draft_list.item_list != before


def test_a_budget_that_breaks_an_arms_control_cap_is_warned_about(driver, app):
    def capped(st):
        st.arms_control[0, 1] = st.arms_control[1, 0] = True
        st.ac_cap[0, 1], st.ac_cap[1, 0] = st.M[0], st.M[1]

    start(app, capped)
    panel = driver.scene.panel
    driver.drag_slider(panel.s_slider, 0.0)
    assert "arms-control cap" not in panel.projection.html_text
    driver.drag_slider(panel.s_slider, 1.0)
    assert "arms-control cap agreed with Verdia" in panel.projection.html_text


def action_rects(driver):
    return {b.text: pygame.Rect(b.rect) for b, _, _ in driver.scene.panel.action_buttons}


def test_buttons_stay_put_when_a_banner_appears(driver, app):
    """The banners sit in a fixed area: every order button has the same rectangle with and
    without a crisis, a war or an offer on the table."""
    start(app)
    calm = action_rects(driver)
    for setup in (crisis_at(3), at_war, lambda st: st.pact_offer.__setitem__((1, 0), 0)):
        start(app, setup)
        assert action_rects(driver) == calm


def test_an_offer_is_answered_in_one_click_and_its_expiry_said(driver, app):
    start(app, lambda st: st.pact_offer.__setitem__((1, 0), 0))
    panel = driver.scene.panel
    assert "offers you a defensive pact" in panel.banner.html_text
    assert "lapses" in panel.banner.html_text
    driver.click(panel.accept_button)
    assert kinds(driver) == [("accept_pact", None)]
    assert not driver.scene.panel.accept_button.visible
    assert "Answered" in driver.scene.panel.banner.html_text  # not "nothing needs an answer"


def test_declining_an_offer_lets_it_lapse_without_an_order(driver, app):
    start(app, lambda st: st.pact_offer.__setitem__((1, 0), 0))
    driver.click(driver.scene.panel.decline_button)
    assert kinds(driver) == []
    assert "offers you a defensive pact" not in driver.scene.panel.banner.html_text


def test_a_state_at_war_with_you_offers_no_pact(driver, app):
    def war_and_offer(st):
        at_war(st)
        st.pact_offer[1, 0] = 0

    start(app, war_and_offer)
    assert "defensive pact" not in driver.scene.panel.banner.html_text
    assert not driver.scene.panel.accept_button.visible


def test_the_turn_on_screen_is_the_turn_being_played(driver, app):
    session = start(app)
    assert driver.scene.top_bar.turn_label.text == "Turn 1 of 4"
    driver.key(pygame.K_RETURN)
    assert session.engine.turn == 1
    assert driver.scene.name == "resolution"
    assert "Turn 1 resolved" in driver.texts()
    driver.key(pygame.K_RETURN)
    assert driver.scene.top_bar.turn_label.text == "Turn 2 of 4"


def test_the_target_is_kept_from_turn_to_turn(driver, app):
    sc = load_scenario("cold_war").with_overrides({"scenario.turns": 4})
    human = sc.state_ids[0]
    session = GameSession(sc, 3, scenario_seats(sc, [human]), saves_dir=app.paths.saves_dir)
    Flow(app, session).start()
    app.step()
    scene = driver.scene
    chosen = scene.pic.rivals()[-1]
    scene.select_state(chosen)
    driver.step()
    driver.key(pygame.K_RETURN)
    driver.key(pygame.K_RETURN)  # past the resolution
    assert driver.scene.name == "game" and driver.scene.orders_state["target"] == chosen
    assert np.all(driver.scene.pic.alive)
