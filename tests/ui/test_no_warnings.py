"""Watching every built-in scenario at 100 %, 130 % and 150 % (projector) UI scale writes no warning to the
terminal: no "Label Rect is too small", no font loaded late, nothing logged."""
from __future__ import annotations

import logging
import warnings

import pytest

from game import resources
from game.scenario.loading import load_scenario
from game.ui.session import GameSession, Seat


@pytest.mark.parametrize("scale", [1.0, 1.3, 1.5])
def test_watching_every_scenario_warns_nothing(home, scale, caplog):
    from game.ui.app import App
    from game.ui.scenes.game import GameScene
    from game.ui.settings import Settings

    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = App(settings=Settings(ui_scale=scale), size=(1280, 720))
        refs = [ref for sid in resources.builtin_scenario_ids()
                for ref in [sid] + [f"{sid}:{v.id}" for v in load_scenario(sid).variants]]  # variants: longer titles
        for ref in refs:
            sc = load_scenario(ref).with_overrides({"scenario.turns": 3 if ":" in ref else 6})
            session = GameSession(sc, 1, {s.id: Seat(False, s.doctrine) for s in sc.states})
            scene = GameScene(app, None, session, viewer=None)
            app.switch(scene)
            app.step()
            while not session.engine.finished:
                scene.step_once()
                app.step()
            scene.toggle_charts()
            scene.toggle_spirals()
            app.step()
            # and a player's screen of the same world
            player = GameScene(app, None, session, viewer=sc.state_ids[0])
            app.switch(player)
            app.step()
            app.step()
        app.tips.clear()
    messages = [str(w.message) for w in caught]
    assert messages == [], messages[:5]
    assert [r.getMessage() for r in caplog.records] == []
