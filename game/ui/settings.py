"""Player settings (window, animation speed, UI scale) and where the game keeps its files.

Settings are JSON in the user's config folder (platformdirs); saves and autosaves live in the user's
data folder. `SECURITY_DILEMMA_HOME` puts both under one folder instead (tests, shared classroom
machines). A damaged settings file never stops the game: the defaults are used and the file is
rewritten on the next change.
"""
from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from game.scenario.files import Unreadable, check_nesting, parse_problem, read_text_capped

APP_NAME = "security-dilemma"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def saves_dir(self) -> Path:
        return self.data_dir / "saves"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "debriefs"


def default_paths() -> Paths:
    home = os.environ.get("SECURITY_DILEMMA_HOME")
    if home:
        return Paths(Path(home) / "config", Path(home) / "data")
    import platformdirs

    return Paths(Path(platformdirs.user_config_dir(APP_NAME)), Path(platformdirs.user_data_dir(APP_NAME)))


WINDOW_SIZES = ((1280, 720), (1366, 768), (1600, 900), (1920, 1080), (1024, 640))
UI_SCALES = (0.85, 1.0, 1.15, 1.3, 1.5)
PROJECTOR_SCALE = 1.5  # large type for a classroom projector


@dataclass
class Settings:
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    animation_speed: float = 1.0  # multiplies watch-mode speed and map transitions
    ui_scale: float = 1.0  # multiplies font sizes and panel widths
    hints_seen: list[str] = field(default_factory=list)  # scenarios whose guided hints were shown
    show_legend: bool = True  # the map's legend (L)

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def clean(self) -> "Settings":
        """Clamp what a hand-edited file may have broken."""
        self.width = int(min(max(self.width, 960), 3840))
        self.height = int(min(max(self.height, 600), 2160))
        self.animation_speed = float(min(max(self.animation_speed, 0.25), 4.0))
        self.ui_scale = float(min(max(self.ui_scale, 0.75), 1.5))
        self.fullscreen = bool(self.fullscreen)
        self.show_legend = bool(self.show_legend)
        self.hints_seen = [str(s) for s in self.hints_seen][:200]
        return self


MAX_SETTINGS_BYTES = 256 << 10

# What each setting must be, checked strictly: "no" is not a boolean, "1280" is not a width.
_TYPES = {"width": int, "height": int, "fullscreen": bool, "animation_speed": float, "ui_scale": float,
          "hints_seen": list, "show_legend": bool}


def load_settings(paths: Paths, warn: Callable[[str], None] | None = None) -> Settings:
    """The player's settings. A missing file gives the defaults silently; anything wrong in it
    (not JSON, not a table, a value of the wrong kind) gives the default for what is wrong and
    one warning each, through `warn` (stderr by default). The game always starts."""
    settings, problems = read_settings(paths.settings_file)
    for problem in problems:
        (warn or _stderr)(problem)
    return settings


def read_settings(path: Path) -> tuple[Settings, list[str]]:
    if not path.exists():
        return Settings(), []
    where = f"{path}"
    try:
        text = read_text_capped(path, MAX_SETTINGS_BYTES, "settings file")
        check_nesting(text, 8)
        data = json.loads(text)
    except (Unreadable, RecursionError, ValueError) as err:
        reason = str(err) if isinstance(err, Unreadable) else parse_problem(err) or f"is not valid JSON ({err})"
        return Settings(), [f"{where}: {reason}; using the default settings."]
    if not isinstance(data, dict):
        return Settings(), [f"{where}: holds a {type(data).__name__}, not a table of settings; using the default settings."]
    problems, good = [], {}
    for key, value in data.items():
        kind = _TYPES.get(key)
        if kind is None:
            problems.append(f"{where}: {str(key)[:40]!r} is not a setting; it is ignored.")
        elif kind is float and isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            good[key] = float(value)
        elif kind is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
            good[key] = list(value)
        elif kind in (int, bool) and type(value) is kind:
            good[key] = value
        else:
            default = getattr(Settings(), key)
            problems.append(f"{where}: {key} = {json.dumps(value)[:40]} is not {_WORDS[kind]}; using the default ({json.dumps(default)}).")
    return Settings(**good).clean(), problems


_WORDS = {int: "a whole number", bool: "true or false", float: "a number", list: "a list of names"}


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def save_settings(paths: Paths, settings: Settings) -> None:
    """Atomic like saves: a half-written settings file must not lose the old one."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".settings.", suffix=".tmp", dir=str(paths.config_dir))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(settings), f, indent=1)
        os.replace(tmp, paths.settings_file)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
