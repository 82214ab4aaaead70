"""The spiral watch under the map: pairs where a spiral is emerging, then every episode (active
ones first, newest first); picking one opens it in the spiral watch window."""
from __future__ import annotations

import pygame
import pygame_gui

from game.core.spirals import STAGES
from game.core.state import RUNG_NAMES
from game.theory import GLOSSARY
from game.ui.picture import Picture
from game.ui.widgets.kit import fit, label, selection_list
from game.ui.windows.spiral_watch import episode_label

SCROLL_BAR_WIDTH = 20  # pygame_gui's, beside a list longer than its box
ROW_TEXT_INSET = 10  # the theme's row text padding and the list's border
NO_EPISODE = -1  # picked an emerging pair or the calm line: open the window with nothing selected


def conflict_items(pic: Picture) -> list[tuple[str, str]]:
    """Wars going on now (nuclear use named): never "calm" while they last."""
    items = []
    for i in range(pic.n):
        for j in range(i + 1, pic.n):
            if pic.war[i, j]:
                rung = int(pic.rung[i, j])
                what = RUNG_NAMES[rung] if rung >= 6 else "at war"
                items.append((f"• {pic.names[i]}–{pic.names[j]} · {what}", f"#war_{i}_{j}"))
    return items


def spiral_items(pic: Picture) -> list[tuple[str, str]]:
    items = []
    shown = set()
    eps = sorted(range(len(pic.episodes)), key=lambda k: (not pic.episodes[k].active, -(pic.episodes[k].start)))
    for k in eps:
        ep = pic.episodes[k]
        items.append((("• " if ep.active else "– ") + episode_label(pic, ep), f"#ep_{k}"))
        shown.add(tuple(sorted((ep.a, ep.b))))
    for i in range(pic.n):
        for j in range(i + 1, pic.n):
            if STAGES[int(pic.stage[i, j])] == "emerging" and tuple(sorted((pic.ids[i], pic.ids[j]))) not in shown:
                items.insert(0, (f"• {pic.names[i]}–{pic.names[j]} · emerging", f"#em_{i}_{j}"))
    items = conflict_items(pic) + items
    if items:
        return items
    wars = any(e.kind.startswith(("war", "nuclear")) for e in pic.events)
    return [("No spirals so far (there has been war)" if wars else "Calm: no spirals so far", "#none")]


class SpiralList:
    def __init__(self, app, rect: pygame.Rect, root):
        label(app, (rect.left + 8, rect.top + 4, rect.width - 16, 24), "Spiral watch", container=root,
              object_id="#group", tip=GLOSSARY["spiral_watch"])
        self.list = selection_list(app, (rect.left + 8, rect.top + 28, rect.width - 12, rect.height - 34), [],
                                   container=root)
        self.list.set_tooltip(GLOSSARY["spiral_watch"])

    def set_picture(self, pic: Picture) -> None:
        # a line too long for the list ends in "…" rather than being cut mid-word; the window has it whole
        font = self.list.ui_theme.get_font(["selection_list.button"])
        room = self.list.rect.width - SCROLL_BAR_WIDTH - 2 * ROW_TEXT_INSET
        self.list.set_item_list([(fit(font, text, room), key) for text, key in spiral_items(pic)])

    def picked(self, event: pygame.event.Event) -> int | None:
        """The episode picked by `event` (or NO_EPISODE); None when the event picked nothing here."""
        if event.type != pygame_gui.UI_SELECTION_LIST_NEW_SELECTION or event.ui_element is not self.list:
            return None
        oid_ = self.list.get_single_selection(include_object_id=True)
        key = oid_[1] if isinstance(oid_, tuple) else ""
        if key.startswith("#ep_"):
            return int(key[4:])
        if key.startswith(("#em_", "#war_")) or key == "#none":
            return NO_EPISODE
        return None
