"""The teacher's console (DESIGN.md §10): the host's window, made to be projected.

Left: the projector view of the world — the public record only (what an observer is sent:
no forces, no hidden types, no one's intelligence), with the dispatches under it. Right: where
to join (the typed address, always, and whether the game is announced on the LAN), each seat's
code in large type, and the seats table (team, connected, ordered, what happens when the seat
is silent, a new code, kick). Bottom right: the turn timer on the host's clock with pause /
resume / end the turn now.

The match lives on the host's thread: this scene reads it through `host.call` and drives it with
the host's thread-safe methods, polling a few times a second.
"""
from __future__ import annotations

import pygame
import pygame_gui

from game.net import wire
from game.ui import draw
from game.ui.app import Scene
from game.ui.dispatches import dispatch_html
from game.ui.palette import BAD, GOOD, PANEL_BG, PANEL_EDGE, TEXT, TEXT_DIM, UI_BG, WARN
from game.ui.remote_session import PublicHistory, public_picture
from game.ui.widgets.kit import button, drop_down, fit, label, textbox
from game.ui.widgets.map_view import MapView

POLL_SECONDS = 0.25
POLICIES = {"wait": "Wait", "hold": "Hold level", "ai": "AI plays"}
STATUS_WORDS = ("online", "offline", "ordered", "thinking…", "conquered")  # a seat's status column
POLICY_TIPS = ("What happens to this seat when the timer runs out and it has not ordered: wait (the turn "
               "waits for it), hold (it keeps its arms level, does nothing else), or its AI plays the turn.")
TIMER_CHOICES = {"No timer": None, "1 minute": 60.0, "2 minutes": 120.0, "3 minutes": 180.0, "5 minutes": 300.0,
                 "10 minutes": 600.0}


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "no timer"
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


class HostConsoleScene(Scene):
    name = "host_console"

    def __init__(self, app, host, address: str, advertised: bool):
        super().__init__(app)
        self.host = host
        self.address = address
        self.advertised = advertised
        self.map = MapView(app.fonts)
        self.history = PublicHistory()
        self.title = host.call(lambda: host.match.engine.scenario.scenario.title)
        self.turn = -1
        self.pic = None
        self.rows = []
        self.seconds: float | None = None
        self.paused = False
        self.finished = False
        self.since_poll = POLL_SECONDS
        self.hover: int | None = None
        self.row_widgets: dict[str, dict] = {}
        self.message = ""
        self.poll(force=True)

    # --- reading the host ------------------------------------------------------------------
    def poll(self, force: bool = False) -> None:
        host = self.host
        rows = host.seats()
        turn = host.call(lambda: host.match.turn)
        seconds = host.seconds_left()
        changed = force or rows != self.rows or turn != self.turn or host.paused != self.paused \
            or host.finished != self.finished
        self.rows, self.seconds, self.paused, self.finished = rows, seconds, host.paused, host.finished
        if force or turn != self.turn:
            self.turn = turn
            self.refresh_picture()
        if changed:
            self.refresh_rows()
            self.dirty = True
        self.refresh_timer()

    def refresh_picture(self) -> None:
        host = self.host

        def public() -> tuple[dict, list]:
            engine = host.match.engine
            events = [e.to_dict() for e in engine.events if e.visible_to is None]
            return wire.public_view(engine), events

        view, events = host.call(public)
        data = wire.public_from_json({**view, "events": events})
        self.pic = public_picture(data, self.title, data["events"], self.history, finished=host.finished)
        self.map.set_picture(self.pic)
        if self.root is not None:
            self.dispatches.set_text(dispatch_html(self.pic))
        self.dirty = True

    # --- building --------------------------------------------------------------------------
    def build(self) -> None:
        app, root = self.app, self.root
        W, H = app.size
        u = app.settings.ui_scale
        top = int(56 * u)
        self.left = pygame.Rect(0, top, int(W * 0.56), H - top)
        self.right = pygame.Rect(self.left.right, top, W - self.left.right, H - top)
        disp_h = int(self.left.height * 0.24)
        self.map_rect = pygame.Rect(self.left.left, self.left.top, self.left.width, self.left.height - disp_h)
        self.map.set_rect(self.map_rect)
        if self.pic is not None:
            self.map.set_picture(self.pic)
        label(app, (16, 8, int(W * 0.56) - 32, int(40 * u)), f"Class game — {self.title}", container=root,
              object_id="#title")
        self.dispatches = textbox(app, (8, self.map_rect.bottom + 4, self.left.width - 16, disp_h - 10),
                                  dispatch_html(self.pic) if self.pic is not None else "", container=root)
        # where to join, drawn large in draw(); then the seats
        r = self.right
        self.join_h = int(118 * u)
        heads_y = r.top + self.join_h + 6
        self.table_top = heads_y + int(24 * u)
        timer_top = H - int(82 * u) - int(40 * u)
        seats = max(1, sum(1 for row in self.rows if row.remote))
        self.row_h = min(int(60 * u), (timer_top - 8 - self.table_top) // seats)
        self.cols = self.columns()
        for key, text in (("team", "Team"), ("status", "Status"), ("code", "Code"),
                          ("policy", "If silent")):
            x, w = self.cols[key]
            label(app, (x, heads_y, w, int(22 * u)), text, container=root, object_id="#small",
                  tip=POLICY_TIPS if key == "policy" else None)
        self.row_widgets = {}
        remote = [row for row in self.rows if row.remote]
        for k, row in enumerate(remote):
            self.build_row(k, row)
        # the timer
        by = H - int(82 * u)
        bw = (r.width - 40) // 3
        bh = int(44 * u)
        self.timer_label = label(app, (r.left + 10, by - int(40 * u), r.width - 20, int(34 * u)), "",
                                 container=root, object_id="#heading")
        self.pause_button = button(app, (r.left + 10, by, bw, bh), "Pause", self.toggle_pause, container=root,
                                   tip="Stop the clock (and the turn): nothing resolves until you resume.")
        self.end_button = button(app, (r.left + 20 + bw, by, bw, bh), "End turn now", self.end_turn_now,
                                 container=root, object_id="#primary",
                                 tip="Resolve the turn now: a seat that has not ordered is covered as its "
                                     "'If silent' says, and a seat set to wait holds its level.")
        current = next((k for k, v in TIMER_CHOICES.items() if v == self.host.turn_seconds), None)
        options = list(TIMER_CHOICES) if current else [clock(self.host.turn_seconds) + " a turn", *TIMER_CHOICES]
        self.timer_menu = drop_down(app, (r.left + 30 + 2 * bw, by, bw, bh), options, current or options[0],
                                    container=root)
        self.status_label = label(app, (r.left + 10, by + bh + 4, r.width - 20, int(28 * u)), self.message,
                                  container=root, object_id="#small")
        self.refresh_rows()
        self.refresh_timer()

    def columns(self) -> dict[str, tuple[int, int]]:
        """The seat table's columns: the status as wide as its longest word (after its dot), the
        others sharing the rest (a team's name is shortened, a code's type made to fit)."""
        r = self.right
        small = self.app.fonts.get(13)
        status_w = 22 + max(small.size(word)[0] for word in STATUS_WORDS) + 10
        rest = r.width - 24 - status_w
        widths = {"team": int(rest * 0.24), "status": status_w, "code": int(rest * 0.34), "policy": int(rest * 0.42)}
        out = {}
        x = r.left + 12
        for key, w in widths.items():
            out[key] = (x, w)
            x += w
        return out

    def build_row(self, k: int, row) -> None:
        app, root = self.app, self.root
        y = self.table_top + k * self.row_h
        x, w = self.cols["policy"]
        high = max(18, int(self.row_h * 0.46))
        policy = drop_down(app, (x, y + 2, w - 4, high), list(POLICIES.values()),
                           POLICIES.get(row.if_silent, POLICIES["wait"]), container=root)
        wide = int((w - 8) * 0.6)  # "New code" needs more room than "Kick"
        low = max(16, self.row_h - high - 8)
        reissue = button(app, (x, y + high + 4, wide, low), "New code",
                         lambda sid=row.seat: self.reissue(sid), container=root, object_id="#small",
                         tip="Give this seat a new code (the old one stops working; its computer is disconnected).")
        kick = button(app, (x + wide + 4, y + high + 4, w - 8 - wide, low), "Kick",
                      lambda sid=row.seat: self.kick(sid), container=root, object_id="#small",
                      tip="Disconnect this seat's computer (it can join again with its code).")
        self.row_widgets[row.seat] = {"policy": policy, "reissue": reissue, "kick": kick}

    def refresh_rows(self) -> None:
        if self.root is None:
            return
        remote = {row.seat for row in self.rows if row.remote}
        if remote != set(self.row_widgets):
            self.rebuild()
            return
        for row in self.rows:
            widgets = self.row_widgets.get(row.seat)
            if widgets is None:
                continue
            (widgets["kick"].enable if row.connected else widgets["kick"].disable)()
        if self.finished:
            self.end_button.disable()
            self.pause_button.disable()
        else:
            self.end_button.enable()
            self.pause_button.enable()
            self.pause_button.set_text("Resume" if self.paused else "Pause")

    def refresh_timer(self) -> None:
        if self.root is None:
            return
        if self.finished:
            text = f"Game over after turn {self.turn}: every team's laptop shows the debrief"
        else:
            waiting = sum(1 for r in self.rows if r.alive and not r.ordered)
            state = "paused" if self.paused else clock(self.seconds)
            text = f"Turn {self.turn + 1} · {state} · waiting for {waiting}"
        if self.timer_label.text != text:
            self.timer_label.set_text(text)

    # --- the teacher's controls ------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message = text
        if self.root is not None:
            self.status_label.set_text(text)

    def toggle_pause(self) -> None:
        (self.host.resume if self.host.paused else self.host.pause)()
        self.say("The clock is stopped." if self.host.paused else "The clock runs again.")
        self.poll()

    def end_turn_now(self) -> None:
        if self.host.paused:
            self.say("Resume first: a paused game resolves nothing.")
            return
        if self.host.end_turn_now():
            self.say(f"Turn {self.turn + 1} resolved.")
        self.poll()

    def reissue(self, sid: str) -> None:
        code = self.host.reissue_code(sid)
        self.say(f"New code for {self.name_of(sid)}: {code}")
        self.poll()

    def kick(self, sid: str) -> None:
        if self.host.kick(sid):
            self.say(f"{self.name_of(sid)}'s computer was disconnected; it can join again with its code.")
        self.poll()

    def name_of(self, sid: str) -> str:
        return next((r.name for r in self.rows if r.seat == sid), sid)

    # --- per frame -------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.since_poll += dt
        if self.since_poll >= POLL_SECONDS:
            self.since_poll = 0.0
            self.poll()

    def wants_frames(self) -> bool:
        return self.seconds is not None and not self.paused

    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            for sid, widgets in self.row_widgets.items():
                if event.ui_element is widgets["policy"]:
                    policy = next(k for k, v in POLICIES.items() if v == event.text)
                    self.host.set_if_silent(sid, policy)
                    self.say(f"{self.name_of(sid)}: {POLICIES[policy].lower()} when silent.")
                    self.app.later(self.poll)
            if event.ui_element is self.timer_menu and event.text in TIMER_CHOICES:
                seconds = TIMER_CHOICES[event.text]
                self.host.set_turn_seconds(seconds)
                self.say(f"Turn timer: {event.text.lower()} (from now).")
                self.app.later(self.poll)
        elif event.type == pygame.MOUSEMOTION and not consumed:
            self.hover = self.map.state_at(event.pos)

    def tip_regions(self) -> list:
        out = []
        for k in range(self.pic.n if self.pic is not None else 0):
            x, y = self.map.positions[k]
            r = self.map.radii[k] + 4
            out.append((pygame.Rect(int(x - r), int(y - r), int(2 * r), int(2 * r)), self.map.hover_html(k)))
        return out + self.map.legend_tips + self.map.marker_tips

    def draw_overlay(self, surface: pygame.Surface) -> list:
        return self.map.draw_overlay(surface, self.hover)

    def overlay_key(self):
        return self.hover

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        if self.pic is not None:
            self.map.render(surface)
        pygame.draw.rect(surface, PANEL_BG, self.right)
        pygame.draw.line(surface, PANEL_EDGE, self.right.topleft, self.right.bottomleft)
        fonts, u = self.app.fonts, self.app.settings.ui_scale
        r = self.right
        draw.text(surface, fonts.get(15), "Join at", (r.left + 14, r.top + 6), TEXT_DIM)
        draw.text(surface, self.fitting(self.address, r.width - 28, 40), self.address, (r.left + 14, r.top + int(24 * u)),
                  TEXT)
        lan = ("Also listed on the join screen of computers on this network." if self.advertised else
               "Not announced on this network (no multicast): teams type the address.")
        note = fonts.get(13)
        for k, line in enumerate(draw.wrap(note, lan, r.width - 28)):
            draw.text(surface, note, line, (r.left + 14, r.top + int(80 * u) + k * note.get_linesize()),
                      GOOD if self.advertised else WARN)
        big = self.code_font()
        name_font = fonts.get(15, bold=True)
        small = fonts.get(13)
        remote = [row for row in self.rows if row.remote]
        colors = self.pic.colors if self.pic is not None else ()
        for k, row in enumerate(remote):
            y = self.table_top + k * self.row_h
            if k % 2 == 0:
                pygame.draw.rect(surface, (36, 44, 58), (r.left + 6, y - 2, r.width - 12, self.row_h - 2), border_radius=4)
            x, w = self.cols["team"]
            index = self.pic.ids.index(row.seat) if self.pic is not None else 0
            if colors:
                pygame.draw.rect(surface, colors[index], (x - 6, y + 2, 4, self.row_h - 10))
            draw.text(surface, name_font, fit(name_font, row.name, w - 4), (x + 2, y + 2), TEXT if row.alive else TEXT_DIM)
            team = row.team or "no team name yet"
            second = y + self.row_h // 2  # the row's second line
            draw.text(surface, small, fit(small, team, w - 4), (x + 2, second), TEXT if row.team else TEXT_DIM)
            x, w = self.cols["status"]
            dot = GOOD if row.connected else BAD
            pygame.draw.circle(surface, dot, (x + 10, y + 4 + small.get_linesize() // 2), 6)
            draw.text(surface, small, "online" if row.connected else "offline", (x + 22, y + 4), TEXT_DIM)
            if not row.alive:
                word, color = "conquered", TEXT_DIM
            else:
                word, color = ("ordered", GOOD) if row.ordered else ("thinking…", WARN)
            draw.text(surface, small, word, (x + 22, second), color)
            x, w = self.cols["code"]
            draw.text(surface, big, row.code or "", (x, y + 4), TEXT)
        if self.paused and self.pic is not None:
            f = fonts.get(34, bold=True)
            img = f.render("PAUSED", True, WARN)
            box = img.get_rect(center=self.map_rect.center).inflate(40, 20)
            pygame.draw.rect(surface, (12, 16, 24), box, border_radius=10)
            pygame.draw.rect(surface, WARN, box, 3, border_radius=10)
            surface.blit(img, img.get_rect(center=box.center))

    def code_font(self):
        """The largest type in which a code fits its column and its row."""
        return self.fitting("WWWWWW", self.cols["code"][1] - 8, 30, self.row_h - 4)

    def fitting(self, text: str, width: int, largest: int, height: int | None = None):
        """The largest bold type (from `largest` down) in which `text` fits."""
        for size in range(largest, 10, -2):
            font = self.app.fonts.get(size, bold=True)
            if font.size(text)[0] <= width and (height is None or font.get_linesize() <= height):
                return font
        return self.app.fonts.get(10, bold=True)

    def leave(self) -> None:
        super().leave()
        self.row_widgets = {}
