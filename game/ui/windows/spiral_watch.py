"""The spiral watch window: every spiral episode, its action–reaction chain and phase plot."""
from __future__ import annotations

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIImage

from game.core.spirals import STAGES
from game.theory import GLOSSARY
from game.ui.picture import EpisodeInfo, Picture, episode_chain
from game.ui.widgets import charts
from game.ui.widgets.kit import centered, esc, selection_list, textbox
from game.ui.windows.game_window import GameWindow


def who_fears(pic: Picture, ep: EpisodeInfo) -> str:
    """"mutual" when both sides' fear rose, else who fears whom (a one-sided race is one too)."""
    if ep.mutual or not ep.fearing:
        return "mutual"
    afraid = ep.fearing[0]
    other = ep.b if afraid == ep.a else ep.a
    return f"{pic.name(afraid)} fears {pic.name(other)}"


def episode_label(pic: Picture, ep: EpisodeInfo) -> str:
    """The pair, its stage and span first: a narrow list cuts the end of the line."""
    span = f"t{ep.start}–" + (f"t{ep.end}" if ep.end is not None else "now")
    tragic = " · tragic" if ep.tragic else ""
    return (f"{pic.name(ep.a)}–{pic.name(ep.b)} · {ep.stage if ep.active else 'ended'} {span}{tragic} · "
            f"{who_fears(pic, ep)}")


class SpiralWindow(GameWindow):
    """The spiral watch: every episode; the selected one's action–reaction chain and its
    Richardson phase plot."""

    def __init__(self, app, pic: Picture, selected: int = 0):
        scale = app.settings.ui_scale
        # Larger type needs a larger window (up to the screen), and a list wide enough for its labels.
        super().__init__(app, centered(app, int(1000 * scale), int(580 * scale)), "Spiral watch", "#spiral_window")
        self.pic = pic
        w, h = self.inner
        self.list_w = int(250 * scale)
        self.list = selection_list(app, (8, 8, self.list_w, h - 16), self._items(), container=self)
        self.list.set_tooltip(GLOSSARY["spiral_watch"])
        plot_w = min(int(380 * scale), (w - self.list_w - 40) // 2 + 40)
        self.picture_image = UIImage(pygame.Rect(self.list_w + 16, 8, plot_w, h - 16), pygame.Surface((plot_w, h - 16)),
                             app.manager, container=self)
        self.picture_image.set_tooltip(GLOSSARY["phase_plot"])
        self.chain = textbox(app, (self.list_w + 24 + plot_w, 8, w - (self.list_w + 32 + plot_w), h - 16), "",
                             container=self)
        self.selected = None
        order = self.order()
        if order:
            self.select(order[min(selected, len(order) - 1)] if selected >= 0 else order[0])
        else:
            self.chain.set_text("<b>No spirals so far.</b><br><br>" + esc(GLOSSARY["spiral_watch"]) +
                                "<br><br>A spiral episode starts after three turns in which both states build "
                                "up by at least the spiral threshold and each is more afraid of the other.")
            self._draw_empty()

    def order(self) -> list[int]:
        """Active episodes first (most severe first), then past ones (latest first)."""
        eps = list(enumerate(self.pic.episodes))
        active = sorted((k for k, e in eps if e.active), key=lambda k: -STAGES.index(self.pic.episodes[k].stage)
                        if self.pic.episodes[k].stage in STAGES else 0)
        past = sorted((k for k, e in eps if not e.active), key=lambda k: -(self.pic.episodes[k].end or 0))
        return active + past

    def _items(self):
        return [(episode_label(self.pic, self.pic.episodes[k]), f"#ep_{k}") for k in self.order()] or \
            [("No spirals so far", "#none")]

    def set_picture(self, pic: Picture) -> None:
        self.pic = pic
        self.list.set_item_list(self._items())
        if self.selected is not None and self.selected < len(pic.episodes):
            self.select(self.selected)

    def on_event(self, event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            for k in self.order():
                if episode_label(self.pic, self.pic.episodes[k]) == event.text:
                    self.select(k)
                    break

    def _draw_empty(self) -> None:
        size = self.picture_image.get_relative_rect().size
        surf = pygame.Surface(size)
        charts.phase_plot(surf, pygame.Rect(0, 0, *size), self.app.fonts, np.array([]), np.array([]), [], "A", "B",
                          (200, 200, 200), (200, 200, 200), [])
        self.picture_image.set_image(surf)

    def select(self, k: int) -> None:
        self.selected = k
        pic = self.pic
        ep = pic.episodes[k]
        rows = episode_chain(pic, ep)
        a, b = pic.index(ep.a), pic.index(ep.b)
        size = self.picture_image.get_relative_rect().size
        surf = pygame.Surface(size)
        charts.phase_plot(surf, pygame.Rect(0, 0, *size), self.app.fonts, np.array([r.arms_a for r in rows]),
                          np.array([r.arms_b for r in rows]), [r.turn for r in rows], pic.names[a], pic.names[b],
                          pic.colors[a], pic.colors[b], [r.stage for r in rows])
        self.picture_image.set_image(surf)
        self.chain.set_text(chain_html(pic, ep, rows))


def chain_html(pic: Picture, ep: EpisodeInfo, rows) -> str:
    na, nb = pic.name(ep.a), pic.name(ep.b)
    out = [f"<b>{esc(na)} and {esc(nb)}</b>: {esc(ep.stage if ep.active else 'ended')}"]
    if ep.tragic is not None:
        out.append(" — <font color='#E69F00'><b>tragic</b></font>: both were security seekers" if ep.tragic
                   else " — at least one side was greedy")
    out.append("<br><i>Who moved, how the other read it, how it answered.</i>")
    if ep.richardson:
        r = ep.richardson
        k, l_, a, b = r.get("k", 0.0), r.get("l", 0.0), r.get("a", 0.0), r.get("b", 0.0)
        if k > 0 and l_ > 0:
            verdict = ("runaway: the reactions k·l outweigh the restraints a·b" if k * l_ > a * b
                       else "stable: the restraints a·b outweigh the reactions k·l")
        else:
            verdict = "no runaway: one side's arming did not answer the other's (k or l not above 0)"
        out.append(f"<br>Richardson fit: k = {k:.3f}, l = {l_:.3f}, a = {a:.3f}, b = {b:.3f} — {verdict}.")
    if not pic.spectator:
        out.append("<br><font color='#A6B0BF'>Rivals' arms are your estimates; only your own readings are "
                   "shown.</font>")
    for r in rows:
        out.append(f"<br><br><b>Turn {r.turn}</b> · {esc(r.stage)}<br>")
        mine_a = pic.me == pic.index(ep.a)
        mine_b = pic.me == pic.index(ep.b)
        tilde_a = "" if pic.spectator or mine_a else "~"
        tilde_b = "" if pic.spectator or mine_b else "~"
        out.append(f"{esc(na)} arms {tilde_a}{r.arms_a:.1f} ({r.growth_a:+.0%}) · "
                   f"{esc(nb)} arms {tilde_b}{r.arms_b:.1f} ({r.growth_b:+.0%})")
        if r.belief_ab is not None:
            out.append(f"<br>{esc(na)} read {esc(nb)}: {100 * r.belief_ab:.0f}% likely greedy, threat {r.threat_ab:.2f}")
        if r.belief_ba is not None:
            out.append(f"<br>{esc(nb)} read {esc(na)}: {100 * r.belief_ba:.0f}% likely greedy, threat {r.threat_ba:.2f}")
        for text in r.events[:6]:
            out.append(f"<br>• {esc(text)}")
    return "".join(out)
