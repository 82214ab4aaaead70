"""Joining a class game from a team's laptop (DESIGN.md §10): the join screen, then the same
screens as single-player (orders, intelligence, spirals, charts, what happened, the debrief),
driven by the network client instead of a local engine.

JoinScene lists the games heard on the LAN beside a typed-address box (always there: school
networks often block discovery), with the seat's code and the team's name. `RemoteFlow` plays
the part game.ui.flow.Flow plays for a local game: it empties the client's inbox every frame and
shows the next screen; while the other teams think, WaitingScene shows who has ordered and the
host's clock. A fatal error (wrong code, kicked, a new code, another version) brings the join
screen back with the host's message; a dropped link shows "reconnecting" and rejoins by itself.
On every join the host sends the seat's history before the open turn; RemoteFlow keeps it until
the session exists, so a late or rejoined laptop's screens start at turn 0.
"""
from __future__ import annotations

import logging
import queue
import threading

import pygame
from pygame_gui.elements import UITextEntryLine

from game.core.commands import Order
from game.errors import SaveError
from game.net import discovery
from game.net.client import Client, ConnectionLost, public_of, view_of
from game.net.protocol import Error, GameOver, SeatHistory, SeatStatus, TurnOpened, TurnResolved, Welcome, team_problem
from game.ui import draw
from game.ui.app import Scene
from game.ui.dispatches import dispatch_html
from game.ui.flow import Flow, PlayerScreens
from game.ui.palette import BAD, GOOD, PANEL_BG, PANEL_EDGE, TEXT, TEXT_DIM, UI_BG, WARN
from game.ui.remote_session import PublicHistory, RemoteSession, public_picture
from game.ui.widgets.kit import button, fit, label, selection_list, textbox
from game.ui.widgets.map_view import MapView

BROWSE_SECONDS = 2.0

log = logging.getLogger("game.ui.join")


class JoinScene(Scene):
    name = "join"

    def __init__(self, app, address: str = "", code: str = "", team: str = "", observer: bool = False,
                 message: str = "", auto: bool = False):
        """`auto`: join (or watch, with `observer`) at once, as the command line asked."""
        super().__init__(app)
        self.auto = auto
        self.fields = {"address": address, "code": code, "team": team}
        self.observer = observer
        self.message = message
        self.found: list[discovery.FoundGame] = []
        self.searching = False
        self.heard: queue.Queue = queue.Queue()
        self.flow: RemoteFlow | None = None

    def enter(self) -> None:
        super().enter()
        self.search()

    # --- LAN discovery, in a thread (listening takes seconds) ------------------------------
    def search(self) -> None:
        if self.searching:
            return
        self.searching = True
        threading.Thread(target=lambda: self.heard.put(discovery.browse(BROWSE_SECONDS)), daemon=True,
                         name="lan-browse").start()
        self.refresh_found()

    def refresh_found(self) -> None:
        if self.root is None:
            return
        items = [f"{g.title} — {g.address}" for g in self.found]
        self.games.set_item_list(items)
        if self.searching:
            self.found_label.set_text("Listening for games on this network…")
        elif self.found:
            self.found_label.set_text(f"{len(self.found)} game(s) heard on this network: pick one, or type the address.")
        else:
            self.found_label.set_text("No game heard on this network (discovery is often blocked at school): "
                                      "type the address your teacher shows.")

    # --- building --------------------------------------------------------------------------
    def build(self) -> None:
        app, root = self.app, self.root
        W, H = app.size
        u = app.settings.ui_scale
        label(app, (30, 14, W - 60, int(46 * u)), "Join a class game", container=root, object_id="#title")
        label(app, (30, int(60 * u), W - 60, 26), "Your teacher's screen shows the address and your team's code.",
              container=root, object_id="#subtitle")
        top = int(104 * u)
        half = (W - 90) // 2
        left = pygame.Rect(30, top, half, H - top - int(110 * u))
        label(app, (left.left, left.top, left.width, 26), "Games on this network", container=root, object_id="#heading")
        self.found_label = label(app, (left.left, left.top + 28, left.width, 24), "", container=root,
                                 object_id="#small")
        self.games = selection_list(app, (left.left, left.top + 56, left.width, left.height - 110), [], container=root)
        button(app, (left.left, left.bottom - 46, int(180 * u), 40), "Search again", self.search, container=root)
        right = pygame.Rect(left.right + 30, top, half, left.height)
        self.entries = {}
        y = right.top
        for key, title, hint in (("address", "Host address", "e.g. 192.168.1.20 or 192.168.1.20:8765"),
                                 ("code", "Your seat's code", "six letters and digits, e.g. K7QX2M"),
                                 ("team", "Your team's name", "shown on the teacher's screen")):
            label(app, (right.left, y, right.width, 26), title, container=root, object_id="#heading")
            entry = UITextEntryLine(pygame.Rect(right.left, y + 30, right.width, int(40 * u)), app.manager,
                                    container=root, placeholder_text=hint)
            entry.set_text(self.fields[key])
            if key == "team":
                entry.set_text_length_limit(40)
            self.entries[key] = entry
            y += int(40 * u) + 44
        bw = min(int(220 * u), (right.width - 12) // 2)  # both buttons stay inside the column in large type
        self.join_button = button(app, (right.left, y + 6, bw, int(50 * u)), "Join my seat", self.join,
                                  container=root, object_id="#primary")
        button(app, (right.left + bw + 12, y + 6, bw, int(50 * u)), "Watch only", self.watch, container=root,
               tip="Follow the game's public view (no code needed, if the teacher allows observers).")
        self.message_label = textbox(app, (right.left, y + int(70 * u), right.width, int(90 * u)), self.message,
                                     container=root)
        button(app, (30, H - int(70 * u), int(160 * u), int(46 * u)), "Back", self.back, container=root)
        self.refresh_found()
        if self.auto:
            self.auto = False
            self.app.later(self.watch if self.observer else self.join)

    # --- actions ---------------------------------------------------------------------------
    def read(self) -> dict[str, str]:
        return {k: e.get_text().strip() for k, e in self.entries.items()}

    def say(self, text: str, bad: bool = True) -> None:
        self.message = text
        color = "#FF9070" if bad else "#9FD8A0"
        self.message_label.set_text(f"<font color='{color}'>{text}</font>")

    def join(self) -> None:
        self.fields = fields = self.read()
        if not fields["address"]:
            return self.say("Type the host's address (or pick a game from the list).")
        if not fields["code"]:
            return self.say("Type your seat's code: your teacher's screen shows it.")
        problem = team_problem(fields["team"])
        if problem:
            return self.say(problem[0].upper() + problem[1:])
        self.connect(Client(fields["address"], code=fields["code"], team=fields["team"]))

    def watch(self) -> None:
        self.fields = fields = self.read()
        if not fields["address"]:
            return self.say("Type the host's address (or pick a game from the list).")
        self.connect(Client(fields["address"], observer=True))

    def connect(self, client: Client) -> None:
        self.say("Connecting…", bad=False)
        self.flow = RemoteFlow(self.app, client, self.fields)
        self.flow.start()

    def back(self) -> None:
        from game.ui.scenes.title import TitleScene

        if self.flow is not None:
            self.flow.stop()
        self.app.switch(TitleScene(self.app))

    def update(self, dt: float) -> None:
        try:
            self.found = self.heard.get_nowait()
        except queue.Empty:
            return
        self.searching = False
        self.refresh_found()

    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        import pygame_gui

        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.games:
            for game in self.found:
                if f"{game.title} — {game.address}" == event.text:
                    self.entries["address"].set_text(game.address)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.app.later(self.join)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)


class RemoteFlow(PlayerScreens):
    """Flow's part for a game played over the network: the client's messages decide the screens."""

    hotseat = False

    def __init__(self, app, client: Client, fields: dict[str, str]):
        super().__init__(app)
        self.client = client
        self.fields = fields
        self.session: RemoteSession | None = None
        self.welcome: Welcome | None = None
        self.status: SeatStatus | None = None
        self.seconds_left: float | None = None
        self.lost: str | None = None
        self.notice = ""
        self.shown_turn: int | None = None
        self.history: SeatHistory | None = None  # what came before this turn, until the session starts
        self.observer_scene: ObserverScene | None = None

    def start(self) -> None:
        self.client.start()
        self.app.tasks.append(self.pump)

    def stop(self) -> None:
        if self.pump in self.app.tasks:
            self.app.tasks.remove(self.pump)
        self.client.close()

    # --- messages --------------------------------------------------------------------------
    def pump(self) -> None:
        while True:
            try:
                message = self.client.inbox.get_nowait()
            except queue.Empty:
                return
            self.on_message(message)

    def on_message(self, message) -> None:
        if isinstance(message, Welcome):
            self.welcome = message
        elif isinstance(message, TurnOpened):
            self.lost = None
            self.seconds_left = message.seconds_left
            if self.client.observer:
                self.observe(message)
            else:
                self.turn_opened(message)
        elif isinstance(message, SeatHistory):
            self.history = message
            if self.session is not None:
                self.catch_up()
        elif isinstance(message, TurnResolved):
            if self.session is not None:
                self.session.turn_resolved(message)
        elif isinstance(message, SeatStatus):
            self.status = message
            self.seconds_left = message.seconds_left
            self.refresh_waiting()
        elif isinstance(message, GameOver):
            self.game_over(message)
        elif isinstance(message, Error):
            if message.fatal:
                self.back_to_join(message.message)
            elif self.session is not None and message.code == "illegal_order":
                self.session.submitted_turn = None
                self.notice = f"The host refused your orders: {message.message}"
                self.next()
        elif isinstance(message, ConnectionLost):
            if message.retrying:
                self.lost = message.reason
                self.refresh_waiting()
            elif self.session is None or not self.session.engine.finished:
                self.back_to_join(message.reason)

    def turn_opened(self, message: TurnOpened) -> None:
        view = view_of(message)
        queued = message.queued is not None
        if self.session is None:
            self.session = RemoteSession(self.client, self.welcome.seat, self.welcome.title, view, message.turn)
            self.session.submitted_turn = message.turn if queued else None
            self.catch_up()
        elif message.turn == self.shown_turn and not queued and self.session.submitted_turn != message.turn:
            self.session.turn_opened(view, message.turn, queued)
            return  # the same turn again (a reconnection): the player keeps the orders being drafted
        else:
            self.session.turn_opened(view, message.turn, queued)
        self.next()

    def catch_up(self) -> None:
        """The seat's history from the host (sent on joining) into the session's record."""
        history, self.history = self.history, None
        if history is None:
            return
        try:
            self.session.engine.add_history(history)
        except ValueError as err:  # the charts start at this turn; the game goes on
            log.warning("the host's history of this seat could not be read: %s", err)

    def observe(self, message: TurnOpened) -> None:
        data = public_of(message)
        title = self.welcome.title if self.welcome else "Class game"
        if self.observer_scene is None:
            self.observer_scene = ObserverScene(self.app, self, title)
            self.app.switch(self.observer_scene)
        self.observer_scene.show(data)

    def game_over(self, message: GameOver) -> None:
        from game.match.saves import SaveGame
        from game.ui.session import GameSession

        self.stop()
        if self.client.observer or self.session is None or message.replay is None:
            if self.observer_scene is not None:
                self.observer_scene.over(message.reason)
            return
        try:
            final = GameSession.from_save(SaveGame.model_validate(message.replay), "the host's replay")
        except (SaveError, ValueError) as err:
            self.notice = f"The game is over ({message.reason}), but its replay could not be read: {err}"
            self.app.switch(WaitingScene(self.app, self))
            return
        seat = self.session.seat
        self.session = final
        if final.engine.turn > 0 and seat in final.living_humans():
            from game.ui.scenes.resolution import ResolutionScene

            self.shown_summary.add((seat, final.engine.turn))
            self.app.switch(ResolutionScene(self.app, self, seat))
        else:
            self.next()

    def back_to_join(self, reason: str) -> None:
        self.stop()
        self.app.switch(JoinScene(self.app, message=reason, **self.fields))

    # --- screens (the interface the game scenes call) --------------------------------------
    def next(self) -> None:
        from game.ui.scenes.debrief import DebriefScene

        s = self.session
        if s is None:
            return
        if s.engine.finished:
            self.app.switch(DebriefScene(self.app, self))
        elif s.humans_to_order():
            self.show_player(s.humans_to_order()[0])
        else:
            self.app.switch(WaitingScene(self.app, self))

    def show_player(self, sid: str) -> None:
        self.shown_turn = self.session.open_turn
        self.open_player_screen(sid)

    def orders_given(self, sid: str, orders: list[Order]) -> None:
        """Raises IllegalOrder (the game screen shows the reason) or sends the orders."""
        self.session.submit(sid, orders)
        self.notice = ""
        self.next()

    def replace_session(self, session) -> None:
        """A saved local game loaded from the menu: this class game is left."""
        self.stop()
        Flow(self.app, session).start()

    def refresh_waiting(self) -> None:
        scene = self.app.scene
        if isinstance(scene, WaitingScene):
            scene.dirty = True


class WaitingScene(Scene):
    """Orders sent: who else has ordered, the host's clock, and a way back to change them."""

    name = "waiting"

    def __init__(self, app, flow: RemoteFlow):
        super().__init__(app)
        self.flow = flow
        self.since = 0.0

    def build(self) -> None:
        app = self.app
        W, H = app.size
        u = app.settings.ui_scale
        s = self.flow.session
        if s is not None and s.living_humans() and not s.engine.finished:
            button(app, ((W - int(260 * u)) // 2, H - int(80 * u), int(260 * u), int(50 * u)), "Change my orders",
                   self.change, container=self.root,
                   tip="Your orders can be replaced until the turn is resolved.")

    def change(self) -> None:
        s = self.flow.session
        if s is not None and not s.engine.finished:
            s.submitted_turn = None
            self.flow.shown_turn = None
            self.flow.next()

    def update(self, dt: float) -> None:
        self.since += dt
        if self.since >= 1.0:  # the clock's seconds
            self.since = 0.0
            self.dirty = True

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        W, H = surface.get_size()
        flow, fonts = self.flow, self.app.fonts
        s = flow.session
        if s is not None and not s.living_humans():
            headline = "Your state has been conquered: the game goes on without you"
        else:
            headline = "Orders sent — waiting for the other teams"
        # each line of type under the one before, wrapped to the window (a long headline at 150 %)
        y = H * 0.12
        status = flow.status
        lines = [(fonts.get(30, bold=True), headline, TEXT)]
        if flow.lost:
            lines.append((fonts.get(18, bold=True), "Connection lost — reconnecting…", WARN))
        elif status is not None:
            clock = "paused by the teacher" if status.paused else (
                f"{int(status.seconds_left) // 60}:{int(status.seconds_left) % 60:02d} left"
                if status.seconds_left is not None else "no time limit")
            lines.append((fonts.get(18), f"Turn {status.turn} · {clock}", TEXT_DIM))
        if flow.notice:
            lines.append((fonts.get(15), flow.notice, BAD))
        for font, text, color in lines:
            for line in draw.wrap(font, text, W - 60):
                draw.text(surface, font, line, (W / 2, y), color, anchor="midtop")
                y += font.get_linesize()
            y += 8
        if status is None or s is None:
            return
        names = dict(zip(s.engine.view.ids, s.engine.view.names))
        f = fonts.get(16)
        row = f.get_linesize() + 4
        words_w = f.size("thinking…")[0]
        rows = [(names.get(seat.seat, seat.seat) + (f" ({seat.team})" if seat.team else ""), seat)
                for seat in status.seats]
        box_w = min(W - 40, max(int(520 * self.app.settings.ui_scale),
                                max(f.size(who)[0] for who, _ in rows) + words_w + 60))
        box = pygame.Rect((W - box_w) // 2, int(y) + 16, box_w, row * len(rows) + 20)
        pygame.draw.rect(surface, PANEL_BG, box, border_radius=8)
        pygame.draw.rect(surface, PANEL_EDGE, box, 1, border_radius=8)
        y = box.top + 10
        for who, seat in rows:
            draw.text(surface, f, fit(f, who, box.width - words_w - 60), (box.left + 20, y), TEXT)
            word, color = ("ordered", GOOD) if seat.ordered else ("thinking…", WARN)
            if not seat.remote:
                word, color = "AI", TEXT_DIM
            draw.text(surface, f, word, (box.right - 20, y), color, anchor="topright")
            y += row


class ObserverScene(Scene):
    """Watching a class game: the public record only, as on the teacher's projector."""

    name = "observer"

    def __init__(self, app, flow: RemoteFlow, title: str):
        super().__init__(app)
        self.flow = flow
        self.title = title
        self.map = MapView(app.fonts)
        self.history = PublicHistory()
        self.events: dict[tuple, object] = {}
        self.pic = None
        self.ended = ""

    def show(self, public: dict) -> None:
        for e in public["events"]:
            self.events[(e.turn, e.kind, e.actors, e.text)] = e
        events = sorted(self.events.values(), key=lambda e: e.turn)
        self.pic = public_picture(public, self.title, events, self.history)
        self.map.set_picture(self.pic)
        if self.root is not None:
            self.dispatches.set_text(dispatch_html(self.pic))
        self.dirty = True

    def over(self, reason: str) -> None:
        self.ended = f"Game over: {reason}."
        self.dirty = True

    def build(self) -> None:
        app = self.app
        W, H = app.size
        u = app.settings.ui_scale
        label(app, (16, 8, W - 32, int(40 * u)), f"Watching — {self.title}", container=self.root, object_id="#title")
        top = int(56 * u)
        self.map.set_rect(pygame.Rect(0, top, W, int((H - top) * 0.74)))
        if self.pic is not None:
            self.map.set_picture(self.pic)
        self.dispatches = textbox(app, (8, top + int((H - top) * 0.74) + 4, W - 16, H - top - int((H - top) * 0.74) - 10),
                                  dispatch_html(self.pic) if self.pic is not None else "", container=self.root)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        if self.pic is not None:
            self.map.render(surface)
        if self.ended:
            draw.text(surface, self.app.fonts.get(24, bold=True), self.ended, (surface.get_width() / 2, 80), TEXT,
                      anchor="center")
