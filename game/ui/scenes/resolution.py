"""What happened last turn, from one player's view: the events that player may see, what rivals
said about it, and how its picture of each rival changed. Then on to the orders screen."""
from __future__ import annotations

import pygame

from game.ui import draw
from game.ui.app import Scene
from game.ui.palette import BAD, GOOD, PANEL_BG, PANEL_EDGE, TEXT, TEXT_DIM, UI_BG
from game.ui.picture import for_player
from game.ui.dispatches import event_line
from game.ui.widgets.kit import button, esc, hexc, label, textbox

GROUPS = (
    ("War and crises", ("war", "conquered", "border", "nuclear", "crisis", "threat", "mobilised", "peace")),
    ("Alliances", ("pact", "guarantee", "ally", "call")),
    ("Reassurance and arms control", ("pledge", "unilateral", "transparency", "arms_control")),
    ("Spiral watch", ("spiral",)),
    ("The repeated dilemma", ("dilemma",)),
)


def grouped_html(pic, turn: int) -> str:
    events = pic.events_of_turn(turn)
    used = set()
    out = []
    for title, prefixes in GROUPS:
        lines = [e for e in events if e.kind.startswith(prefixes) and id(e) not in used]
        if not lines:
            continue
        out.append(f"<b>{title}</b>")
        for e in lines:
            used.add(id(e))
            out.append("• " + event_line(e))
        out.append("")
    rest = [e for e in events if id(e) not in used]
    if rest:
        out.append("<b>Other news</b>")
        out += ["• " + event_line(e) for e in rest]
        out.append("")
    statements = pic.statements_of_turn(turn)
    if statements:
        out.append("<b>What they said to you</b>")
        for s in statements:
            col = hexc(pic.colors[pic.index(s.speaker)])
            out.append(f"<font color='{col}'><b>{esc(pic.name(s.speaker))}</b></font>: “{esc(s.text)}”")
    if not out:
        out.append("<i>A quiet turn: nothing you could see happened.</i>")
    return "<br>".join(out)


class ResolutionScene(Scene):
    name = "resolution"

    def __init__(self, app, flow, sid: str):
        super().__init__(app)
        self.flow = flow
        self.sid = sid
        self.pic = for_player(flow.session.engine, sid)

    def build(self) -> None:
        app = self.app
        W, H = app.size
        u = app.settings.ui_scale
        pic = self.pic
        self.r_left = pygame.Rect(30, int(90 * u), int(W * 0.55), H - int(90 * u) - int(100 * u))
        self.r_right = pygame.Rect(self.r_left.right + 24, self.r_left.top, W - self.r_left.right - 54,
                                   self.r_left.height)
        label(app, (30, 16, W - 60, int(44 * u)), f"Turn {pic.turn} resolved — what {pic.name(self.sid)} saw",
              container=self.root, object_id="#title")
        label(app, (30, int(58 * u), W - 60, 26), "Orders were given in secret and carried out at once. "
                                                  "This is what your state could see of the result.",
              container=self.root, object_id="#subtitle")
        self.box = textbox(app, self.r_left, grouped_html(pic, pic.turn), container=self.root)
        bw = int(260 * u)
        self.cont = button(app, (W - bw - 30, H - int(80 * u), bw, int(52 * u)),
                           "Continue to orders  (Enter)" if not pic.finished else "On to the debrief  (Enter)", self.go,
                           container=self.root, object_id="#primary")

    def go(self) -> None:
        from game.ui.scenes.game import GameScene

        session = self.flow.session
        if session.engine.finished:
            self.flow.next()
        else:
            self.app.switch(GameScene(self.app, self.flow, session, viewer=self.sid))

    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.app.later(self.go)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        r = self.r_right
        pygame.draw.rect(surface, PANEL_BG, r, border_radius=8)
        pygame.draw.rect(surface, PANEL_EDGE, r, 1, border_radius=8)
        pic = self.pic
        f = self.app.fonts.get(13)
        fb = self.app.fonts.get(15, bold=True)
        draw.text(surface, fb, "How you see them now", (r.left + 14, r.top + 10), TEXT)
        h = pic.history
        me = pic.me
        y = r.top + 42
        line = f.get_linesize()
        if len(h.turns) >= 2:
            for k in pic.rivals():
                if y + 3 * line > r.bottom:
                    break
                pygame.draw.rect(surface, pic.colors[k], (r.left + 14, y + 2, 8, 3 * line - 4))
                draw.text(surface, fb, pic.names[k], (r.left + 30, y), TEXT)
                y += line + 4
                a0, a1 = h.arms[-2, k], h.arms[-1, k]
                b0, b1 = h.belief[-2, me, k], h.belief[-1, me, k]
                t0, t1 = h.threat[-2, me, k], h.threat[-1, me, k]
                growth = (a1 - a0) / max(a0, 1e-9)
                draw.text(surface, f, f"forces ~{a1:.0f} ({growth:+.0%} as far as you can tell)", (r.left + 30, y),
                          BAD if growth > 0.05 else TEXT_DIM)
                y += line
                col = BAD if b1 > b0 + 0.02 else (GOOD if b1 < b0 - 0.02 else TEXT_DIM)
                draw.text(surface, f, f"greedy? {100 * b0:.0f}% › {100 * b1:.0f}%   threat {t0:.2f} › {t1:.2f}",
                          (r.left + 30, y), col)
                y += line + 10
        own = pic.own
        if own is not None and y + 3 * line < r.bottom:
            y += 6
            draw.text(surface, fb, "Your state", (r.left + 14, y), TEXT)
            y += line + 6
            draw.text(surface, f, f"forces {own.M:.1f} (offence {own.O:.1f}, defence {own.D:.1f})", (r.left + 30, y),
                      TEXT_DIM)
            y += line
            draw.text(surface, f, f"output {own.Y:.1f} · welfare so far {own.welfare:.0f}", (r.left + 30, y), TEXT_DIM)
