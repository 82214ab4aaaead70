"""Windows that open over a screen: pause menu, settings, load, help, charts, spiral watch.

Each is a pygame_gui UIWindow. Scenes pass every event to their open windows (`on_event`);
buttons call their commands directly (after the frame's event handling).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Callable

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import (
    UICheckBox,
    UIDropDownMenu,
    UIHorizontalSlider,
    UIImage,
    UISelectionList,
    UIWindow,
)
from pygame_gui.windows import UIFileDialog

from game.core.spirals import STAGES
from game.data.saves import read_save
from game.errors import SaveError
from game.ui.concepts import CONCEPTS, world_tooltip
from game.ui.palette import LINK_STYLES
from game.ui.picture import EpisodeInfo, Picture, episode_chain
from game.ui.settings import UI_SCALES, WINDOW_SIZES, Settings
from game.ui.widgets import charts
from game.ui.widgets.kit import button, centered, esc, hexc, label, oid, textbox


class GameWindow(UIWindow):
    def __init__(self, app, rect: pygame.Rect, title: str, object_id: str = "#game_window", resizable: bool = False):
        super().__init__(rect, app.manager, window_display_title=title, object_id=oid(object_id), resizable=resizable)
        self.app = app

    @property
    def inner(self) -> tuple[int, int]:
        return self.get_container().get_size()

    def on_event(self, event: pygame.event.Event) -> None:
        pass


# ---------------------------------------------------------------------------------------------
# Pause menu


class PauseWindow(GameWindow):
    """Esc in game: resume, save, load, settings, help, quit to title."""

    def __init__(self, app, scene, actions: dict[str, Callable[[], None]]):
        rows = len(actions)
        super().__init__(app, centered(app, 340, 90 + rows * 50), "Paused", "#pause_window")
        self.set_blocking(True)
        w, _ = self.inner
        y = 14
        self.buttons = {}
        for name, fn in actions.items():
            self.buttons[name] = button(app, (30, y, w - 60, 40), name, fn, container=self, object_id="#menu_button")
            y += 48
        self.status = label(app, (10, y, w - 20, 24), "", container=self, object_id="#small")

    def say(self, text: str) -> None:
        self.status.set_text(text)


# ---------------------------------------------------------------------------------------------
# Settings


class SettingsWindow(GameWindow):
    def __init__(self, app, on_done: Callable[[], None] | None = None):
        super().__init__(app, centered(app, 520, 370), "Settings", "#settings_window")
        self.set_blocking(True)
        self.on_done = on_done
        s = app.settings
        w, _ = self.inner
        y = 14
        label(app, (16, y, 170, 30), "Window size", container=self)
        sizes = [f"{a} × {b}" for a, b in WINDOW_SIZES]
        current = f"{s.width} × {s.height}"
        if current not in sizes:
            sizes.insert(0, current)
        self.size_menu = UIDropDownMenu(sizes, current, pygame.Rect(200, y, w - 216, 30), app.manager, container=self)
        y += 42
        self.fullscreen = UICheckBox(pygame.Rect(200, y + 5, 20, 20), "Fullscreen", app.manager, container=self,
                                     initial_state=s.fullscreen)
        y += 40
        label(app, (16, y, 170, 30), "Animation speed", container=self,
              tip="How fast watch mode plays turns and the map changes (1× = normal).")
        self.speed = UIHorizontalSlider(pygame.Rect(200, y, w - 290, 30), s.animation_speed, (0.25, 4.0), app.manager,
                                        container=self, click_increment=0.25)
        self.speed_label = label(app, (w - 84, y, 70, 30), f"{s.animation_speed:.2f}×", container=self)
        y += 42
        label(app, (16, y, 170, 30), "UI scale / font size", container=self)
        scales = [f"{int(round(100 * v))} %" for v in UI_SCALES]
        cur = f"{int(round(100 * s.ui_scale))} %"
        if cur not in scales:
            scales.insert(0, cur)
        self.scale_menu = UIDropDownMenu(scales, cur, pygame.Rect(200, y, w - 216, 30), app.manager, container=self)
        y += 44
        textbox(app, (16, y, w - 32, 96),
                "<b>Colour-blind-safe palette: always on.</b> Colours come from the Okabe–Ito set, and every "
                "meaning carried by colour also has a pattern or shape (link patterns, marker shapes, initials "
                "on the map).", container=self)
        y += 108
        self.apply_button = button(app, (w - 250, y, 110, 36), "Apply", self.apply, container=self, object_id="#primary")
        button(app, (w - 130, y, 110, 36), "Close", self.close, container=self)

    def on_event(self, event) -> None:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.speed:
            self.speed_label.set_text(f"{self.speed.get_current_value():.2f}×")

    def chosen(self) -> Settings:
        s = self.app.settings
        text = self.size_menu.selected_option
        text = text[0] if isinstance(text, tuple) else text
        wdt, hgt = (int(x) for x in text.replace("×", "x").split("x"))
        scale_text = self.scale_menu.selected_option
        scale_text = scale_text[0] if isinstance(scale_text, tuple) else scale_text
        scale = int(scale_text.split()[0]) / 100
        return Settings(width=wdt, height=hgt, fullscreen=bool(self.fullscreen.is_checked),
                        animation_speed=round(float(self.speed.get_current_value()) * 4) / 4, ui_scale=scale,
                        hints_seen=list(s.hints_seen), show_legend=s.show_legend)

    def apply(self) -> None:
        new = self.chosen()
        self.kill()
        self.app.apply_settings(new)
        if self.on_done:
            self.on_done()

    def close(self) -> None:
        self.kill()
        if self.on_done:
            self.on_done()


# ---------------------------------------------------------------------------------------------
# Load


def describe_save(path: Path) -> str:
    when = _dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d %b %H:%M")
    kind = "autosave" if path.name.startswith("autosave-") else "save"
    stem = path.stem.replace("autosave-", "")
    parts = stem.split("-")
    turn = next((p[1:] for p in reversed(parts) if p.startswith("t") and p[1:].isdigit()), "")
    scen = parts[0] if parts else stem
    return f"{when} · {scen} · turn {int(turn) if turn else '?'} · {kind}"


class LoadWindow(GameWindow):
    """Recent saves and autosaves, or any file through the file picker."""

    def __init__(self, app, saves_dir: Path, on_pick: Callable[[Path], str | None]):
        super().__init__(app, centered(app, 620, 460), "Load game", "#load_window")
        self.set_blocking(True)
        self.saves_dir = saves_dir
        self.on_pick = on_pick
        from game.ui.session import list_saves

        self.paths = list_saves(saves_dir)[:40]
        w, h = self.inner
        items = [(describe_save(p), f"#save_{k}") for k, p in enumerate(self.paths)] or [("No saved games yet", "#none")]
        self.list = UISelectionList(pygame.Rect(12, 12, w - 24, h - 112), items, app.manager, container=self)
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


def check_save(path: Path) -> str | None:
    """None when the file reads as a save; otherwise the reason (for the status line)."""
    try:
        read_save(path)
    except SaveError as err:
        return str(err)
    return None


# ---------------------------------------------------------------------------------------------
# Help


SHORTCUTS = (
    ("Enter / Space", "end your turn (or continue)"),
    ("Esc", "pause menu: save, load, settings, quit"),
    ("C", "charts: arms, threat, beliefs"),
    ("I / O", "intelligence / orders panel"),
    ("S", "spiral watch window"),
    ("Tab", "next rival as target"),
    ("L", "show or hide the map legend"),
    ("F1", "this help"),
    ("P / Right arrow (watch mode)", "pause / play one turn"),
)


class HelpWindow(GameWindow):
    def __init__(self, app, pic: Picture | None = None):
        super().__init__(app, centered(app, 720, 560), "Help — how to read the screen", "#help_window")
        w, h = self.inner
        parts = ["<b>Keyboard</b><br>"]
        parts += [f"<b>{esc(k)}</b> — {esc(v)}<br>" for k, v in SHORTCUTS]
        if pic is not None:
            parts.append("<br><b>This world</b><br>" + world_tooltip(pic.omega, pic.distinguishability) + "<br>")
        parts.append("<br><b>The map</b><br>Circles are states, sized by output; your state has a white ring. "
                     "Links show pacts and the spiral watch: ")
        for key in ("alliance", "guarantee", "arms_control", "emerging", "spiral", "runaway", "crisis", "war"):
            st = LINK_STYLES[key]
            parts.append(f"<font color='{hexc(st.color)}'><b>{esc(st.label)}</b></font> ({st.pattern}); ")
        parts.append("arrows show the threat you perceive (wider = more).<br><br><b>Concepts</b><br>")
        for key in ("security_dilemma", "jervis", "omega", "distinguishability", "belief", "threat", "spiral_watch",
                    "stage_emerging", "stage_spiral", "stage_runaway", "stage_crisis", "rung", "pledge",
                    "unilateral_cut", "transparency", "arms_control_offer", "threat_order", "mobilise", "reputation",
                    "tragic", "counterfactual"):
            parts.append(f"• {esc(CONCEPTS[key])}<br>")
        self.box = textbox(app, (8, 8, w - 16, h - 16), "".join(parts), container=self)


# ---------------------------------------------------------------------------------------------
# Charts


class ChartsWindow(GameWindow):
    """Arms per state over time, threat or tension per dyad, beliefs — drawn with pygame.draw."""

    def __init__(self, app, pic: Picture):
        super().__init__(app, centered(app, 900, 560), "Charts", "#charts_window")
        self.pic = pic
        w, h = self.inner
        self.tabs = ["Arms", "Threat", "Crises", "Beliefs", "Output"] if not pic.spectator else \
            ["Arms", "Tension", "Crises", "Beliefs", "Output"]
        self.current = "Arms"
        self.tab_buttons = {}
        tips = {"Arms": "Forces per state, turn by turn: " + ("your estimates of rivals (dashed) and your own."
                                                             if not pic.spectator else "the true forces."),
                "Threat": CONCEPTS["threat"], "Tension": "Tension per dyad: mutual threat and the crisis rung, 0–1.",
                "Crises": "The escalation rung of every pair of states over time (public). " + CONCEPTS["rung"],
                "Beliefs": CONCEPTS["belief"], "Output": CONCEPTS["output"]}
        x = 8
        for name in self.tabs:
            self.tab_buttons[name] = button(app, (x, 6, 110, 32), name, lambda n=name: self.show(n), container=self,
                                            object_id="#tab", tip=tips[name])
            x += 114
        self.whose = None
        if pic.spectator:
            names = list(pic.names)
            self.whose = UIDropDownMenu(names, names[0], pygame.Rect(w - 220, 6, 210, 32), app.manager, container=self)
            self.whose.set_tooltip("Whose beliefs to chart: each state reads the others through its own mind-set.")
        self.picture_image = UIImage(pygame.Rect(6, 44, w - 12, h - 50), pygame.Surface((w - 12, h - 50)), app.manager,
                             container=self)
        self.show("Arms")

    def set_picture(self, pic: Picture) -> None:
        self.pic = pic
        self.show(self.current)

    def on_event(self, event) -> None:
        if self.whose is not None and event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.whose:
            self.show(self.current)

    def show(self, name: str) -> None:
        self.current = name
        for n, b in self.tab_buttons.items():
            (b.select if n == name else b.unselect)()
        size = self.picture_image.get_relative_rect().size
        surf = pygame.Surface(size)
        render_chart(surf, pygame.Rect(0, 0, *size), self.app.fonts, self.pic, name, self._whose())
        self.picture_image.set_image(surf)

    def _whose(self) -> int:
        if self.pic.me is not None:
            return self.pic.me
        if self.whose is None:
            return 0
        text = self.whose.selected_option
        text = text[0] if isinstance(text, tuple) else text
        return self.pic.names.index(text) if text in self.pic.names else 0


def render_chart(surf: pygame.Surface, rect: pygame.Rect, fonts, pic: Picture, name: str, whose: int = 0) -> None:
    h = pic.history
    alive_t = h.alive
    lines: list[charts.Line] = []
    me = pic.me
    if name == "Arms":
        for k in range(pic.n):
            vals = np.where(alive_t[:, k], h.arms[:, k], np.nan)
            est = not pic.spectator and k != me
            band = vals * pic.forces_err[k] if est else None
            label_ = pic.names[k] + (" (you)" if k == me else (" (estimate)" if est else ""))
            lines.append(charts.Line(label_, pic.colors[k], vals, dashed=est, band=band))
        note = "dashed: your intelligence estimates, band ±1 s.e." if not pic.spectator else "true forces"
        charts.line_chart(surf, rect, fonts, "Arms per state", h.turns, lines, "forces", note=note)
    elif name == "Threat":
        for k in pic.rivals() or [k for k in range(pic.n) if k != me]:
            lines.append(charts.Line(pic.names[k], pic.colors[k], h.threat[:, me, k]))
        charts.line_chart(surf, rect, fonts, "Threat you perceive from each rival", h.turns, lines, "threat",
                          note="power × proximity × offence × P(greedy)")
    elif name == "Tension":
        T = h.tension
        pairs = [(float(T[:, i, j].max()), i, j) for i in range(pic.n) for j in range(i + 1, pic.n)]
        pairs.sort(reverse=True)
        for _, i, j in pairs[:8]:
            from game.ui.palette import mix

            lines.append(charts.Line(f"{pic.names[i]}–{pic.names[j]}", mix(pic.colors[i], pic.colors[j], 0.5),
                                     T[:, i, j], dashed=(i + j) % 2 == 1))
        charts.line_chart(surf, rect, fonts, "Tension per dyad (the most tense eight)", h.turns, lines, "tension",
                          y_max=1.0, note="mutual threat and the crisis rung, 0–1")
    elif name == "Crises":
        R = h.rung.astype(float)
        from game.ui.palette import mix

        pairs = [(float(R[:, i, j].max()), float(R[:, i, j].mean()), i, j)
                 for i in range(pic.n) for j in range(i + 1, pic.n)]
        pairs = [p for p in sorted(pairs, reverse=True) if p[0] >= 1][:8]
        for _, _, i, j in pairs:
            lines.append(charts.Line(f"{pic.names[i]}–{pic.names[j]}", mix(pic.colors[i], pic.colors[j], 0.5),
                                     R[:, i, j], dashed=(i + j) % 2 == 1))
        charts.line_chart(surf, rect, fonts, "Escalation ladder per dyad", h.turns, lines, "rung", y_max=7.0,
                          note="0 cooperation · 1 rivalry · 2 threat · 3 mobilisation · 4 clash · 5 war")
    elif name == "Beliefs":
        who = whose
        for k in range(pic.n):
            if k == who:
                continue
            vals = np.where(alive_t[:, k], h.belief[:, who, k], np.nan)
            lines.append(charts.Line(pic.names[k], pic.colors[k], vals))
        title = ("Your advisor: probability each rival is greedy" if not pic.spectator
                 else f"{pic.names[who]}'s belief that each state is greedy")
        charts.line_chart(surf, rect, fonts, title, h.turns, lines, "P(greedy)", percent=True, y_max=1.0,
                          note="the truth stays hidden until the debrief" if not pic.spectator else "")
    else:
        for k in range(pic.n):
            lines.append(charts.Line(pic.names[k], pic.colors[k], np.where(alive_t[:, k], h.output[:, k], np.nan)))
        charts.line_chart(surf, rect, fonts, "Economic output", h.turns, lines, "output")


# ---------------------------------------------------------------------------------------------
# Spiral watch


def episode_label(pic: Picture, ep: EpisodeInfo) -> str:
    span = f"t{ep.start}–" + (f"t{ep.end}" if ep.end is not None else "now")
    tragic = " · tragic" if ep.tragic else ""
    return f"{pic.name(ep.a)}–{pic.name(ep.b)} · {ep.stage if ep.active else 'ended'} · {span}{tragic}"


class SpiralWindow(GameWindow):
    """The spiral watch: every episode; the selected one's action–reaction chain and its
    Richardson phase plot."""

    def __init__(self, app, pic: Picture, selected: int = 0):
        super().__init__(app, centered(app, 1000, 580), "Spiral watch", "#spiral_window")
        self.pic = pic
        w, h = self.inner
        self.list_w = 250
        self.list = UISelectionList(pygame.Rect(8, 8, self.list_w, h - 16), self._items(), app.manager, container=self)
        self.list.set_tooltip(CONCEPTS["spiral_watch"])
        plot_w = min(380, (w - self.list_w - 40) // 2 + 40)
        self.picture_image = UIImage(pygame.Rect(self.list_w + 16, 8, plot_w, h - 16), pygame.Surface((plot_w, h - 16)),
                             app.manager, container=self)
        self.picture_image.set_tooltip(CONCEPTS["phase_plot"])
        self.chain = textbox(app, (self.list_w + 24 + plot_w, 8, w - (self.list_w + 32 + plot_w), h - 16), "",
                             container=self)
        self.selected = None
        order = self.order()
        if order:
            self.select(order[min(selected, len(order) - 1)] if selected >= 0 else order[0])
        else:
            self.chain.set_text("<b>No spirals so far.</b><br><br>" + esc(CONCEPTS["spiral_watch"]) +
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
