"""The game screen's pause menu (Esc) and what it does: save, load, settings, help, quit."""
from __future__ import annotations

from pathlib import Path

import pygame_gui
from pygame_gui.windows import UIFileDialog

from game.ui.folders import open_folder
from game.ui.saves import save_name
from game.ui.widgets.kit import centered
from game.ui.windows.load import LoadWindow
from game.ui.windows.pause import PauseWindow
from game.ui.windows.settings import SettingsWindow


class GameMenu:
    def __init__(self, scene):
        self.scene = scene
        self.app = scene.app
        self.window: PauseWindow | None = None

    def toggle(self) -> None:
        """Opens the menu (pausing watch mode), or closes it when open."""
        scene = self.scene
        if self.window is not None and self.window.alive():
            self.close()
            return
        actions = {"Resume": self.close, "Save game": self.save_game, "Save as…": self.save_as,
                   "Open saves folder": self.open_saves_folder, "Load game": self.open_load,
                   "Settings": self.open_settings, "Help": scene.open_help, "Quit to title": self.quit_to_title,
                   "Quit game": self.app.quit}
        if scene.spectator and scene.flow is None:
            actions.pop("Load game")
        self.window = scene.track(PauseWindow(self.app, scene, actions))
        if scene.spectator:
            scene.playing = False
            scene.update_watch_controls()

    def close(self) -> None:
        if self.window is not None:
            self.window.kill()
            self.window = None

    def save_game(self, path: Path | None = None) -> None:
        """Saves to `path`, or under a new name in the saves folder; says where, in full."""
        session = self.scene.session
        eng = session.engine
        if path is None:
            path = self.app.paths.saves_dir / save_name(session.scenario.id, eng.turn)
        elif path.suffix.lower() != ".json":
            path = path.with_name(path.name + ".json")
        try:
            session.save_to(path)
        except OSError as err:
            msg = f"Could not save to {path}: {err.strerror or err}"
        else:
            msg = f"Saved: {path}"
            if eng.pending() != eng.alive_ids() and not self.scene.spectator:
                msg += " (orders of this turn are not saved)"
        self.say(msg)

    def say(self, msg: str) -> None:
        if self.window is not None and self.window.alive():
            self.window.say(msg)

    def save_as(self) -> None:
        """A file dialog to choose where the save goes (the saves folder to start with)."""
        session = self.scene.session
        start = self.app.paths.saves_dir / save_name(session.scenario.id, session.engine.turn)
        start.parent.mkdir(parents=True, exist_ok=True)
        self.scene.track(SaveAsDialog(self.app, start, self.save_game))

    def open_saves_folder(self) -> None:
        problem = open_folder(self.app.paths.saves_dir)
        self.say(problem or f"Opened {self.app.paths.saves_dir}")

    def open_load(self) -> None:
        self.close()
        self.scene.track(LoadWindow(self.app, self.app.paths.saves_dir, self.load_path))

    def load_path(self, path: Path) -> str | None:
        """Switches to the game saved at `path`; otherwise the reason it cannot be loaded."""
        from game.ui.flow import Flow
        from game.ui.session import open_save

        session = open_save(path, self.app.paths.saves_dir)
        if isinstance(session, str):
            return session
        flow = self.scene.flow if self.scene.flow is not None else Flow(self.app, session)
        self.app.later(lambda: flow.replace_session(session))
        return None

    def open_settings(self) -> None:
        self.close()
        self.scene.track(SettingsWindow(self.app))

    def quit_to_title(self) -> None:
        from game.ui.scenes.title import TitleScene

        self.app.switch(TitleScene(self.app))


class SaveAsDialog(UIFileDialog):
    """Choose a file to save to; `on_pick(path)` saves there."""

    def __init__(self, app, start: Path, on_pick):
        super().__init__(centered(app, 640, 480), app.manager, window_title="Save the game as…",
                         initial_file_path=str(start), allow_existing_files_only=False, allowed_suffixes={".json"})
        self.set_blocking(True)
        self.on_pick = on_pick

    def on_event(self, event) -> None:
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED and event.ui_element is self:
            self.on_pick(Path(event.text))
