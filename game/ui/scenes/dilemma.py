"""The repeated dilemma's own screen (one human against one opponent): the payoff matrix, one
click a round (Restrain or Arm), ten rounds at a time, the running scores and the last rounds.

The opponent's strategy is what the player is there to discover: its name and its reasoning are
not shown until the last round, when they are revealed. Forces, threat and beliefs mean nothing
in this mode and are not shown.
"""
from __future__ import annotations

import numpy as np
import pygame

from game.core.commands import DilemmaMove
from game.errors import IllegalOrder
from game.theory import GLOSSARY
from game.ui import draw
from game.ui.app import Scene
from game.ui.concepts import DILEMMA_GOAL_HTML
from game.ui.palette import PANEL_BG, PANEL_EDGE, TEXT, TEXT_DIM, UI_BG
from game.ui.picture import Picture, for_player
from game.ui.widgets.kit import button, esc, label, textbox
from game.ui.windows.help import HelpWindow

RESTRAIN, ARM = 0, 1
CELL_HI = (70, 110, 160)
MOVE_COLORS = {RESTRAIN: (95, 211, 164), ARM: (255, 138, 87)}
BATCH = 10
HISTORY = 40  # rounds shown as squares


def strategy_title(doctrine: str) -> str:
    return doctrine.replace("_", " ").capitalize()


class DilemmaScene(Scene):
    name = "dilemma"

    def __init__(self, app, flow, session, viewer: str):
        super().__init__(app)
        self.flow = flow
        self.session = session
        self.viewer = viewer
        self.pic: Picture = for_player(session.engine, viewer)

    # --- data ------------------------------------------------------------------------------
    @property
    def me(self) -> int:
        return self.pic.me

    @property
    def other(self) -> int:
        return next(k for k in range(self.pic.n) if k != self.me)

    def moves(self) -> np.ndarray:
        """(rounds, 2) of RESTRAIN / ARM, oldest first."""
        moves = self.pic.view.moves if self.pic.view is not None else None
        arr = np.asarray(moves) if moves is not None else np.zeros((0, self.pic.n))
        return arr[1:] if len(arr) > 1 else arr[:0]

    @property
    def hotseat(self) -> bool:
        """Two people at one machine: a click a round each, handed over between them."""
        return bool(getattr(self.flow, "hotseat", False))

    def opponent_strategy(self) -> str:
        seat = self.session.seats[self.pic.ids[self.other]]
        if seat.human:
            return "its own choices (a person at this machine)"
        return strategy_title(seat.doctrine or "unknown")

    # --- building --------------------------------------------------------------------------
    def build(self) -> None:
        app, root = self.app, self.root
        W, H = app.size
        u = app.settings.ui_scale
        pad = 20
        label(app, (pad, 12, W - 2 * pad, int(40 * u)), self.pic.title, container=root, object_id="#title")
        self.round_label = label(app, (pad, 12 + int(42 * u), W // 2, int(26 * u)), "", container=root,
                                 object_id="#heading")
        bw, bh = int(210 * u), int(52 * u)
        by = H - int(150 * u)
        x = pad
        self.restrain_button = button(app, (x, by, bw, bh), "Restrain  (R)", lambda: self.play(["restrain"]),
                                      container=root, object_id="#primary",
                                      tip="Hold your arms level: best for both if both do it.")
        self.arm_button = button(app, (x + bw + 10, by, bw, bh), "Arm  (A)", lambda: self.play(["arm"]),
                                 container=root, object_id="#danger",
                                 tip="Arm: best for you whatever they do — which is why both arming is the trap.")
        by2 = by + bh + 10
        sw = (2 * bw + 10 - 20) // 3
        batches = ((f"Restrain ×{BATCH}", "restrain", f"Restrain for the next {BATCH} rounds."),
                   (f"Arm ×{BATCH}", "arm", f"Arm for the next {BATCH} rounds."),
                   (f"Mirror ×{BATCH}", "mirror",
                    f"For {BATCH} rounds do what they did the round before (restrain in the first)."))
        self.batch_buttons = [button(app, (x + k * (sw + 10), by2, sw, int(40 * u)), text,
                                     lambda how=how: self.play([how] * BATCH), container=root, tip=tip)
                              for k, (text, how, tip) in enumerate(batches)]
        if self.hotseat:  # the other player moves between my rounds: no batches
            for b in self.batch_buttons:
                b.hide()
        self.debrief_button = button(app, (x, by, 2 * bw + 10, bh), "The opponent revealed — on to the debrief",
                                     self.to_debrief, container=root, object_id="#primary")
        self.debrief_button.hide()
        rx = x + 2 * bw + 40
        top = 12 + int(110 * u)
        self.side = textbox(app, (rx, top, W - rx - pad, H - top - pad), "", container=root)
        button(app, (W - pad - int(100 * u), 14, int(100 * u), int(36 * u)), "Help", self.open_help, container=root,
               tip="How the score is counted; the keys.")
        self.matrix_rect = pygame.Rect(pad, 12 + int(110 * u), 2 * bw + 10, by - 12 - int(120 * u))
        self.refresh()

    def refresh(self) -> None:
        pic = self.pic
        played = int(self.session.engine.turn)
        over = self.session.engine.finished
        self.round_label.set_text(f"Game over after {played} rounds" if over
                                  else f"Round {played + 1} of {pic.max_turns}")
        me, other = self.me, self.other
        moves = self.moves()
        parts = [DILEMMA_GOAL_HTML, "",
                 f"<b>Score</b>: you {pic.dilemma_score[me]:g} · {esc(pic.names[other])} "
                 f"{pic.dilemma_score[other]:g} after {played} rounds."]
        if len(moves):
            coop = lambda col: 100 * float(np.mean(moves[:, col] == RESTRAIN))  # noqa: E731
            parts.append(f"Restrained: you {coop(me):.0f} % of rounds · {esc(pic.names[other])} {coop(other):.0f} %.")
        if over:
            parts += ["", f"<b>{esc(pic.names[other])} played {esc(self.opponent_strategy())}.</b>",
                      esc(GLOSSARY.get("dilemma", ""))]
        elif self.hotseat:
            parts += ["", f"<i>{esc(pic.names[other])} is played by the other player at this machine: each of you "
                          "moves in secret, and the round resolves when both have.</i>"]
        else:
            parts += ["", f"<i>{esc(pic.names[other])}'s strategy stays hidden until the last round: "
                          "work it out from its moves.</i>"]
        self.side.set_text("<br>".join(parts))
        for b in (self.restrain_button, self.arm_button, *([] if self.hotseat else self.batch_buttons)):
            (b.hide if over else b.show)()
        (self.debrief_button.show if over else self.debrief_button.hide)()
        self.dirty = True

    # --- playing ---------------------------------------------------------------------------
    def play(self, plan: list[str]) -> None:
        """Play one round per entry of `plan` ("restrain", "arm" or "mirror"). In hot-seat a round is
        one move: it is handed in and the machine passes to the other player."""
        s = self.session
        if self.hotseat:
            how = plan[0]
            if how == "mirror":
                last = self.moves()
                how = "arm" if len(last) and last[-1, self.other] == ARM else "restrain"
            self.flow.orders_given(self.viewer, [DilemmaMove(move=how)])
            return
        for how in plan:
            if s.engine.finished:
                break
            if how == "mirror":
                last = self.moves()
                how = "arm" if len(last) and last[-1, self.other] == ARM else "restrain"
            s.decide_ai()
            try:
                s.submit(self.viewer, [DilemmaMove(move=how)])
            except IllegalOrder:
                break
            if s.ready():
                s.resolve()
            self.pic = for_player(s.engine, self.viewer)
        self.refresh()

    def to_debrief(self) -> None:
        from game.ui.scenes.debrief import DebriefScene

        self.app.switch(DebriefScene(self.app, self.flow, session=self.session))

    def open_help(self) -> None:
        self.track(HelpWindow(self.app, self.pic))

    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        if event.type != pygame.KEYDOWN or self.app.text_focused() or self.session.engine.finished:
            return
        if event.key == pygame.K_r:
            self.app.later(lambda: self.play(["restrain"]))
        elif event.key == pygame.K_a:
            self.app.later(lambda: self.play(["arm"]))
        elif event.key == pygame.K_F1:
            self.app.later(self.open_help)

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        pic = self.pic
        R, T, S, P = pic.payoffs
        box = self.matrix_rect
        fonts = self.app.fonts
        f, fb, fs = fonts.get(15), fonts.get(16, bold=True), fonts.get(12)
        pygame.draw.rect(surface, PANEL_BG, box, border_radius=6)
        pygame.draw.rect(surface, PANEL_EDGE, box, 1, border_radius=6)
        draw.text(surface, fb, "Payoffs (you, them)", (box.left + 12, box.top + 8), TEXT)
        head = fb.get_linesize() + 16
        col_w = (box.width - 24) // 3
        row_h = max((box.height - head - fb.get_linesize() - 24 - int(HISTORY > 0) * 60) // 3, fb.get_linesize() + 8)
        gx, gy = box.left + 12, box.top + head
        moves = self.moves()
        last = tuple(int(v) for v in moves[-1, [self.me, self.other]]) if len(moves) else None
        them = pic.names[self.other]
        draw.text(surface, f, f"{them} restrains", (gx + col_w * 1.5, gy + row_h / 2), TEXT_DIM, anchor="center")
        draw.text(surface, f, f"{them} arms", (gx + col_w * 2.5, gy + row_h / 2), TEXT_DIM, anchor="center")
        cells = {(RESTRAIN, RESTRAIN): (R, R), (RESTRAIN, ARM): (S, T), (ARM, RESTRAIN): (T, S), (ARM, ARM): (P, P)}
        for r, mine in enumerate((RESTRAIN, ARM)):
            y = gy + row_h * (r + 1)
            draw.text(surface, f, "You restrain" if mine == RESTRAIN else "You arm", (gx + 4, y + row_h / 2), TEXT_DIM,
                      anchor="midleft")
            for c, theirs in enumerate((RESTRAIN, ARM)):
                cell = pygame.Rect(int(gx + col_w * (c + 1)), int(y), col_w - 6, row_h - 6)
                hit = last == (mine, theirs)
                pygame.draw.rect(surface, CELL_HI if hit else (38, 46, 60), cell, border_radius=4)
                a, b = cells[mine, theirs]
                draw.text(surface, fb, f"{a:g} , {b:g}", cell.center, TEXT, anchor="center")
        # the last rounds, as squares: your row, then theirs
        hy = gy + row_h * 3 + 8
        recent = moves[-HISTORY:]
        draw.text(surface, fs, f"Last {len(recent)} rounds (green restrain, orange arm)" if len(recent)
                  else "No round played yet.", (gx, hy), TEXT_DIM)
        size = max(6, min(14, (box.width - 110) // HISTORY - 2))
        for row, (who, name) in enumerate(((self.me, "you"), (self.other, them))):
            y = hy + fs.get_linesize() + 4 + row * max(size + 6, fs.get_linesize() + 2)
            draw.text(surface, fs, name, (gx, y + size / 2), TEXT_DIM, anchor="midleft")
            for k, m in enumerate(recent[:, who] if len(recent) else []):
                pygame.draw.rect(surface, MOVE_COLORS.get(int(m), TEXT_DIM), (gx + 90 + k * (size + 2), y, size, size))
