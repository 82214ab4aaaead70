"""Load a game: recent saves and autosaves, or any file through the file picker."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pygame_gui
from pygame_gui.windows import UIFileDialog

from game.ui.saves import describe_save
from game.ui.session import list_saves
from game.ui.widgets.kit import button, centered, label, selection_list
from game.ui.windows.game_window import GameWindow


class LoadWindow(GameWindow):
    """Recent saves and autosaves, or any file through the file picker."""

    def __init__(self, app, saves_dir: Path, on_pick: Callable[[Path], str | None]):
        super().__init__(app, centered(app, 620, 460), "Load game", "#load_window")
        self.set_blocking(True)
        self.saves_dir = saves_dir
        self.on_pick = on_pick
        self.paths = list_saves(saves_dir)[:40]
        w, h = self.inner
        items = [(describe_save(p), f"#save_{k}") for k, p in enumerate(self.paths)] or [("No saved games yet", "#none")]
        self.list = selection_list(app, (12, 12, w - 24, h - 112), items, container=self)
        self.status = label(app, (12, h - 94, w - 24, 24), "", container=self, object_id="#status_bad")
        self.load_button = button(app, (12, h - 60, 150, 40), "Load", self.load_selected, container=self,
                                  object_id="#primary")
        button(app, (172, h - 60, 170, 40), "Browse files…", self.browse, container=self)
        button(app, (w - 132, h - 60, 120, 40), "Cancel", self.kill, container=self)
        self.dialog = None

    def selected_path(self) -> Path | None:
        sel = self.list.get_single_selection()
        if sel is None:
            return None
        for p in self.paths:
            if describe_save(p) == sel:
                return p
        return None

    def load_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            self.status.set_text("Pick a saved game from the list first.")
            return
        self.pick(path)

    def pick(self, path: Path) -> None:
        error = self.on_pick(path)
        if error:
            self.status.set_text(error[:160])
        else:
            self.kill()

    def browse(self) -> None:
        self.saves_dir.mkdir(parents=True, exist_ok=True)
        self.dialog = UIFileDialog(centered(self.app, 640, 480), self.app.manager, window_title="Open a save or replay",
                                   initial_file_path=str(self.saves_dir), allow_existing_files_only=True,
                                   allowed_suffixes={".json"})
        self.dialog.set_blocking(True)

    def on_event(self, event) -> None:
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED and self.dialog is not None \
                and event.ui_element is self.dialog:
            self.dialog = None
            self.pick(Path(event.text))
        elif event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION and event.ui_element is self.list:
            self.load_selected()

    def kill(self):
        if self.dialog is not None and self.dialog.alive():
            self.dialog.kill()
        super().kill()

