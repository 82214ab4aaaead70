"""Retake the README screenshots (1280x720, then compressed with pngquant when it is installed).

    python docs/screenshots/take.py

Headless (SDL's dummy driver); the game's own renderer, the same pixels a window shows.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ["SECURITY_DILEMMA_HOME"] = tempfile.mkdtemp(prefix="sd-shots-")


def main() -> int:
    from game.scenario.loading import load_scenario
    from game.ui.app import App
    from game.ui.scenes.debrief import DebriefScene
    from game.ui.scenes.game import GameScene
    from game.ui.scenes.title import TitleScene
    from game.ui.scenes.dilemma import DilemmaScene
    from game.ui.session import GameSession, Seat, scenario_seats

    app = App(size=(1280, 720))

    def show(scene, name, then=None):
        app.switch(scene)
        for _ in range(3):
            app.step()
        if then:
            then(scene)
            for _ in range(3):
                app.step()
        out = HERE / f"{name}.png"
        app.screenshot(out)
        if shutil.which("pngquant"):
            subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality", "60-85", "--output", str(out),
                            str(out)], check=False)
        print(f"{out.name}: {out.stat().st_size // 1024} KB")

    show(TitleScene(app), "title")
    sc = load_scenario("random:6:1")
    session = GameSession(sc, 0, {s.id: Seat(False, s.doctrine) for s in sc.states})
    for _ in range(8):  # by then this world has a spiral episode to show
        session.play_ai_turn()
    show(GameScene(app, None, session, viewer="aurelon"), "game",
         lambda s: (s.select_state(s.pic.index("belmark")), s.set_tab("intel")))
    show(GameScene(app, None, session, viewer="aurelon"), "spiral_watch", lambda s: s.toggle_spirals(0))
    watch = GameScene(app, None, session, viewer=None)
    watch.playing = False
    show(watch, "watch")
    while not session.engine.finished:
        session.play_ai_turn()
    show(DebriefScene(app, None, session=session), "debrief")
    sc = load_scenario("repeated_dilemma").with_overrides({"scenario.turns": 60})
    dilemma = GameSession(sc, 1, scenario_seats(sc, None))
    show(DilemmaScene(app, None, dilemma, sc.state_ids[0]), "dilemma",
         lambda s: s.play(["restrain", "arm", "restrain"] + ["mirror"] * 9))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
