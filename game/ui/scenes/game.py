"""The game screen: map, orders or intelligence, spiral watch, dispatches, Jervis's world.

One scene serves a player (viewer = a state id: everything comes from that player's picture)
and spectators (viewer = None: watch mode, all AI, everything visible, with play / pause / step
and a speed control).
"""
from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIHorizontalSlider, UISelectionList
from pygame_gui.windows import UIConfirmationDialog

from game.core.commands import Attack
from game.core.spirals import STAGES
from game.errors import IllegalOrder
from game.ui.app import Scene
from game.ui.concepts import CONCEPTS, world_name, world_tooltip
from game.ui.palette import ACCENT, PANEL_BG, PANEL_EDGE, TEXT, UI_BG
from game.ui.picture import Picture, for_player, for_spectator
from game.ui.widgets import intel
from game.ui.widgets.kit import button, centered, esc, fit, hexc, label, textbox
from game.ui.widgets.map_view import MapView
from game.ui.widgets.orders_panel import OrdersPanel
from game.ui.windows import (
    ChartsWindow,
    HelpWindow,
    LoadWindow,
    PauseWindow,
    SettingsWindow,
    SpiralWindow,
    episode_label,
)

EVENT_COLORS = {
    "war": "#FF7A59", "crisis": "#E08CC0", "spiral": "#F0B840", "alliance": "#7CC8F2", "reassure": "#4FD1A5",
}


def event_color(kind: str) -> str | None:
    if kind.startswith(("war", "conquered", "border_clash", "nuclear")):
        return EVENT_COLORS["war"]
    if kind.startswith(("crisis", "threat", "mobilised")):
        return EVENT_COLORS["crisis"]
    if kind.startswith("spiral"):
        return EVENT_COLORS["spiral"]
    if kind.startswith(("pact", "guarantee", "ally", "call")):
        return EVENT_COLORS["alliance"]
    if kind.startswith(("pledge", "unilateral", "transparency", "arms_control", "peace")):
        return EVENT_COLORS["reassure"]
    return None


def event_line(e) -> str:
    col = event_color(e.kind)
    text = esc(e.text)
    if col:
        text = f"<font color='{col}'>{text}</font>"
    if e.concept:
        text += f" <font color='#8A94A6'><i>[{esc(e.concept)}]</i></font>"
    return text


class GameScene(Scene):
    name = "game"

    def __init__(self, app, flow, session, viewer: str | None, speed: float = 2.0, screenshot: Path | None = None):
        super().__init__(app)
        self.flow = flow
        self.session = session
        self.viewer = viewer
        self.spectator = viewer is None
        self.map = MapView(app.fonts)
        self.map.show_legend = app.settings.show_legend
        self.pic: Picture = self.make_picture()
        self.tab = "world" if self.spectator else "orders"
        own = self.pic.own
        self.orders_state = {"s": float(own.s) if own else 0.05, "mu": float(own.mu) if own else 0.5, "draft": [],
                             "target": None, "move": None}
        self.hover: int | None = None
        self.card_tips: list = []
        self.state_tips: list = []
        self.panel: OrdersPanel | None = None
        self.confirm = None
        self.confirm_target = None
        self.charts_window = None
        self.spiral_window = None
        self.help_window = None
        self.pause_window = None
        self.hints = list(session.scenario.scenario.hints) if (not self.spectator and session.scenario.id
                                                               not in app.settings.hints_seen) else []
        # the guided first game: one tip a turn (or sooner with "Next tip"), remembered across turns
        turn = session.engine.turn
        self.hint_index = max(getattr(flow, "hint_index", 0), min(turn, max(len(self.hints) - 1, 0)))
        if self.hints and turn > len(self.hints):
            self.hints = []
            self._mark_hints_seen()
        # watch mode
        self.playing = self.spectator
        self.speed = float(speed)
        self.acc = 0.0
        self.screenshot = screenshot

    # --- data ------------------------------------------------------------------------------
    def make_picture(self) -> Picture:
        eng = self.session.engine
        return for_spectator(eng) if self.spectator else for_player(eng, self.viewer)

    # --- layout ----------------------------------------------------------------------------
    def layout(self) -> None:
        W, H = self.app.size
        u = self.app.settings.ui_scale
        top = int(48 * u)
        right_w = int(min(max(400 * u, 340), W * 0.42))
        bottom_h = int(min(max(178 * u, 140), H * 0.32))
        self.r_top = pygame.Rect(0, 0, W, top)
        self.r_map = pygame.Rect(0, top, W - right_w, H - top - bottom_h)
        self.r_bottom = pygame.Rect(0, H - bottom_h, W - right_w, bottom_h)
        self.r_right = pygame.Rect(W - right_w, top, right_w, H - top)
        tabs_h = int(38 * u)
        end_h = int(60 * u)
        r = self.r_right
        self.r_tabs = pygame.Rect(r.left, r.top, r.width, tabs_h)
        self.r_panel = pygame.Rect(r.left, r.top + tabs_h, r.width, r.height - tabs_h - end_h)
        self.r_end = pygame.Rect(r.left, r.bottom - end_h, r.width, end_h)
        rivals = max(1, len(self.pic.rivals())) if self.pic.me is not None else 1
        statements_h = int(self.r_panel.height * (0.34 if rivals <= 3 else 0.22))
        self.r_cards = pygame.Rect(self.r_panel.left, self.r_panel.top, self.r_panel.width,
                                   self.r_panel.height - statements_h)
        self.r_statements = pygame.Rect(self.r_panel.left + 4, self.r_cards.bottom + 26, self.r_panel.width - 8,
                                        statements_h - 30)
        self.map.set_rect(self.r_map)
        self.map.set_picture(self.pic)

    def build(self) -> None:
        self.layout()
        app, pic = self.app, self.pic
        root = self.root
        u = app.settings.ui_scale
        # top bar: title, turn, own status, Jervis's world, menus
        th = self.r_top.height
        W = self.r_top.width
        bw = int(84 * u)
        bx = W - 4 * (bw + 4) - 8
        x = 12
        self.title_label = label(app, (x, 4, int(210 * u), th - 8), fit(app.fonts.get(16, bold=True), pic.title,
                                                                       int(206 * u)), container=root, object_id="#heading")
        self.title_label.set_tooltip(esc(pic.title))
        x += int(214 * u)
        self.turn_label = label(app, (x, 4, int(112 * u), th - 8), "", container=root)
        self.turn_label.set_tooltip("Turns played and the game's length. The game ends at the last turn or when one "
                                    "state is left.")
        x += int(116 * u)
        wb_w = min(int(430 * u), max(160, int((bx - x) * 0.65)))
        status_w = bx - x - wb_w - 12
        self.status_label = label(app, (x, 4, status_w, th - 8), "", container=root, object_id="#small")
        self.world_badge = button(app, (bx - wb_w - 8, 7, wb_w, th - 14), "", self.open_help, container=root,
                                  object_id="#world_badge")
        x = bx
        for text, fn, tip in (("Charts", self.toggle_charts, "Arms, threat and beliefs over time (C)."),
                              ("Spirals", self.toggle_spirals, CONCEPTS["spiral_watch"] + " (S)"),
                              ("Help", self.open_help, "How to read the screen; shortcuts (F1)."),
                              ("Menu", self.open_pause, "Save, load, settings, quit (Esc).")):
            button(app, (x, 7, bw, th - 14), text, fn, container=root, tip=tip)
            x += bw + 4
        # right column tabs
        r = self.r_tabs
        names = (("world", "World"), ("reasoning", "AI reasoning")) if self.spectator else \
            (("orders", "Orders"), ("intel", "Intelligence"))
        half = r.width // 2
        self.tab_buttons = {}
        for k, (key, text) in enumerate(names):
            tip = {"orders": "Your orders for this turn (O).", "intel": "What your intelligence sees of each rival (I).",
                   "world": "The truth about every state (spectators only).",
                   "reasoning": "Why each AI did what it did last turn."}[key]
            self.tab_buttons[key] = button(app, (r.left + k * half, r.top, half, r.height), text,
                                           (lambda key=key: self.set_tab(key)), container=root, object_id="#tab", tip=tip)
        # statements (intel tab) / reasoning (spectator)
        if self.spectator:
            self.statements_box = textbox(app, self.r_panel.inflate(-8, -8), "", container=root)
        else:
            self.statements_title = label(app, (self.r_statements.left, self.r_statements.top - 24,
                                                self.r_statements.width, 22), "What they said to you", container=root,
                                          object_id="#group", tip="Rivals' public statements about you after last "
                                                                  "turn: the reasons they give for what they did.")
            self.statements_box = textbox(app, self.r_statements, "", container=root)
        # orders panel
        if not self.spectator:
            self.build_orders()
        # end turn / watch controls
        e = self.r_end
        if self.spectator:
            bw = int(78 * u)
            self.play_button = button(app, (e.left + 8, e.top + 10, bw, e.height - 20), "Pause", self.toggle_play,
                                      container=root, tip="Pause or play (P or Space).")
            self.step_button = button(app, (e.left + 12 + bw, e.top + 10, bw, e.height - 20), "Step", self.step_once,
                                      container=root, tip="Play one turn (Right arrow).")
            sx = e.left + 20 + 2 * bw
            self.speed_slider = UIHorizontalSlider(pygame.Rect(sx, e.top + 16, e.right - sx - 70, 26),
                                                   min(max(self.speed, 0.5), 10.0), (0.5, 10.0), app.manager,
                                                   container=root, click_increment=0.5)
            self.speed_slider.set_tooltip("Speed: turns per second.")
            self.speed_label = label(app, (e.right - 66, e.top + 14, 62, 30), "", container=root)
            self.debrief_button = button(app, (e.left + 8, e.top + 10, e.width - 16, e.height - 20),
                                         "Game over — open the debrief", self.open_debrief, container=root,
                                         object_id="#primary")
            self.debrief_button.hide()
        else:
            self.end_button = button(app, (e.left + 10, e.top + 8, e.width - 20, e.height - 16), "End turn  (Enter)",
                                     self.end_turn, container=root, object_id="#primary",
                                     tip="Give your orders. They stay secret until every state has ordered.")
        # bottom: spiral watch and dispatches
        b = self.r_bottom
        lw = int(b.width * 0.42)
        label(app, (b.left + 8, b.top + 4, lw - 16, 24), "Spiral watch", container=root, object_id="#group",
              tip=CONCEPTS["spiral_watch"])
        self.spiral_list = UISelectionList(pygame.Rect(b.left + 8, b.top + 28, lw - 12, b.height - 34), [],
                                           app.manager, container=root)
        self.spiral_list.set_tooltip(CONCEPTS["spiral_watch"])
        label(app, (b.left + lw + 4, b.top + 4, b.width - lw - 12, 24), "Dispatches", container=root,
              object_id="#group", tip="What happened in the last turns, as far as you can know it.")
        self.dispatches = textbox(app, (b.left + lw + 4, b.top + 28, b.width - lw - 12, b.height - 34), "",
                                  container=root)
        # guided first game
        self.hint_box = None
        if self.hints and self.hint_index < len(self.hints):
            self.build_hint()
        self.refresh_widgets()
        self.set_tab(self.tab)

    def build_orders(self) -> None:
        keep = 0.0
        if self.panel is not None:
            keep = self.panel.scroll_fraction()
            self.panel.kill()
        self.panel = OrdersPanel(self.app, self.r_panel, self.pic, self.orders_state, self.ask_attack, self.root)
        self.panel.set_scroll_fraction(keep)
        if self.tab != "orders":
            self.panel.hide()
        self.map.selected = self.orders_state.get("target")

    def build_hint(self) -> None:
        app = self.app
        u = app.settings.ui_scale
        w = min(int(560 * u), self.r_map.width - 40)
        rect = pygame.Rect(self.r_map.centerx - w // 2, self.r_map.top + 10, w, int(84 * u))
        text = (f"<b>Tip {self.hint_index + 1} of {len(self.hints)}</b> — {esc(self.hints[self.hint_index])}")
        self.hint_box = textbox(app, rect, text, container=self.root, object_id="#hint")
        bw = int(90 * u)
        self.hint_next = button(app, (rect.right - 2 * bw - 8, rect.bottom + 2, bw, 28),
                                "Next tip" if self.hint_index + 1 < len(self.hints) else "Done", self.next_hint,
                                container=self.root)
        self.hint_close = button(app, (rect.right - bw, rect.bottom + 2, bw, 28), "Hide tips", self.close_hints,
                                 container=self.root)

    def kill_hint(self) -> None:
        for e in (self.hint_box, getattr(self, "hint_next", None), getattr(self, "hint_close", None)):
            if e is not None:
                e.kill()
        self.hint_box = None

    def next_hint(self) -> None:
        self.hint_index += 1
        if self.flow is not None:
            self.flow.hint_index = self.hint_index
        self.kill_hint()
        if self.hint_index < len(self.hints):
            self.build_hint()
        else:
            self.close_hints()

    def close_hints(self) -> None:
        self.kill_hint()
        self.hint_index = len(self.hints)
        self._mark_hints_seen()

    def _mark_hints_seen(self) -> None:
        sid = self.session.scenario.id
        if sid not in self.app.settings.hints_seen:
            self.app.settings.hints_seen.append(sid)
            self.app.save_settings()

    # --- refreshing ------------------------------------------------------------------------
    def refresh_widgets(self) -> None:
        """Texts that depend on the picture; called when the picture changes, not per frame."""
        pic = self.pic
        self.turn_label.set_text(f"Turn {pic.turn} of {pic.max_turns}")
        numbers = f"Ω {pic.omega:.2f}  d {pic.distinguishability:.2f}"
        font = self.app.fonts.get(13, bold=True)
        room = self.world_badge.rect.width - 16
        text = f"{world_name(pic.omega, pic.distinguishability)}  {numbers}"
        if font.size(text)[0] > room:
            text = f"{world_name(pic.omega, pic.distinguishability, short=True)}  {numbers}"
        if font.size(text)[0] > room:
            text = numbers
        self.world_badge.set_text(text)
        self.world_badge.set_tooltip(world_tooltip(pic.omega, pic.distinguishability),
                                     wrap_width=int(360 * self.app.settings.ui_scale))
        if self.spectator:
            alive = int(pic.alive.sum())
            self.status_label.set_text(f"{alive} states · {sum(1 for e in pic.episodes if e.active)} spirals")
        else:
            own = pic.own
            self.status_label.set_text(f"output {own.Y:.0f} · forces {own.M:.0f}")
            self.status_label.set_tooltip(f"Your state. Reputation {100 * pic.reputation[pic.me]:.0f} %: "
                                          + CONCEPTS["reputation"])
        self.dispatches.set_text(self.dispatch_html())
        self.spiral_list.set_item_list(self.spiral_items())
        self.statements_box.set_text(self.statements_html())
        self.state_tips = []
        for k in range(pic.n):
            x, y = self.map.positions[k]
            r = self.map.radii[k] + 4
            self.state_tips.append((pygame.Rect(int(x - r), int(y - r), int(2 * r), int(2 * r)), self.map.hover_html(k)))
        if self.spectator:
            self.update_watch_controls()

    def dispatch_html(self) -> str:
        pic = self.pic
        out = []
        first = max(1, pic.turn - 4)
        for t in range(pic.turn, first - 1, -1):
            events = [e for e in pic.events_of_turn(t) if (e.kind != "war_turn" or t == pic.turn)
                      and not (self.spectator and e.kind == "intelligence")]
            if not events:
                continue
            out.append(f"<b>Turn {t}</b>")
            for e in events[:14]:
                out.append("• " + event_line(e))
        if not out:
            out.append("<i>Nothing has happened yet. Give your orders and end the turn.</i>" if not self.spectator
                       else "<i>The first turn is about to be played.</i>")
        return "<br>".join(out)

    def statements_html(self) -> str:
        pic = self.pic
        statements = pic.statements_of_turn(pic.turn)
        if self.spectator:
            if not statements:
                return "<i>No AI reasoning recorded for the last turn yet.</i><br><br>" + esc(CONCEPTS["security_dilemma"])
            out = [f"<b>Turn {pic.turn}: why each state did what it did</b>"]
            for s in statements:
                col = hexc(pic.colors[pic.index(s.speaker)])
                out.append(f"<font color='{col}'><b>{esc(pic.name(s.speaker))}</b></font>: {esc(s.text)}")
            return "<br>".join(out)
        if not statements:
            return "<i>No statements about you last turn.</i>"
        out = []
        for s in statements:
            col = hexc(pic.colors[pic.index(s.speaker)])
            out.append(f"<font color='{col}'><b>{esc(pic.name(s.speaker))}</b></font>: “{esc(s.text)}”")
        return "<br>".join(out)

    def spiral_items(self):
        pic = self.pic
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
        return items or [("Calm: no spirals so far", "#none")]

    def picture_changed(self) -> None:
        self.pic = self.make_picture()
        self.map.set_picture(self.pic)
        self.refresh_widgets()
        for win in (self.charts_window, self.spiral_window):
            if win is not None and win.alive():
                win.set_picture(self.pic)
        self.dirty = True

    # --- tabs, windows ---------------------------------------------------------------------
    def set_tab(self, key: str) -> None:
        if key not in self.tab_buttons:
            return
        self.tab = key
        for k, b in self.tab_buttons.items():
            (b.select if k == key else b.unselect)()
        if self.spectator:
            (self.statements_box.show if key == "reasoning" else self.statements_box.hide)()
        else:
            if self.panel is not None:
                (self.panel.show if key == "orders" else self.panel.hide)()
            for e in (self.statements_box, self.statements_title):
                (e.show if key == "intel" else e.hide)()
        self.dirty = True

    def toggle_legend(self) -> None:
        self.map.show_legend = not self.map.show_legend
        self.app.settings.show_legend = self.map.show_legend
        self.dirty = True

    def toggle_charts(self) -> None:
        if self.charts_window is not None and self.charts_window.alive():
            self.charts_window.kill()
            self.charts_window = None
        else:
            self.charts_window = self.track(ChartsWindow(self.app, self.pic))

    def toggle_spirals(self, selected: int = -1) -> None:
        if self.spiral_window is not None and self.spiral_window.alive():
            if selected >= 0:
                self.spiral_window.select(selected)
                return
            self.spiral_window.kill()
            self.spiral_window = None
        else:
            self.spiral_window = self.track(SpiralWindow(self.app, self.pic, selected))
            if selected >= 0:
                self.spiral_window.select(selected)

    def open_help(self) -> None:
        if self.help_window is not None and self.help_window.alive():
            self.help_window.kill()
            self.help_window = None
        else:
            self.help_window = self.track(HelpWindow(self.app, self.pic))

    def open_pause(self) -> None:
        if self.pause_window is not None and self.pause_window.alive():
            self.pause_window.kill()
            self.pause_window = None
            return
        actions = {"Resume": self.close_pause, "Save game": self.save_game, "Load game": self.open_load,
                   "Settings": self.open_settings, "Help": self.open_help, "Quit to title": self.quit_to_title,
                   "Quit game": self.app.quit}
        if self.spectator and self.flow is None:
            actions.pop("Load game")
        self.pause_window = self.track(PauseWindow(self.app, self, actions))
        if self.spectator:
            self.playing = False
            self.update_watch_controls()

    def close_pause(self) -> None:
        if self.pause_window is not None:
            self.pause_window.kill()
            self.pause_window = None

    def save_game(self) -> None:
        folder = self.app.paths.saves_dir
        eng = self.session.engine
        import time

        path = folder / f"{self.session.scenario.id}-{time.strftime('%Y%m%d-%H%M%S')}-t{eng.turn:03d}.json"
        try:
            self.session.save_to(path)
        except OSError as err:
            msg = f"Could not save: {err}"
        else:
            msg = f"Saved: {path.name}"
            if eng.pending() != eng.alive_ids() and not self.spectator:
                msg += " (orders of this turn are not saved)"
        if self.pause_window is not None and self.pause_window.alive():
            self.pause_window.say(msg)

    def open_load(self) -> None:
        self.close_pause()
        self.track(LoadWindow(self.app, self.app.paths.saves_dir, self.load_path))

    def load_path(self, path: Path) -> str | None:
        from game.ui.flow import Flow
        from game.ui.session import open_save

        session = open_save(path, self.app.paths.saves_dir)
        if isinstance(session, str):
            return session
        flow = self.flow if self.flow is not None else Flow(self.app, session)
        self.app.later(lambda: flow.replace_session(session))
        return None

    def open_settings(self) -> None:
        self.close_pause()
        self.track(SettingsWindow(self.app))

    def quit_to_title(self) -> None:
        from game.ui.scenes.title import TitleScene

        self.app.switch(TitleScene(self.app))

    def open_debrief(self) -> None:
        from game.ui.scenes.debrief import DebriefScene

        self.app.switch(DebriefScene(self.app, self.flow, session=self.session))

    # --- orders ----------------------------------------------------------------------------
    def ask_attack(self, target: str) -> None:
        pic = self.pic
        k = pic.index(target)
        own = pic.own
        allies = [pic.names[j] for j in range(pic.n) if pic.pact[k, j] or pic.guarantee[j, k]]
        text = (f"<b>Go to war with {esc(pic.names[k])}?</b><br><br>Your offensive forces: {own.O:.1f}. "
                f"Their forces as you estimate them: ~{pic.forces[k]:.0f} (±{100 * pic.forces_err[k]:.0f} %). "
                f"Offense–defense balance Ω {pic.omega:.2f}.")
        if allies:
            text += f"<br>Their allies may be called in: {esc(', '.join(allies))}."
        text += "<br><br>Every observer will read an attack as strong evidence that you are greedy."
        self.confirm_target = target
        self.confirm = self.track(UIConfirmationDialog(centered(self.app, 460, 300), text, self.app.manager,
                                                       window_title="Declare war", action_short_name="Attack"))

    def end_turn(self) -> None:
        if self.spectator or self.panel is None:
            return
        orders = self.panel.orders()
        if self.pic.dilemma and not orders:
            self.panel.say("Choose restrain or arm first.", bad=True)
            return
        try:
            self.flow.orders_given(self.viewer, orders)
        except IllegalOrder as err:
            self.panel.say(f"Not allowed: {err}", bad=True)

    def select_state(self, k: int) -> None:
        if self.spectator:
            self.map.selected = k
            self.dirty = True
            return
        if self.panel is not None and self.panel.set_target(k):
            self.map.selected = k
            self.build_orders()
            self.set_tab("orders")
            self.dirty = True

    def next_target(self) -> None:
        rivals = self.pic.rivals()
        if not rivals or self.spectator:
            return
        cur = self.orders_state.get("target")
        k = rivals[(rivals.index(cur) + 1) % len(rivals)] if cur in rivals else rivals[0]
        self.select_state(k)

    # --- watch mode ------------------------------------------------------------------------
    def toggle_play(self) -> None:
        self.playing = not self.playing
        self.update_watch_controls()

    def step_once(self) -> None:
        self.playing = False
        self.play_turn()
        self.update_watch_controls()

    def play_turn(self) -> None:
        eng = self.session.engine
        if eng.finished:
            return
        self.session.play_ai_turn()
        self.picture_changed()

    def update_watch_controls(self) -> None:
        if not self.spectator or not hasattr(self, "play_button"):
            return
        finished = self.session.engine.finished
        self.play_button.set_text("Play" if not self.playing else "Pause")
        self.speed_label.set_text(f"{self.speed:.1f}/s")
        for e in (self.play_button, self.step_button, self.speed_slider, self.speed_label):
            (e.hide if finished else e.show)()
        (self.debrief_button.show if finished and self.screenshot is None else self.debrief_button.hide)()

    def wants_frames(self) -> bool:
        return self.spectator and self.playing and not self.session.engine.finished

    def update(self, dt: float) -> None:
        if not self.spectator:
            return
        eng = self.session.engine
        if self.screenshot is not None:
            if not eng.finished:
                self.play_turn()
            else:
                self.app.screenshot(self.screenshot)
                self.app.quit(0)
            return
        if self.playing and not eng.finished:
            self.acc += dt * self.speed * self.app.settings.animation_speed
            if self.acc >= 1.0:
                self.acc = 0.0
                self.play_turn()
                if eng.finished:
                    self.playing = False
                    self.update_watch_controls()

    # --- events ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        for win in list(self.windows):
            if hasattr(win, "on_event") and win.alive():
                win.on_event(event)
        if self.panel is not None and self.panel.on_event(event):
            self.select_state(self.orders_state["target"])
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED and event.ui_element is self.confirm:
            if self.panel is not None and self.confirm_target:
                self.panel.add(Attack(target=self.confirm_target))
            self.confirm = None
        elif event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.spiral_list:
            oid_ = self.spiral_list.get_single_selection(include_object_id=True)
            key = oid_[1] if isinstance(oid_, tuple) else ""
            if key.startswith("#ep_"):
                self.app.later(lambda k=int(key[4:]): self.toggle_spirals(k))
            elif key.startswith("#em_") or key == "#none":
                self.app.later(lambda: self.toggle_spirals(-1) if self.spiral_window is None else None)
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is getattr(self, "speed_slider", None):
            self.speed = float(self.speed_slider.get_current_value())
            self.update_watch_controls()
        elif event.type == pygame.MOUSEMOTION and not consumed:
            k = self.map.state_at(event.pos)
            if k != self.hover:
                self.hover = k
        elif event.type == pygame.MOUSEBUTTONDOWN and not consumed and getattr(event, "button", 0) == 1:
            k = self.map.state_at(event.pos)
            if k is not None:
                self.app.later(lambda k=k: self.select_state(k))
        elif event.type == pygame.KEYDOWN and not self.app.text_focused():
            self.key(event.key)

    def key(self, key: int) -> None:
        later = self.app.later
        if key == pygame.K_ESCAPE:
            open_ = [w for w in self.windows if w.alive()]
            if open_:
                top = open_[-1]
                later(top.kill)
                if top is self.pause_window:
                    self.pause_window = None
            else:
                later(self.open_pause)
            return
        if any(w.alive() and getattr(w, "is_blocking", False) for w in self.windows):
            return
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER) or (key == pygame.K_SPACE and not self.spectator):
            later(self.end_turn if not self.spectator else self.step_once)
        elif key in (pygame.K_p, pygame.K_SPACE) and self.spectator:
            later(self.toggle_play)
        elif key == pygame.K_RIGHT and self.spectator:
            later(self.step_once)
        elif key == pygame.K_c:
            later(self.toggle_charts)
        elif key == pygame.K_s:
            later(self.toggle_spirals)
        elif key == pygame.K_F1 or key == pygame.K_h:
            later(self.open_help)
        elif key == pygame.K_i:
            later(lambda: self.set_tab("intel" if not self.spectator else "reasoning"))
        elif key == pygame.K_o:
            later(lambda: self.set_tab("orders" if not self.spectator else "world"))
        elif key == pygame.K_TAB:
            later(self.next_target)
        elif key == pygame.K_l:
            later(self.toggle_legend)

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        pygame.draw.rect(surface, (17, 22, 30), self.r_top)
        pic = self.pic
        # turn progress under the top bar
        frac = pic.turn / max(pic.max_turns, 1)
        pygame.draw.rect(surface, (40, 48, 62), (0, self.r_top.bottom - 3, self.r_top.width, 3))
        pygame.draw.rect(surface, ACCENT, (0, self.r_top.bottom - 3, int(self.r_top.width * frac), 3))
        self.map.render(surface)
        pygame.draw.rect(surface, PANEL_BG, self.r_bottom)
        pygame.draw.line(surface, PANEL_EDGE, self.r_bottom.topleft, self.r_bottom.topright)
        pygame.draw.rect(surface, PANEL_BG, self.r_right)
        pygame.draw.line(surface, PANEL_EDGE, self.r_right.topleft, self.r_right.bottomleft)
        if not self.spectator:
            col = pic.colors[pic.me]
            pygame.draw.rect(surface, col, (self.r_map.left, self.r_map.top, 6, self.r_map.height))
        self.card_tips = []
        if self.tab == "intel" and not self.spectator:
            self.card_tips = intel.player_cards(surface, self.r_cards, self.app.fonts, pic)
        elif self.tab == "world" and self.spectator:
            self.card_tips = intel.spectator_cards(surface, self.r_panel, self.app.fonts, pic)
        if self.spectator and pic.finished:
            self.banner(surface, "Game over", TEXT)
        if not self.spectator and not pic.alive[pic.me]:
            self.banner(surface, "Your state has been conquered", (255, 140, 100))

    def banner(self, surface: pygame.Surface, text: str, color) -> None:
        f = self.app.fonts.get(20, bold=True)
        img = f.render(text, True, color)
        box = img.get_rect(midbottom=(self.r_map.centerx, self.r_map.bottom - 12)).inflate(28, 12)
        pygame.draw.rect(surface, (12, 16, 24), box, border_radius=8)
        pygame.draw.rect(surface, color, box, 2, border_radius=8)
        surface.blit(img, img.get_rect(center=box.center))

    def draw_overlay(self, surface: pygame.Surface) -> list:
        return self.map.draw_overlay(surface, self.hover)

    def overlay_key(self):
        return (self.hover, self.map.selected)

    def tip_regions(self):
        regions = []
        regions += self.state_tips
        regions += self.map.legend_tips
        regions += self.map.marker_tips
        regions += self.card_tips
        return regions
