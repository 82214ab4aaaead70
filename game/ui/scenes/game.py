"""The game screen: map, orders or intelligence, spiral watch, dispatches, Jervis's world.

One scene serves a player (viewer = a state id: everything comes from that player's picture)
and spectators (viewer = None: watch mode, all AI, everything visible, with play / pause / step
and a speed control). The parts live beside it: the layout (game_layout), the keyboard
(game_keys), the pause menu (game_menu), and widgets for the top bar, the spiral list, the
watch controls and the first game's tips.
"""
from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

import pygame
import pygame_gui

from game.core.commands import Order
from game.errors import IllegalOrder
from game.ui.app import Scene
from game.ui.dispatches import dispatch_html, statements_html
from game.ui.palette import PANEL_BG, PANEL_EDGE, TEXT, UI_BG
from game.ui.picture import Picture, for_player, for_spectator
from game.ui.scenes.game_keys import command_for_key
from game.ui.scenes.game_layout import GameLayout
from game.ui.scenes.game_menu import GameMenu
from game.ui.widgets import intel
from game.ui.widgets.first_game_tips import FirstGameTips
from game.ui.widgets.kit import button, label, textbox
from game.ui.widgets.map_view import MapView
from game.ui.widgets.orders_panel import OrdersPanel
from game.ui.widgets.spiral_list import NO_EPISODE, SpiralList
from game.ui.widgets.top_bar import TopBar
from game.ui.widgets.watch_controls import WatchControls
from game.ui.windows.charts import ChartsWindow
from game.ui.windows.declare_war import DeclareWarDialog
from game.ui.windows.help import HelpWindow
from game.ui.windows.spiral_watch import SpiralWindow

TAB_TIPS = {
    "orders": "Your orders for this turn (O).", "intel": "What your intelligence sees of each rival (I).",
    "world": "The truth about every state (spectators only).", "reasoning": "Why each AI did what it did last turn.",
}


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
        # the target and the offers declined outlive the turn (the flow remembers them per player)
        self.remembered = flow.remembered(viewer) if flow is not None and viewer is not None else {}
        self.orders_state = {"s": float(own.s) if own else 0.05, "mu": float(own.mu) if own else 0.5, "draft": [],
                             "target": self.remembered.get("target"), "move": None,
                             "declined": self.remembered.setdefault("declined", set())}
        self.hover: int | None = None
        self.card_tips: list = []
        self.cards_first = 0  # the first rival whose intelligence card is shown (when not all fit)
        self.state_tips: list = []
        self.panel: OrdersPanel | None = None
        self.watch: WatchControls | None = None
        self.confirm: DeclareWarDialog | None = None
        self.charts_window = None
        self.spiral_window = None
        self.help_window = None
        self.menu = GameMenu(self)
        self.tips = FirstGameTips(app, flow, session, self.spectator)
        # watch mode starts paused, saying how to play: a class sees the opening before it moves
        self.playing = False
        self.speed = float(speed)
        self.acc = 0.0
        self.screenshot = screenshot

    def make_picture(self) -> Picture:
        eng = self.session.engine
        return for_spectator(eng) if self.spectator else for_player(eng, self.viewer)

    # --- building --------------------------------------------------------------------------
    def build(self) -> None:
        app, root = self.app, self.root
        rivals = max(1, len(self.pic.rivals())) if self.pic.me is not None else 1
        self.layout = lay = GameLayout.of(app.size, app.settings.ui_scale, rivals)
        self.map.set_rect(lay.map)
        # states are laid out below the first game's tip and the banner line ("paused", "game over")
        self.map.reserved_top = max(self.tips.height(lay.map), self.app.fonts.get(20, bold=True).get_linesize() + 24)
        self.map.set_picture(self.pic)
        self.top_bar = TopBar(app, lay.top, self.pic, root, {"charts": self.toggle_charts, "spirals": self.toggle_spirals,
                                                             "help": self.open_help, "menu": self.open_pause})
        # right column: tabs, then the statements (intel tab) or the AI's reasoning (spectators)
        r = lay.tabs
        names = (("world", "World"), ("reasoning", "AI reasoning")) if self.spectator else \
            (("orders", "Orders"), ("intel", "Intelligence"))
        half = r.width // 2
        self.tab_buttons = {}
        for k, (key, text) in enumerate(names):
            self.tab_buttons[key] = button(app, (r.left + k * half, r.top, half, r.height), text,
                                           (lambda key=key: self.set_tab(key)), container=root, object_id="#tab",
                                           tip=TAB_TIPS[key])
        if self.spectator:
            self.statements_box = textbox(app, lay.panel.inflate(-8, -8), "", container=root)
        else:
            self.statements_title = label(app, (lay.statements.left, lay.statements.top - 24,
                                                lay.statements.width, 22), "What they said to you", container=root,
                                          object_id="#group", tip="Rivals' public statements about you after last "
                                                                  "turn: the reasons they give for what they did.")
            self.statements_box = textbox(app, lay.statements, "", container=root)
            self.build_orders()
        # end turn / watch controls
        e = lay.end
        if self.spectator:
            self.watch = WatchControls(app, e, self.speed, root, self.toggle_play, self.step_once, self.open_debrief)
        else:
            self.end_button = button(app, (e.left + 10, e.top + 8, e.width - 20, e.height - 16), "End turn  (Enter)",
                                     self.end_turn, container=root, object_id="#primary",
                                     tip="Give your orders. They stay secret until every state has ordered.")
        # under the map: spiral watch and dispatches
        b = lay.bottom
        lw = int(b.width * 0.5)
        self.spiral_list = SpiralList(app, pygame.Rect(b.left, b.top, lw, b.height), root)
        label(app, (b.left + lw + 4, b.top + 4, b.width - lw - 12, 24), "Dispatches", container=root,
              object_id="#group", tip="What happened in the last turns, as far as you can know it.")
        self.dispatches = textbox(app, (b.left + lw + 4, b.top + 28, b.width - lw - 12, b.height - 34), "",
                                  container=root)
        self.tips.build(lay.map, root)
        self.refresh_widgets()
        self.set_tab(self.tab)

    def build_orders(self) -> None:
        keep = 0.0
        if self.panel is not None:
            keep = self.panel.scroll_fraction()
            self.panel.kill()
        self.panel = OrdersPanel(self.app, self.layout.panel, self.pic, self.orders_state, self.ask_first, self.root)
        self.remembered["target"] = self.orders_state.get("target")
        self.panel.set_scroll_fraction(keep)
        if self.tab != "orders":
            self.panel.hide()
        self.map.selected = self.orders_state.get("target")

    # --- refreshing ------------------------------------------------------------------------
    def refresh_widgets(self) -> None:
        """Texts that depend on the picture; called when the picture changes, not per frame."""
        pic = self.pic
        self.top_bar.refresh(pic)
        warning = getattr(self.session, "autosave_error", None)
        self.dispatches.set_text((f"<font color='#E69F00'><b>{html_escape(warning)}</b></font><br>" if warning else "")
                                 + dispatch_html(pic))
        self.spiral_list.set_picture(pic)
        self.statements_box.set_text(statements_html(pic))
        self.state_tips = []
        for k in range(pic.n):
            x, y = self.map.positions[k]
            r = self.map.radii[k] + 4
            self.state_tips.append((pygame.Rect(int(x - r), int(y - r), int(2 * r), int(2 * r)), self.map.hover_html(k)))
        self.update_watch_controls()

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

    def toggle_spirals(self, selected: int = NO_EPISODE) -> None:
        if selected >= len(self.pic.episodes):
            selected = NO_EPISODE  # no such episode (any more): the window opens on its list
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
        self.menu.toggle()

    def open_debrief(self) -> None:
        from game.ui.scenes.debrief import DebriefScene

        self.app.switch(DebriefScene(self.app, self.flow, session=self.session))

    # --- orders ----------------------------------------------------------------------------
    def ask_first(self, order: Order) -> None:
        """An order that makes war (or nuclear war) is queued only once the player confirms it."""
        self.confirm = self.track(DeclareWarDialog(self.app, self.pic, order))

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
        self.dirty = True  # the "paused" banner

    def step_once(self) -> None:
        self.playing = False
        self.play_turn()
        self.update_watch_controls()

    def play_turn(self) -> None:
        if self.session.engine.finished:
            return
        self.session.play_ai_turn()
        self.picture_changed()

    def update_watch_controls(self) -> None:
        if self.watch is not None:
            # a screenshot run quits at the end of the game, so it offers no debrief
            self.watch.show(self.playing, self.speed, self.session.engine.finished, self.screenshot is None)

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
                    self.dirty = True

    # --- events ----------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        for win in list(self.windows):
            if hasattr(win, "on_event") and win.alive():
                win.on_event(event)
        if self.panel is not None and self.panel.on_event(event):
            self.select_state(self.orders_state["target"])
        picked = self.spiral_list.picked(event)
        speed = self.watch.chosen_speed(event) if self.watch is not None else None
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED and event.ui_element is self.confirm:
            if self.panel is not None:
                self.panel.add(self.confirm.order)
            self.confirm = None
        elif picked is not None:
            if picked >= 0:
                self.app.later(lambda: self.toggle_spirals(picked))
            else:
                self.app.later(lambda: self.toggle_spirals() if self.spiral_window is None else None)
        elif speed is not None:
            self.speed = speed
            self.update_watch_controls()
        elif event.type == pygame.MOUSEWHEEL and self.tab == "intel" and not self.spectator \
                and self.layout.cards.collidepoint(pygame.mouse.get_pos()):
            self.scroll_cards(-event.y)
        elif event.type == pygame.MOUSEMOTION and not consumed:
            self.hover = self.map.state_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and not consumed and getattr(event, "button", 0) == 1:
            k = self.map.state_at(event.pos)
            if k is not None:
                self.app.later(lambda: self.select_state(k))
        elif event.type == pygame.KEYDOWN and not self.app.text_focused():
            self.key(event.key)

    def scroll_cards(self, steps: int) -> None:
        """Show the intelligence cards `steps` rivals further down (up when negative)."""
        rivals = self.pic.n - 1 if self.pic.me is not None else 0  # every other state has a card, conquered too
        _, shown = intel.card_layout(self.layout.cards, self.app.fonts, rivals)
        first = min(max(self.cards_first + steps, 0), max(rivals - shown, 0))
        if first != self.cards_first:
            self.cards_first = first
            self.dirty = True

    def key(self, key: int) -> None:
        if key == pygame.K_ESCAPE:
            open_ = [w for w in self.windows if w.alive()]
            if open_:
                top = open_[-1]
                self.app.later(top.kill)
                if top is self.menu.window:
                    self.menu.window = None
            else:
                self.app.later(self.open_pause)
            return
        if any(w.alive() and getattr(w, "is_blocking", False) for w in self.windows):
            return
        command = command_for_key(self, key)
        if command is not None:
            self.app.later(command)

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        pic, lay = self.pic, self.layout
        self.top_bar.draw(surface, pic)
        self.map.render(surface)
        pygame.draw.rect(surface, PANEL_BG, lay.bottom)
        pygame.draw.line(surface, PANEL_EDGE, lay.bottom.topleft, lay.bottom.topright)
        pygame.draw.rect(surface, PANEL_BG, lay.right)
        pygame.draw.line(surface, PANEL_EDGE, lay.right.topleft, lay.right.bottomleft)
        if not self.spectator:
            col = pic.colors[pic.me]
            pygame.draw.rect(surface, col, (lay.map.left, lay.map.top, 6, lay.map.height))
        self.card_tips = []
        if self.tab == "intel" and not self.spectator:
            self.card_tips = intel.player_cards(surface, lay.cards, self.app.fonts, pic, self.cards_first)
        elif self.tab == "world" and self.spectator:
            self.card_tips = intel.spectator_cards(surface, lay.panel, self.app.fonts, pic)
        if self.spectator and pic.finished:
            self.banner(surface, "Game over", TEXT)
        elif self.spectator and not self.playing and self.screenshot is None:
            self.banner(surface, "Paused — Space or P to play, Right arrow for one turn", TEXT)
        if not self.spectator and not pic.alive[pic.me]:
            self.banner(surface, "Your state has been conquered", (255, 140, 100))

    def banner(self, surface: pygame.Surface, text: str, color) -> None:
        """A line over the map's top edge, where no state's label is (states keep clear of it)."""
        f = self.app.fonts.get(20, bold=True)
        img = f.render(text, True, color)
        m = self.layout.map
        box = img.get_rect(midtop=(m.centerx, m.top + 14)).inflate(28, 12)
        pygame.draw.rect(surface, (12, 16, 24), box, border_radius=8)
        pygame.draw.rect(surface, color, box, 2, border_radius=8)
        surface.blit(img, img.get_rect(center=box.center))

    def draw_overlay(self, surface: pygame.Surface) -> list:
        return self.map.draw_overlay(surface, self.hover)

    def overlay_key(self):
        return (self.hover, self.map.selected)

    def tip_regions(self):
        return self.state_tips + self.map.legend_tips + self.map.marker_tips + self.card_tips
