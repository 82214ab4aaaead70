"""Private information never reaches the wrong player's screen: what a player's screens read and
draw is the same whatever the rivals' hidden types, budgets, true forces, beliefs and secret
orders are."""
from __future__ import annotations

import dataclasses

import numpy as np
import pygame

from game.core.commands import Attack, Budget
from game.scenario.loading import load_scenario
from game.ui.picture import Picture, for_player
from game.ui.session import GameSession, Seat

VIEWER = "rubria"


def played_session(app=None):
    sc = load_scenario("random:4").with_overrides({"scenario.turns": 12})
    seats = {s.id: Seat(False, s.doctrine) for s in sc.states}
    session = GameSession(sc, 5, seats, saves_dir=None if app is None else app.paths.saves_dir)
    for _ in range(4):
        session.play_ai_turn()
    return session


def scramble_rivals(session, viewer: str) -> None:
    """Change everything private about every state but `viewer`, as if the rivals were other
    kinds of states with other plans."""
    eng = session.engine
    st = eng.state
    me = st.index(viewer)
    for k in range(st.n):
        if k == me:
            continue
        st.greedy[k] = not st.greedy[k]
        st.O[k] *= 3.0
        st.D[k] *= 0.5
        st.s[k] = 0.45
        st.mu[k] = 0.95
        st.belief[k, :] += 2.0
        st.threat[k, :] *= 5.0
        st.M_est[k, :] *= 2.0
        st.mu_est[k, :] = 0.05
        st.noise[k, :] += 1.0
        for name in ("belief", "threat", "M_est", "tension"):
            eng.series.data[name][:, k, :] += 0.3
        for name in ("M", "O", "D", "s", "mu", "welfare"):
            eng.series.data[name][:, k] *= 1.7
        # reasons it gives about others stay its own (those about the viewer are public statements)
        exp = eng.records[-1].explanations.setdefault(st.ids[k], {"state": st.ids[k], "doctrine": "x",
                                                                  "sentences": [], "reasons": []})
        other = next(sid for j, sid in enumerate(st.ids) if j not in (k, me))
        exp["sentences"] = list(exp.get("sentences", [])) + ["SECRET PLAN"]
        exp["reasons"] = list(exp.get("reasons", [])) + [
            {"decision": "arms", "target": None, "summary": "SECRET PLAN", "factors": []},
            {"decision": "war", "target": other, "summary": "SECRET PLAN against a third state", "factors": []}]
    # secret orders of this turn
    for k, sid in enumerate(st.ids):
        if k != me and st.alive[k]:
            hostile = [] if st.pact[k, me] or st.war[k, me] else [Attack(target=viewer)]  # only legal secrets
            eng.submit(sid, [Budget(military_share=0.5, offense_share=1.0)] + hostile)


def same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def picture_without_view(pic: Picture) -> Picture:
    return dataclasses.replace(pic, view=None)


def test_a_players_picture_holds_nothing_of_rivals_private_state():
    """The data every player screen reads (the picture) is identical before and after every
    rival's hidden type, budget, true forces, beliefs, threat perceptions, AI reasons and secret
    orders are changed."""
    session = played_session()
    viewer = session.scenario.state_ids[0]
    before = for_player(session.engine, viewer)
    scramble_rivals(session, viewer)
    after = for_player(session.engine, viewer)
    assert same(picture_without_view(before), picture_without_view(after))
    assert before.types is None and "SECRET PLAN" not in str(after.statements)


def test_a_player_sees_only_its_own_row_of_perceptions():
    """A player's picture holds its own beliefs and threat readings, and none of a rival's."""
    session = played_session()
    viewer = session.scenario.state_ids[1]
    pic = for_player(session.engine, viewer)
    me = pic.me
    others = [k for k in range(pic.n) if k != me]
    assert not pic.belief[others].any() and not pic.threat[others].any()
    assert not pic.history.belief[:, others].any() and not pic.history.threat[:, others].any()
    assert pic.history.tension is None


def screen_bytes(app) -> bytes:
    app.render(force=True)
    return pygame.image.tobytes(app.screen, "RGB")


def test_the_game_screen_draws_the_same_whatever_the_rivals_hide(driver, app):
    """Rendered pixels of a player's game screen, with the charts and the intelligence panel
    open, do not change when every rival's private state and secret orders change."""
    from game.ui.scenes.game import GameScene

    session = played_session(app)
    viewer = session.scenario.state_ids[0]
    scene = GameScene(app, None, session, viewer=viewer)
    app.switch(scene)
    driver.step()
    scene.set_tab("intel")
    scene.toggle_charts()
    driver.step()
    before = screen_bytes(app)
    scramble_rivals(session, viewer)
    scene.picture_changed()
    driver.step()
    after = screen_bytes(app)
    assert before == after
    # the control: the player's own forces do show
    st = session.engine.state
    st.O[st.index(viewer)] *= 2
    scene.picture_changed()
    driver.step()
    assert screen_bytes(app) != after


def test_the_hand_over_screen_shows_only_the_next_players_name(driver, app):
    """The hand-over screen shows the next player's name and nothing of the world: its pixels
    are the same whatever anyone's private state or orders, and its words name nobody else."""
    from game.ui.flow import Flow
    from game.ui.scenes.handover import HandoverScene

    session = played_session(app)
    ids = session.scenario.state_ids
    flow = Flow(app, session)
    app.switch(HandoverScene(app, flow, ids[1]))
    driver.step()
    before = screen_bytes(app)
    texts = driver.texts()
    st = session.engine.state
    assert st.names[1] in texts
    assert not any(name in texts for k, name in enumerate(st.names) if k != 1)
    scramble_rivals(session, ids[1])
    st.O[1] *= 2  # even the player's own secrets are not on the hand-over screen
    app.switch(HandoverScene(app, flow, ids[1]))
    driver.step()
    assert screen_bytes(app) == before


def test_hot_seat_orders_stay_secret_until_resolution(driver, app):
    """In hot-seat, the second player's screens say nothing of the first player's orders."""
    from game.ui.flow import Flow
    from game.ui.session import scenario_seats

    sc = load_scenario("two_neighbours").with_overrides({"scenario.turns": 3})
    session = GameSession(sc, 2, scenario_seats(sc, ["rubria", "verdia"]), saves_dir=app.paths.saves_dir)
    Flow(app, session).start()
    driver.step()
    driver.wait(0.4)
    driver.key(pygame.K_RETURN)
    assert driver.scene.viewer == "rubria"
    driver.click(driver.find_button("Public threat"))
    driver.click(driver.find_button("Mobilise"))
    driver.key(pygame.K_RETURN)
    assert driver.scene.name == "handover"
    handover_texts = driver.texts()
    driver.wait(0.4)
    driver.key(pygame.K_RETURN)
    assert driver.scene.viewer == "verdia"
    for texts in (handover_texts, driver.texts()):
        assert "Mobilise ›" not in texts and "Public threat ›" not in texts
        assert "mobilised" not in texts.lower() and "warned" not in texts
    assert session.engine.submitted("rubria") is not None
