"""The window and its loop: events -> pygame_gui manager -> scene; redraw only when needed.

`App.step(dt, events)` runs one frame without sleeping, so tests drive the whole game by posting
synthetic mouse and keyboard events and stepping. `App.run()` is the real loop with a clock.

Drawing is in two layers: the scene's background (map, charts, cards) is drawn into an off-screen
surface only when the scene is dirty; each composed frame blits that surface, a cheap overlay
(hover rings) and the pygame_gui widgets. When nothing happens (no input, no animation, no
change) frames are not composed at all.

Entry points (called by game.cli, which checks the command line): `title()`, `play(session, paths)`,
`watch(session, speed, screenshot)`, `host_console(host, address, advertised)`, `join(...)`.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable

import pygame
import pygame_gui

from game import resources
from game.ui.draw import Fonts
from game.ui.session import GameSession
from game.ui.settings import Paths, Settings, default_paths, load_settings, save_settings

LIST_ROW_PADDING = 6  # above and below a list row's line of type (the theme's 24-pixel rows at 100 %)
MIN_SIZE = (960, 600)
IDLE_COMPOSE = 2.0  # seconds between full frames while nothing happens (a safety net)
HOVER_EVENTS = (pygame.MOUSEMOTION, pygame_gui.UI_BUTTON_ON_HOVERED, pygame_gui.UI_BUTTON_ON_UNHOVERED)
ACTIVE_WINDOW = 1.5  # keep composing every frame this long after the last input


class SceneRoot(pygame_gui.core.UIContainer):
    """The container a scene builds its widgets in. It covers the window but, like the manager's
    own root, does not count as hovered: hand-drawn things under it (the map) get tooltips."""

    def check_hover(self, time_delta: float, hovered_higher_element: bool) -> bool:
        self.hovered = False
        return False


class Scene:
    """One screen. Builds its widgets in `build()` inside `self.root`; `draw()` paints the
    background layer from what the scene already holds (it changes nothing)."""

    name = "scene"

    def __init__(self, app: "App"):
        self.app = app
        self.root: SceneRoot | None = None
        self.windows: list = []
        self.dirty = True

    # lifecycle -----------------------------------------------------------------------------
    def enter(self) -> None:
        self._make_root()
        self.build()
        self.dirty = True

    def _make_root(self) -> None:
        w, h = self.app.size
        self.root = SceneRoot(pygame.Rect(0, 0, w, h), self.app.manager)

    def leave(self) -> None:
        for win in list(self.windows):
            win.kill()
        self.windows.clear()
        if self.root is not None:
            self.root.kill()
            self.root = None

    def rebuild(self) -> None:
        """After a resize or a theme change: the same screen, laid out again."""
        self.leave()
        self.enter()

    def build(self) -> None:
        pass

    # per frame -----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        pass

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((22, 27, 36))

    def draw_overlay(self, surface: pygame.Surface) -> list:
        """Cheap per-frame marks over the background; returns the rectangles drawn."""
        return []

    def overlay_key(self):
        """Changes whenever draw_overlay would draw something else."""
        return None

    def tip_regions(self) -> list[tuple[pygame.Rect, str]]:
        return []

    def wants_frames(self) -> bool:
        """True while the scene animates (watch mode running)."""
        return False

    # helpers -------------------------------------------------------------------------------
    def track(self, window):
        self.windows.append(window)
        return window

    def forget_dead_windows(self) -> None:
        self.windows = [w for w in self.windows if w.alive()]


class HoverTips:
    """Tooltips for things drawn by hand (map states, cards, legend) through pygame_gui's own
    UITooltip, so they look like every other tooltip."""

    DELAY = 0.35

    def __init__(self, app: "App"):
        self.app = app
        self.current: tuple | None = None
        self.since = 0.0
        self.tip = None

    def clear(self) -> None:
        if self.tip is not None:
            self.tip.kill()
            self.tip = None
        self.current = None

    def update(self, dt: float, regions: list[tuple[pygame.Rect, str]], pos: tuple[int, int]) -> None:
        if self.app.manager.get_hovering_any_element() and self.tip is None:
            self.clear()
            return
        found = None
        for rect, html in regions:
            if rect.collidepoint(pos):
                found = (tuple(rect), html)
        if found != self.current:
            self.clear()
            self.current = found
            self.since = 0.0
            return
        if found is None:
            return
        self.since += dt
        if self.tip is None and self.since >= self.DELAY:
            self.tip = self.app.manager.create_tool_tip(found[1], pos, (0, 18), None, None,
                                                        wrap_width=int(320 * self.app.settings.ui_scale))


class App:
    def __init__(self, paths: Paths | None = None, settings: Settings | None = None,
                 size: tuple[int, int] | None = None):
        self.paths = paths or default_paths()
        self.settings = settings or load_settings(self.paths)
        # Only what the game uses: no audio (a machine without a sound card stays quiet).
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Security Dilemma")
        self._set_mode(size or self.settings.size)
        self.fonts = Fonts(self.settings.ui_scale)
        self.manager = self._make_manager()
        self.tips = HoverTips(self)
        self.scene: Scene | None = None
        self.running = True
        self.exit_code = 0
        self.clock = pygame.time.Clock()
        self.time = 0.0
        self.last_input = 0.0
        self._last_compose = -1e9
        self._needs_compose = True
        self._last_sig: dict[int, tuple] = {}
        self._last_overlay = None
        self._last_overlay_rects: list = []
        self._later: list[Callable[[], None]] = []
        self.tasks: list[Callable[[], None]] = []  # run every frame (a network client's inbox)
        self.layer = pygame.Surface(self.size).convert()
        self.frames_composed = 0
        self.message_log: list[str] = []

    # --- window -----------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    def _set_mode(self, size: tuple[int, int]) -> None:
        flags = pygame.RESIZABLE
        if self.settings.fullscreen and os.environ.get("SDL_VIDEODRIVER") != "dummy":
            flags = pygame.FULLSCREEN
            size = (0, 0)
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1])) if size != (0, 0) else size
        self.screen = pygame.display.set_mode(size, flags)

    def _make_manager(self) -> pygame_gui.UIManager:
        manager = pygame_gui.UIManager(self.size, enable_live_theme_updates=False)
        fonts = resources.asset("fonts")
        manager.add_font_paths("game_sans", str(fonts / "NotoSans-Regular.ttf"), str(fonts / "NotoSans-Bold.ttf"),
                               str(fonts / "NotoSans-Italic.ttf"), str(fonts / "NotoSans-Bold.ttf"))
        theme = self.theme_dict()
        manager.get_theme().load_theme(theme)
        # The theme gives list rows (selection lists, opened drop-downs) in pixels at 100 % and the
        # scale changes only the type: make a row one line of its type tall at this scale.
        row = manager.get_theme().get_font(["selection_list.button"]).size("Ag")[1] + LIST_ROW_PADDING
        manager.get_theme().load_theme({"selection_list": {"misc": {"list_item_height": str(row)}}})
        # rich text (<b>, <i>) at every themed size, loaded now rather than with a warning later
        sizes = {int(b["font"]["size"]) for b in theme.values() if isinstance(b, dict) and "size" in b.get("font", {})}
        fonts = manager.get_theme().get_font_dictionary()
        for px in sorted(sizes):
            for bold, italic in ((True, False), (False, True), (True, True)):
                if not fonts.check_font_preloaded(fonts.create_font_id(px, "game_sans", bold, italic)):
                    fonts.preload_font(px, "game_sans", bold=bold, italic=italic)
        return manager

    def theme_dict(self) -> dict:
        """The theme file with font sizes scaled by the UI scale setting."""
        data = json.loads(resources.asset("themes", "theme.json").read_text(encoding="utf-8"))
        scale = self.settings.ui_scale
        for block in data.values():
            font = block.get("font") if isinstance(block, dict) else None
            if isinstance(font, dict) and "size" in font:
                font["size"] = str(max(8, int(round(float(font["size"]) * scale))))
        return data

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(int(size[0]), MIN_SIZE[0]), max(int(size[1]), MIN_SIZE[1]))
        if self.screen.get_size() != size:
            self._set_mode(size)
        self.manager.set_window_resolution(self.size)
        self.layer = pygame.Surface(self.size).convert()
        self.tips.clear()
        if not self.settings.fullscreen:
            self.settings.width, self.settings.height = self.size
        if self.scene is not None:
            self.scene.rebuild()
        self._needs_compose = True

    def apply_settings(self, settings: Settings) -> None:
        """New settings from the settings window: window size, fullscreen, UI scale."""
        old = self.settings
        self.settings = settings.clean()
        save_settings(self.paths, self.settings)
        if (old.fullscreen, old.size) != (settings.fullscreen, settings.size):
            self._set_mode(settings.size)
        if old.ui_scale != settings.ui_scale:
            self.fonts = Fonts(settings.ui_scale)
            if self.scene is not None:
                self.scene.leave()
            self.tips.clear()
            self.manager = self._make_manager()
            if self.scene is not None:
                self.scene.enter()
        self.resize(self.size)

    def save_settings(self) -> None:
        save_settings(self.paths, self.settings)

    # --- scenes -----------------------------------------------------------------------------
    def switch(self, scene: Scene) -> None:
        """Change screen at the end of this frame (never in the middle of event handling)."""
        def go():
            if self.scene is not None:
                self.scene.leave()
            self.tips.clear()
            self.scene = scene
            scene.enter()
            self._needs_compose = True
        self.later(go)

    def later(self, fn: Callable[[], None]) -> None:
        self._later.append(fn)

    def quit(self, code: int = 0) -> None:
        self.running = False
        self.exit_code = code

    def mark_active(self) -> None:
        self.last_input = self.time
        self._needs_compose = True

    def text_focused(self) -> bool:
        focus = self.manager.get_focus_set()
        return bool(focus) and any(isinstance(e, (pygame_gui.elements.UITextEntryLine,
                                                   pygame_gui.elements.UITextEntryBox)) for e in focus)

    # --- the frame --------------------------------------------------------------------------
    def step(self, dt: float = 1 / 60, events: list | None = None) -> bool:
        """One frame: handle events, update, compose if anything changed. Never sleeps."""
        self.time += dt
        if events is None:
            events = pygame.event.get()
        for event in events:
            self._dispatch(event)
        self._run_later()
        for task in list(self.tasks):
            task()
        self._run_later()
        self.manager.update(dt)
        if self.scene is not None:
            self.scene.update(dt)
            self.scene.forget_dead_windows()
            self.tips.update(dt, self.scene.tip_regions(), pygame.mouse.get_pos())
        self._run_later()
        self.render()
        return self.running

    def _dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit(0)
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return
        # pygame_gui also posts every widget event a second time as an old-style USEREVENT: the
        # new-style twin says what happened, so the old one changes nothing here.
        if event.type in HOVER_EVENTS or event.type == pygame.USEREVENT:
            self.last_input = self.time  # hover only: changed rectangles will do
        elif event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.KEYDOWN, pygame.KEYUP,
                            pygame.MOUSEWHEEL, pygame.TEXTINPUT) or event.type >= pygame.USEREVENT:
            self.mark_active()
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            self._needs_compose = True
        try:
            consumed = self.manager.process_events(event)
        except (AttributeError, KeyError, IndexError, ValueError, TypeError):
            # A malformed synthetic event (no pos, no key) must not take the game down.
            consumed = True
        if self.scene is not None:
            self.scene.handle(event, consumed)

    def _run_later(self) -> None:
        while self._later:
            fns, self._later = self._later, []
            for fn in fns:
                fn()

    def _ui_signature(self) -> dict[int, tuple]:
        """What pygame_gui will blit: each sprite's image object and where. A widget that changes
        its look gets a new image, so comparing signatures finds what changed without drawing."""
        sig = {}
        for bd in self.manager.get_sprite_group().visible:
            area = bd[2]
            sig[id(bd)] = (id(bd[0]), tuple(bd[1]), tuple(area) if area else None)
        return sig

    def render(self, force: bool = False) -> bool:
        """Compose the frame if anything may have changed; send the whole window to the display
        after a real change (a click, a key, a new scene, a redrawn background), and only the
        changed rectangles when the mouse merely moves (hover rings, highlights, tooltips)."""
        scene = self.scene
        if scene is None:
            return False
        recent = self.time - self.last_input < ACTIVE_WINDOW
        due = self.time - self._last_compose >= IDLE_COMPOSE
        full = force or scene.dirty or self._needs_compose or due or scene.wants_frames()
        if not (full or recent):
            return False
        sig = self._ui_signature()
        overlay = scene.overlay_key()
        if not full and sig == self._last_sig and overlay == self._last_overlay and not self.text_focused():
            return False
        if scene.dirty:
            scene.draw(self.layer)
            scene.dirty = False
        self.screen.blit(self.layer, (0, 0))
        overlay_rects = scene.draw_overlay(self.screen) or []
        self.manager.draw_ui(self.screen)
        if full:
            pygame.display.flip()
            self._last_compose = self.time
        else:
            rects = list(overlay_rects) + list(self._last_overlay_rects)
            old = self._last_sig
            for key in set(sig) | set(old):
                if sig.get(key) != old.get(key):
                    for entry in (sig.get(key), old.get(key)):
                        if entry is not None:
                            rects.append(pygame.Rect(entry[1]))
            if self.text_focused():
                rects += [e.rect for e in self.manager.get_focus_set()]
            if rects:
                pygame.display.update(rects)
        self._last_sig = sig
        self._last_overlay = overlay
        self._last_overlay_rects = overlay_rects
        self._needs_compose = False
        self.frames_composed += 1
        return True

    def screenshot(self, path: str | Path) -> Path:
        self.manager.update(0.0)
        self.render(force=True)
        path = Path(path)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.screen, str(path))
        return path

    def run(self) -> int:
        while self.running:
            busy = self.time - self.last_input < ACTIVE_WINDOW or (self.scene is not None and self.scene.wants_frames())
            dt = self.clock.tick(60 if busy else 30) / 1000.0
            self.step(min(dt, 0.1))
        self.save_settings()
        pygame.display.quit()
        return self.exit_code


# ---------------------------------------------------------------------------------------------
# Entry points


def title() -> int:
    """The title screen; returns the exit code when the window closes."""
    from game.ui.scenes.title import TitleScene

    app = App()
    app.switch(TitleScene(app))
    return app.run()


def play(session: GameSession, paths: Paths) -> int:
    """Play `session` in a window (hot-seat when it has several human seats)."""
    from game.ui.flow import Flow

    app = App(paths=paths)
    Flow(app, session).start()
    return app.run()


def watch(session: GameSession, speed: float, screenshot: Path | None = None) -> int:
    """Show AI states playing `session` at `speed` turns a second; with `screenshot`, save the
    last frame there and close."""
    from game.ui.scenes.game import GameScene

    app = App()
    app.switch(GameScene(app, None, session, viewer=None, speed=speed, screenshot=screenshot))
    return app.run()


def host_console(host, address: str, advertised: bool) -> int:
    """The teacher's console for a started game.net Host; closing the window ends the class game
    (it is autosaved each turn)."""
    from game.ui.scenes.host_console import HostConsoleScene

    app = App()
    app.switch(HostConsoleScene(app, host, address, advertised))
    return app.run()


def join(address: str = "", code: str = "", team: str = "", observer: bool = False) -> int:
    """The join screen, filled with what the command line gave; it joins at once when that is
    enough (an address, and a code or --observer)."""
    from game.ui.scenes.join import JoinScene

    app = App()
    auto = bool(address) and (bool(code) or observer)
    app.switch(JoinScene(app, address=address, code=code, team=team, observer=observer, auto=auto))
    return app.run()


def now() -> float:
    return time.monotonic()
