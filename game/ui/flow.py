"""The order of screens in a game: hand-over (hot-seat) -> what happened last turn -> orders ->
next player ... -> resolution -> next turn ... -> game over and debrief.

Hot-seat rule: between two players the hand-over screen hides everything; each player's screens
are built from that player's own picture only; a player's orders are submitted to the engine at
once and never shown to anyone until the turn resolves.
"""
from __future__ import annotations

from game.core.commands import Order
from game.ui.session import GameSession


class PlayerScreens:
    """What every flow of screens does for one player, local or across the network: last turn's
    summary once, then the orders screen; and what the orders screen keeps from turn to turn."""

    def __init__(self, app):
        self.app = app
        self.session = None
        self.shown_summary: set[tuple[str, int]] = set()
        self.hint_index = 0  # the guided first game's progress
        self._remembered: dict[str, dict] = {}

    def remembered(self, sid: str) -> dict:
        """What a player's orders screen keeps from turn to turn (its target, offers it declined)."""
        return self._remembered.setdefault(sid, {})

    def open_player_screen(self, sid: str) -> None:
        """Last turn's summary for `sid` (once a turn), else its orders screen."""
        from game.ui.scenes.game import GameScene
        from game.ui.scenes.resolution import ResolutionScene

        turn = self.session.engine.turn
        if turn > 0 and (sid, turn) not in self.shown_summary:
            self.shown_summary.add((sid, turn))
            self.app.switch(ResolutionScene(self.app, self, sid))
        else:
            self.app.switch(GameScene(self.app, self, self.session, viewer=sid))


class Flow(PlayerScreens):
    def __init__(self, app, session: GameSession):
        super().__init__(app)
        self.session = session

    @property
    def hotseat(self) -> bool:
        return len(self.session.humans) > 1

    def start(self) -> None:
        self.next()

    def next(self) -> None:
        """Whatever comes next: another player's orders, the resolution, or the end."""
        from game.ui.scenes.debrief import DebriefScene
        from game.ui.scenes.game import GameScene
        from game.ui.scenes.handover import HandoverScene

        from game.ui.scenes.resolution import ResolutionScene

        s = self.session
        while True:
            if s.engine.finished or not s.living_humans():
                if s.spectating and not s.engine.finished:
                    self.app.switch(GameScene(self.app, self, s, viewer=None))
                    return
                last = s.living_humans()
                turn = s.engine.turn
                if len(s.humans) == 1 and last and turn > 0 and (last[0], turn) not in self.shown_summary:
                    # one player: what happened in the last turn, then the debrief
                    self.shown_summary.add((last[0], turn))
                    self.app.switch(ResolutionScene(self.app, self, last[0]))
                    return
                self.app.switch(DebriefScene(self.app, self))
                return
            s.decide_ai()
            todo = s.humans_to_order()
            if todo:
                break
            if s.ready():
                s.resolve()
        sid = todo[0]
        if self.hotseat:
            self.app.switch(HandoverScene(self.app, self, sid))
        else:
            self.show_player(sid)

    def show_player(self, sid: str) -> None:
        """After the hand-over: last turn's summary (once), then the orders screen. The repeated
        dilemma has its own screen, a click a round, with no summaries between (in hot-seat the
        machine is handed over after each player's click)."""
        from game.ui.scenes.dilemma import DilemmaScene

        if self.session.engine.state.dilemma:
            self.app.switch(DilemmaScene(self.app, self, self.session, sid))
        else:
            self.open_player_screen(sid)

    def orders_given(self, sid: str, orders: list[Order]) -> None:
        """Raises IllegalOrder (the screen shows the reason) or moves on."""
        self.session.submit(sid, orders)
        self.next()

    def replace_session(self, session: GameSession) -> None:
        """A loaded game takes over."""
        self.session = session
        self.shown_summary.clear()
        self.next()
