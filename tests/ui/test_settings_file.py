"""The settings file is checked like every other file: what is wrong falls back to its default
with one warning, and the game always starts."""
from __future__ import annotations

import json

import pytest

from game.ui.settings import Paths, Settings, load_settings


@pytest.fixture
def paths(tmp_path) -> Paths:
    p = Paths(tmp_path / "config", tmp_path / "data")
    p.config_dir.mkdir()
    return p


def load(paths: Paths, text: str | bytes) -> tuple[Settings, list[str]]:
    f = paths.settings_file
    f.write_bytes(text if isinstance(text, bytes) else text.encode())
    warnings: list[str] = []
    return load_settings(paths, warnings.append), warnings


def test_no_file_is_the_defaults_without_a_warning(paths):
    """A first start has no settings file: defaults, nothing to warn about."""
    warnings: list[str] = []
    assert load_settings(paths, warnings.append) == Settings() and warnings == []


@pytest.mark.parametrize("text, reason", [
    ("[1, 2, 3]", "not a table of settings"),
    ("[" * 5000 + "]" * 5000, "deep"),
    ('{"a": ' * 50 + "1" + "}" * 50, "deep"),
    ("{not json", "not valid JSON"),
    (b"\xff\xfe\x00", "UTF-8"),
    ('{"width": ' + "9" * 5000 + "}", "digits"),
])
def test_a_broken_file_gives_the_defaults_and_one_warning(paths, text, reason):
    """A list, a file nested too deep, junk, another encoding or a number too long to read: the
    defaults, and a warning that names the file and what is wrong."""
    settings, warnings = load(paths, text)
    assert settings == Settings()
    assert len(warnings) == 1 and reason in warnings[0] and "settings.json" in warnings[0]


def test_a_value_of_the_wrong_kind_falls_back_alone(paths):
    """`"fullscreen": "no"` is not false: that setting takes its default and the others are kept."""
    settings, warnings = load(paths, json.dumps({"fullscreen": "no", "ui_scale": 1.3, "width": "1600", "colour": 1}))
    assert settings.fullscreen is False and settings.ui_scale == pytest.approx(1.3) and settings.width == 1280
    assert len(warnings) == 3
    assert any("fullscreen" in w and "true or false" in w for w in warnings)
    assert any("'colour' is not a setting" in w for w in warnings)
