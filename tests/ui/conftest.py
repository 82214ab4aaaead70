"""UI tests run headless: SDL's dummy video and audio drivers, set before pygame is imported.

`Driver` plays like a user: it moves the mouse, posts clicks and key presses to pygame's event
queue and steps the app one frame at a time (no real clock, no sleeping).
"""
from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402


class Driver:
    def __init__(self, app):
        self.app = app

    @property
    def scene(self):
        return self.app.scene

    def step(self, n: int = 1, dt: float = 1 / 60) -> None:
        for _ in range(n):
            self.app.step(dt)

    def wait(self, seconds: float) -> None:
        self.step(int(seconds * 60) + 1)

    # --- mouse ---------------------------------------------------------------------------------
    def move(self, pos) -> None:
        pos = (int(pos[0]), int(pos[1]))
        pygame.mouse.set_pos(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        self.step()

    def click_at(self, pos, button: int = 1) -> None:
        pos = (int(pos[0]), int(pos[1]))
        pygame.mouse.set_pos(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.step(3)  # the click, the widget's event, a dialog's answer to it

    def drag(self, start, end, steps: int = 6) -> None:
        """Press at `start`, move to `end` with the button held, release."""
        start = (int(start[0]), int(start[1]))
        end = (int(end[0]), int(end[1]))
        pygame.mouse.set_pos(start)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=start, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
        self.step()
        for k in range(1, steps + 1):
            p = (start[0] + (end[0] - start[0]) * k // steps, start[1] + (end[1] - start[1]) * k // steps)
            pygame.mouse.set_pos(p)
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(1, 0), buttons=(1, 0, 0)))
            self.step()
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
        self.step(3)

    def drag_slider(self, slider, fraction: float) -> None:
        """Drag a pygame_gui slider's handle to `fraction` of its track."""
        self.scroll_into_view(slider)
        handle = slider.sliding_button.rect.center
        track = slider.rect.inflate(-2 * slider.sliding_button.rect.width, 0)
        self.drag(handle, (track.left + fraction * track.width, handle[1]))

    def scroll_into_view(self, element) -> None:
        """Scroll the panel holding `element` (mouse wheel over it) until the element shows."""
        scroller = getattr(self.scene, "panel", None)
        scroller = getattr(scroller, "scroller", None)
        if scroller is None:
            return
        view = scroller.rect
        for _ in range(60):
            r = element.rect
            if view.top <= r.top and r.bottom <= view.bottom:
                return
            down = r.bottom > view.bottom
            pygame.mouse.set_pos(view.center)
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1 if down else 1, flipped=False,
                                                 precise_x=0.0, precise_y=-1.0 if down else 1.0))
            self.step()

    def click(self, element) -> None:
        assert element.alive(), f"{element} is not on screen"
        self.scroll_into_view(element)
        assert element.visible, f"{element} is hidden"
        self.click_at(element.rect.center)

    def click_text(self, text: str) -> None:
        self.click(self.find_button(text))

    def find_button(self, text: str):
        found = [e for e in self.buttons() if e.text == text]
        assert found, f"no button {text!r} on screen; buttons: {sorted(b.text for b in self.buttons())}"
        return found[-1]

    def buttons(self):
        return [e for e in self.app.manager.get_sprite_group().sprites()
                if isinstance(e, pygame_gui_button()) and e.alive() and e.visible]

    # --- keyboard ------------------------------------------------------------------------------
    def key(self, key: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
        self.step(2)

    # --- reading the screen --------------------------------------------------------------------
    def texts(self) -> str:
        """Every text pygame_gui shows: labels, buttons, text boxes, list items, tooltips."""
        import pygame_gui

        out = []
        for e in self.app.manager.get_sprite_group().sprites():
            if not e.alive():
                continue
            for attr in ("text", "html_text"):
                v = getattr(e, attr, None)
                if isinstance(v, str):
                    out.append(v)
            if isinstance(e, pygame_gui.elements.UISelectionList):
                out += [str(item.get("text", "")) for item in e.item_list]
            tip = getattr(e, "tool_tip_text", None)
            if isinstance(tip, str):
                out.append(tip)
        return "\n".join(out)


def pygame_gui_button():
    import pygame_gui

    return pygame_gui.elements.UIButton


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SECURITY_DILEMMA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def app(home):
    from game.ui.app import App
    from game.ui.settings import default_paths

    a = App(paths=default_paths(), size=(1280, 720))
    yield a
    a.tips.clear()


@pytest.fixture
def driver(app):
    return Driver(app)
