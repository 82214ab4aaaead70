"""Small constructors for pygame_gui widgets, so scenes read as layouts, not boilerplate.

Button commands run after the frame's event handling (`app.later`), so a command may switch
scenes or close windows without pulling widgets out from under pygame_gui mid-loop.
"""
from __future__ import annotations

import html
from typing import Callable

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextBox


def oid(object_id: str | None, class_id: str | None = None) -> ObjectID | None:
    if object_id is None and class_id is None:
        return None
    return ObjectID(object_id=object_id, class_id=class_id)


def button(app, rect, text: str, command: Callable[[], None] | None = None, container=None, tip: str | None = None,
           object_id: str | None = None) -> UIButton:
    b = UIButton(pygame.Rect(rect), text, app.manager, container=container, tool_tip_text=tip,
                 object_id=oid(object_id),
                 command=(lambda: app.later(command)) if command is not None else None)
    return b


class FittedLabel(UILabel):
    """A label that never overflows its rectangle: at least one line tall, and a text too wide is
    cut with an ellipsis, the whole text then in its tooltip (pygame_gui would warn and clip)."""

    def __init__(self, app, rect, text: str, container=None, object_id: str | None = None, tip: str | None = None):
        self.theme_font = app.manager.get_theme().get_font([object_id or "label", "label"])
        rect = pygame.Rect(rect)
        rect.height = max(rect.height, self.theme_font.get_rect("Ag").height + 2)
        self.tip = tip
        shown, cut = self._fitted(text, rect.width)
        super().__init__(rect, shown, app.manager, container=container, object_id=oid(object_id))
        self._set_tip(text if cut else None)

    def _fitted(self, text: str, width: int) -> tuple[str, bool]:
        room = width - 6
        if not text or self.theme_font.get_rect(text).width <= room:  # nothing is never cut to a lone "…"
            return text, False
        while text and self.theme_font.get_rect(text + "…").width > room:
            text = text[:-1]
        return text.rstrip() + "…", True

    def _set_tip(self, whole: str | None) -> None:
        tip = self.tip
        if whole is not None:
            tip = esc(whole) + (f"<br>{tip}" if tip else "")
        if tip:
            super().set_tooltip(tip)

    def set_tooltip(self, tip, *args, **kwargs) -> None:
        self.tip = tip
        super().set_tooltip(tip, *args, **kwargs)

    def set_text(self, text: str, *args, **kwargs) -> None:
        shown, cut = self._fitted(text, self.relative_rect.width)
        if cut or shown != self.text:
            self._set_tip(text if cut else None)
        super().set_text(shown, *args, **kwargs)


def label(app, rect, text: str, container=None, object_id: str | None = None, tip: str | None = None) -> UILabel:
    return FittedLabel(app, rect, text, container=container, object_id=object_id, tip=tip)


def line_height(app, element: str) -> int:
    """The height of one line of text in the theme's font for `element` (a theme block name) at
    this UI scale."""
    return app.manager.get_theme().get_font([element]).size("Ag")[1]


def line_width(app, element: str, text: str) -> int:
    """How wide `text` is in the theme's font for `element` at this UI scale."""
    return app.manager.get_theme().get_font([element]).size(text)[0]


def control_height(app, element: str = "button", padding: int = 14) -> int:
    """A one-line control (button, entry, drop-down) tall enough for its type at this scale."""
    return line_height(app, element) + padding


def list_row_height(app) -> int:
    """The height of a list row (selection lists, opened drop-downs) at this UI scale: one line of
    its type, as the app fits it when it loads the theme."""
    return int(app.manager.get_theme().get_misc_data("list_item_height", ["selection_list"]))


def drop_down_width(app, options: list[str]) -> int:
    """The width a drop-down needs to show any of `options` whole beside its arrow button."""
    font = app.manager.get_theme().get_font(["drop_down_menu"])
    arrow = 20  # pygame_gui's open button
    return max(font.size(o)[0] for o in options) + arrow + 24


def selection_list(app, rect, items, container=None, **kwargs) -> UISelectionList:
    """A selection list (its rows hold their type at this UI scale: App fits them)."""
    return UISelectionList(pygame.Rect(rect), items, app.manager, container=container, **kwargs)


def drop_down(app, rect, options: list[str], current: str, container=None, **kwargs) -> UIDropDownMenu:
    """A drop-down (its opened list's rows hold their type at this UI scale: App fits them)."""
    return UIDropDownMenu(options, current, pygame.Rect(rect), app.manager, container=container, **kwargs)


TEXT_BOX_LINE_SPACING = 1.25  # pygame_gui's text box puts lines this many font heights apart


def textbox_height(app, lines: int, element: str = "text_box") -> int:
    """A text box tall enough for `lines` lines of its type at this UI scale, padding and border
    included (the theme's padding is 6 above and below)."""
    return int(lines * line_height(app, element) * TEXT_BOX_LINE_SPACING) + 2 * 6 + 4


def textbox(app, rect, html_text: str, container=None, object_id: str | None = None) -> UITextBox:
    return UITextBox(html_text, pygame.Rect(rect), app.manager, container=container, object_id=oid(object_id))


def esc(text: str) -> str:
    """Plain text for pygame_gui's HTML subset."""
    return html.escape(str(text), quote=False)


def prose(text: str) -> str:
    """A scenario's description (TOML text with hard line breaks) as flowing HTML: lines of a
    paragraph joined, blank lines kept as paragraph breaks, "- " lines kept as list items."""
    paragraphs = []
    for block in str(text).strip().split("\n\n"):
        items: list[str] = []
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith(("- ", "* ", "• ")) or not items:
                items.append(esc(line))
            else:
                items[-1] += " " + esc(line)
        paragraphs.append("<br>".join(items))
    return "<br><br>".join(p for p in paragraphs if p)


def fit(font, text: str, width: int) -> str:
    """`text` cut (with an ellipsis) to fit `width` pixels in `font`."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip() + "…"


def hexc(color) -> str:
    return "#%02X%02X%02X" % tuple(int(c) for c in color[:3])


def centered(app, w: int, h: int) -> pygame.Rect:
    sw, sh = app.size
    w, h = min(w, sw - 20), min(h, sh - 20)
    return pygame.Rect((sw - w) // 2, (sh - h) // 2, w, h)


def is_ui(event: pygame.event.Event, kind: int, element=None) -> bool:
    return event.type == kind and (element is None or getattr(event, "ui_element", None) is element)


UI_EVENTS = pygame_gui
