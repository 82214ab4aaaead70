"""Frame time of the game screen (not a test): 1280x720, 8 states, 100 turns of history.

    python bench/bench_frame.py [--frames 900]

A player's game screen is opened on a world that has run for 100 turns. Frames are stepped the
way the real loop steps them (events -> pygame_gui -> scene -> compose), with the mouse moving
across the map, the panels and the buttons (hover rings, tooltips, button highlights) — the
busiest ordinary use; then with the charts window open; then idle. Reports median, 95th
percentile and worst frame for each. Target: 95th percentile under 4 ms.

Runs with SDL's dummy video driver unless a display is given (DISPLAY set and --window).
"""
from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(math.ceil(q * len(s))) - 1))
    return s[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=900)
    ap.add_argument("--window", action="store_true", help="use the real display (DISPLAY) instead of dummy")
    args = ap.parse_args()
    if not args.window:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("SECURITY_DILEMMA_HOME", str(Path("/tmp") / "security-dilemma-bench"))
    import pygame

    from game.scenario.loading import load_scenario
    from game.ui.app import App
    from game.ui.scenes.game import GameScene
    from game.ui.session import GameSession, Seat

    t0 = time.perf_counter()
    for seed in range(11, 60):  # a world where no one is left alone before turn 100
        sc = load_scenario(f"random:8:{seed}").with_overrides({"scenario.turns": 140})
        session = GameSession(sc, seed, {s.id: Seat(False, s.doctrine) for s in sc.states})
        while session.engine.turn < 100 and not session.engine.finished:
            session.play_ai_turn()
        if session.engine.turn >= 100:
            break
    build_s = time.perf_counter() - t0
    viewer = next(sid for sid in session.engine.alive_ids())
    app = App(size=(1280, 720))
    scene = GameScene(app, None, session, viewer=viewer)
    app.switch(scene)
    for _ in range(30):
        app.step(1 / 60)

    W, H = app.size

    def path(k: int) -> tuple[int, int]:
        """A mouse wandering over the map, the right panel and the bottom strip."""
        t = k / 90.0
        return (int(W / 2 + 0.45 * W * math.sin(1.3 * t)), int(H / 2 + 0.42 * H * math.sin(2.1 * t + 0.5)))

    def run(frames: int, move: bool) -> list[float]:
        times = []
        for k in range(frames):
            if move:
                pos = path(k)
                pygame.mouse.set_pos(pos)
                pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0)))
            start = time.perf_counter()
            app.step(1 / 60)
            times.append((time.perf_counter() - start) * 1000)
        return times

    results = {}
    results["mouse moving"] = run(args.frames, True)
    scene.set_tab("intel")
    results["mouse moving, intelligence tab"] = run(args.frames // 2, True)
    scene.toggle_charts()
    app.step(1 / 60)
    results["mouse moving, charts open"] = run(args.frames // 2, True)
    results["idle"] = run(args.frames // 2, False)
    print(f"1280x720, {len(sc.states)} states, {session.engine.turn} turns of history "
          f"(history built in {build_s:.1f} s); driver {os.environ.get('SDL_VIDEODRIVER', 'default')}")
    everything = []
    for name, times in results.items():
        everything += times
        print(f"  {name:<32} median {statistics.median(times):5.2f} ms   p95 {percentile(times, 0.95):5.2f} ms   "
              f"worst {max(times):6.2f} ms   ({len(times)} frames)")
    print(f"  {'all frames':<32} median {statistics.median(everything):5.2f} ms   "
          f"p95 {percentile(everything, 0.95):5.2f} ms   (target: p95 < 4 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
