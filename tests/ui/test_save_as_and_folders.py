"""Save where you choose; open the saves and exports folders (no shell; failing soft)."""
from __future__ import annotations

import subprocess

import pygame

from game.ui import folders


def test_open_folder_runs_the_file_manager_without_a_shell(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(folders.sys, "platform", "linux")
    monkeypatch.setattr(folders.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(subprocess, "Popen", lambda cmd, **kw: calls.append((cmd, kw)))
    target = tmp_path / "saves with space; rm -rf"
    assert folders.open_folder(target) is None
    (cmd, kw), = calls
    assert cmd == ["xdg-open", str(target)] and not kw.get("shell")
    assert target.is_dir()


def test_open_folder_fails_soft(tmp_path, monkeypatch):
    monkeypatch.setattr(folders.sys, "platform", "linux")
    monkeypatch.setattr(folders.shutil, "which", lambda name: f"/usr/bin/{name}")

    def broken(*a, **k):
        raise OSError(2, "No such file or directory")

    monkeypatch.setattr(subprocess, "Popen", broken)
    assert "Could not open" in folders.open_folder(tmp_path)
    monkeypatch.setattr(folders.shutil, "which", lambda name: None)
    assert str(tmp_path) in folders.open_folder(tmp_path)


def test_save_as_writes_where_the_player_chose_and_says_so_in_full(driver, app, tmp_path):
    from tests.ui.test_play import short, start

    start(app, short())
    driver.key(pygame.K_ESCAPE)
    menu = driver.scene.menu
    assert "Save as…" in menu.window.buttons and "Open saves folder" in menu.window.buttons
    chosen = tmp_path / "class" / "my game"
    chosen.parent.mkdir()
    menu.save_game(chosen)
    assert (tmp_path / "class" / "my game.json").is_file()
    assert menu.window.status_text.startswith(f"Saved: {chosen}.json")
