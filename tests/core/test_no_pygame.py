"""House rule (DESIGN.md §1): game.core, game.ai, game.scenario and game.sim never import pygame."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, pkgutil, sys
for package in ("game.core", "game.scenario", "game.sim", "game.ai"):
    pkg = importlib.import_module(package)
    for info in pkgutil.walk_packages(pkg.__path__, package + "."):
        importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("pygame", "pygame_gui"))
print("\\n".join(bad))
"""


def test_headless_packages_import_without_pygame():
    """Every module of game.core, game.scenario, game.sim and game.ai imports in a fresh interpreter
    without pygame or pygame_gui being imported (a subprocess, so other tests' imports don't count)."""
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"pygame imported by the headless packages: {done.stdout.split()}"
