"""Game over and debrief: final scores beside the mutual-restraint counterfactual, the wars, the
spiral episodes with hidden types revealed (tragic spirals marked), and the export.

Everything is revealed here: the game is over, so the debrief reads the spectator's picture.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pygame

from game.ai.reasoning.explain import BOLD_LEADER
from game.core.scores import scores
from game.match.match import leaders_boldness
from game.match.saves import write_save
from game.ui import draw
from game.ui.folders import open_folder
from game.ui.app import Scene
from game.theory import GLOSSARY
from game.ui.concepts import DILEMMA_GOAL_HTML, GOAL_HTML, concept_tag
from game.ui.palette import PANEL_BG, PANEL_EDGE, TEXT, TEXT_DIM, UI_BG
from game.ui.picture import for_spectator
from game.ui.widgets.kit import button, esc, fit, hexc, label, line_height, textbox
from game.ui.windows.charts import ChartsWindow
from game.ui.windows.spiral_watch import SpiralWindow, episode_label


def export_debrief(session, out_dir: Path) -> str:
    """Write the debrief (HTML, PNG charts, CSV) and the replay it was made from."""
    from game.report.debrief import export

    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = out_dir / f"{session.scenario.id}-{stamp}"
    save = session.save_game()
    write_save(folder / "replay.json", save.model_copy(update={"kind": "replay"}))
    html = export(session.engine, folder, save.controllers)
    return f"Debrief written to {html}"


CHART_TITLE = "Score: this game (solid) and mutual restraint (hatched)"


class DebriefScene(Scene):
    name = "debrief"

    def __init__(self, app, flow, session=None):
        super().__init__(app)
        self.flow = flow
        self.session = session if session is not None else flow.session
        eng = self.session.engine
        self.pic = for_spectator(eng)
        self.final = scores(eng.state)
        from game.match.games import restraint_counterfactual

        try:
            self.counterfactual = restraint_counterfactual(self.session.scenario, eng.seed)
        except Exception:  # noqa: BLE001 - the debrief shows what it can
            self.counterfactual = {}
        self.message = ""

    def build(self) -> None:
        app, pic = self.app, self.pic
        W, H = app.size
        u = app.settings.ui_scale
        eng = self.session.engine
        humans = self.session.humans
        ended = "Game over" if eng.finished else "Your game is over"
        label(app, (30, 14, W - 60, int(46 * u)), f"{ended} — {pic.title}, {pic.turn} turns", container=self.root,
              object_id="#title")
        if humans and not any(pic.alive[pic.index(h)] for h in humans):
            sub = "Every human state was conquered."
        else:
            sub = "Hidden types are revealed. Compare each score with what mutual restraint would have given."
        label(app, (30, int(60 * u), W - 60, 26), sub, container=self.root, object_id="#subtitle")
        top = int(96 * u)
        by = H - int(70 * u)
        bh = int(46 * u)
        status_h = 2 * line_height(app, "#status") + 8  # where the export went: up to two lines
        bottom = by - status_h - 8
        chart_w = int(W * 0.46)
        # half the column, or more where the rows need a line of type each (the table below scrolls)
        chart_h = max(int((bottom - top) * 0.5), min(self.chart_height_needed(chart_w), (bottom - top) * 3 // 4))
        self.r_chart = pygame.Rect(30, top, chart_w, chart_h)
        self.r_table = pygame.Rect(30, self.r_chart.bottom + 10, self.r_chart.width, bottom - self.r_chart.bottom - 10)
        self.table = textbox(app, self.r_table, self.table_html(), container=self.root)
        self.table.set_tooltip(DILEMMA_GOAL_HTML if pic.dilemma else GOAL_HTML, wrap_width=int(360 * u))
        right = pygame.Rect(self.r_chart.right + 20, top, W - self.r_chart.right - 50, bottom - top)
        self.story = textbox(app, right, self.story_html(), container=self.root)
        buttons = (
            ("Charts", lambda: self.track(ChartsWindow(app, pic)), "Arms, tension and beliefs — all revealed.", None),
            ("Spiral watch", lambda: self.track(SpiralWindow(app, pic, 0)), GLOSSARY["spiral_watch"], None),
            ("Export debrief", self.export, "Write the debrief (HTML, charts, CSV) and the replay to your data folder.",
             "#primary"),
            ("Open exports folder", self.open_exports, "Show the exported debriefs in your file manager.", None),
            ("Back to title", self.to_title, None, None),
            ("Quit", app.quit, None, None),
        )
        needed = [app.fonts.get(16 if oid_ else 14, bold=bool(oid_)).size(text)[0] + int(28 * u)
                  for text, _, _, oid_ in buttons]
        room = W - 60 - 10 * (len(buttons) - 1)
        widths = [max(int(150 * u), n) for n in needed]
        if sum(widths) > room:  # large type: each button its words' width and a fair share of what is left
            widths = [n + max(0, room - sum(needed)) // len(buttons) for n in needed]
        x = 30
        for (text, fn, tip, oid_), w in zip(buttons, widths):
            button(app, (x, by, w, bh), text, fn, container=self.root, tip=tip, object_id=oid_)
            x += w + 10
        # where the export went, in full (wrapped), never cut
        self.status = textbox(app, (30, bottom + 4, W - 60, status_h), esc(self.message),
                              container=self.root, object_id="#status")
        if not self.message:
            self.status.hide()  # an empty band until there is something to say

    def table_html(self) -> str:
        pic = self.pic
        rows = ["<b>State · type · security / prosperity · total · with mutual restraint</b>"]
        for k, sid in enumerate(pic.ids):
            sc = self.final[sid]
            cf = self.counterfactual.get(sid)
            col = hexc(pic.colors[k])
            typ = pic.types[k].replace("_", " ")
            human = " (human)" if sid in self.session.humans else ""
            alive = "" if pic.alive[k] else " — conquered"
            cft = f"{cf.total:.1f}" if cf else "—"
            diff = f" ({sc.total - cf.total:+.1f})" if cf else ""
            rows.append(f"<font color='{col}'><b>{esc(pic.names[k])}</b></font>{human}{alive} · {esc(typ)} · "
                        f"{sc.security:.0f} / {sc.prosperity:.0f} · <b>{sc.total:.1f}</b> · {cft}{diff}")
        rows.append("<br><i>" + esc(GLOSSARY["counterfactual"]) + "</i>")
        rows.append("<br>" + (DILEMMA_GOAL_HTML if pic.dilemma else GOAL_HTML))
        return "<br>".join(rows)

    def story_html(self) -> str:
        from game.match.outputs import wars_of

        pic = self.pic
        eng = self.session.engine
        out = ["<b>Hidden types</b>"]
        boldness = leaders_boldness(eng.scenario, eng.seed)
        for k in range(pic.n):
            typ = pic.types[k]
            col = "#FF8A57" if typ == "greedy" else "#5FD3A4"
            sid = pic.ids[k]
            # Boldness weighs in wars of gain, which greedy states fight: there a gambler made a difference.
            gambler = typ == "greedy" and sid not in self.session.humans and boldness[sid] >= BOLD_LEADER
            leader = f" · <i>its leader a gambler (boldness {boldness[sid]:+.1f})</i>" if gambler else ""
            out.append(f"{esc(pic.names[k])}: <font color='{col}'>{esc(typ.replace('_', ' '))}</font>{leader}")
        wars = wars_of(eng)
        out.append("<br><b>Wars</b>" if wars else "<br><b>Wars</b>: none.")
        for w in wars:
            a, d = pic.name(w["attacker"]), pic.name(w["defender"])
            end = f"turn {w['start']}–{w['end']}" if w["end"] is not None else f"from turn {w['start']}, still going"
            result = w["result"] or "undecided"
            if result in pic.ids:
                result = f"{pic.name(result)} won"
            else:
                result = re.sub(r"[a-z][a-z0-9_]*", lambda m: pic.name(m.group(0)) if m.group(0) in pic.ids
                                else m.group(0), result)
            out.append(f"• {esc(a)} attacked {esc(d)} ({esc(w['label'])} war), {end}: {esc(result)}")
        out.append("<br><b>Spiral episodes</b>" if pic.episodes else "<br><b>Spiral episodes</b>: none — no arms race "
                                                                     "took hold.")
        for ep in pic.episodes:
            mark = " <font color='#E69F00'><b>tragic</b></font> — both were security seekers" if ep.tragic else ""
            out.append(f"• {esc(episode_label(pic, ep))}, peak {esc(ep.peak)}, ended by "
                       f"{esc(ep.ended_by or 'still going')}{mark}")
        turning = [(e, tag) for e in pic.events if (tag := concept_tag(e))]
        if turning:
            out.append("<br><b>Turning points</b>")
            for e, tag in turning[:40]:
                out.append(f"• turn {e.turn}: {esc(e.text)}{tag}")
        return "<br>".join(out)

    def export(self) -> None:
        try:
            self.message = export_debrief(self.session, self.app.paths.exports_dir)
        except Exception as err:  # noqa: BLE001 - tell the teacher, keep the game running
            self.message = f"Export failed: {err}"
        self.status.set_text(esc(self.message))
        self.status.show()

    def open_exports(self) -> None:
        problem = open_folder(self.app.paths.exports_dir)
        self.message = problem or f"Opened {self.app.paths.exports_dir}"
        self.status.set_text(esc(self.message))
        self.status.show()

    def to_title(self) -> None:
        from game.ui.scenes.title import TitleScene

        self.app.switch(TitleScene(self.app))

    def handle(self, event: pygame.event.Event, consumed: bool) -> None:
        for win in list(self.windows):
            if win.alive() and hasattr(win, "on_event"):
                win.on_event(event)
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            open_ = [w for w in self.windows if w.alive()]
            self.app.later(open_[-1].kill if open_ else self.to_title)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(UI_BG)
        r = self.r_chart
        pygame.draw.rect(surface, PANEL_BG, r, border_radius=8)
        pygame.draw.rect(surface, PANEL_EDGE, r, 1, border_radius=8)
        self.draw_scores(surface)

    def chart_fonts(self) -> tuple[pygame.font.Font, pygame.font.Font]:
        return self.app.fonts.get(12), self.app.fonts.get(14, bold=True)

    def chart_height_needed(self, width: int) -> int:
        """The score chart's height with its title wrapped to `width` and a line of type a state."""
        f, fb = self.chart_fonts()
        title = len(draw.wrap(fb, CHART_TITLE, width - 24)) * fb.get_linesize()
        return 8 + title + 4 + self.pic.n * f.get_linesize() + 6

    def draw_scores(self, surface: pygame.Surface) -> list[pygame.Rect]:
        """Each state's score as a solid bar over the hatched bar of mutual restraint, each with its
        number. Where a bar is thinner than a line of type, both numbers share one line after the
        longer bar (stacked they would overlap). Returns the rectangles of every text drawn."""
        r = self.r_chart
        pic = self.pic
        f, fb = self.chart_fonts()
        drawn = []
        y = r.top + 8
        for line in draw.wrap(fb, CHART_TITLE, r.width - 24):
            drawn.append(draw.text(surface, fb, line, (r.left + 12, y), TEXT))
            y += fb.get_linesize()
        top = y + 4
        n = pic.n
        row = max(14, min(64, (r.bottom - 6 - top) // max(n, 1)))  # the box is built for a line a row
        bar_h = max(4, min(22, (row - 6) // 2))
        line = f.get_linesize()
        stacked = bar_h + 2 >= line
        name_w = min(max(f.size(name)[0] for name in pic.names) + 18, r.width // 3)
        numbers = [self.final[sid].total for sid in pic.ids] + [cf.total for cf in self.counterfactual.values()]
        number_w = max(f.size(f"{v:.0f}")[0] for v in numbers)
        numbers_w = number_w if stacked else 2 * number_w + f.size(" · ")[0]
        bar_w = r.width - name_w - numbers_w - 24
        hi = max(numbers + [1.0])
        for k, sid in enumerate(pic.ids):
            y = top + k * row
            mid = y + bar_h + 3
            drawn.append(draw.text(surface, f, fit(f, pic.names[k], name_w - 18), (r.left + 12, mid), TEXT,
                                   anchor="midleft"))
            solid = pygame.Rect(r.left + name_w, y + 2, int(bar_w * self.final[sid].total / hi), bar_h)
            pygame.draw.rect(surface, pic.colors[k], solid)
            score = f"{self.final[sid].total:.0f}"
            cf = self.counterfactual.get(sid)
            hatched = None
            if cf is not None:
                hatched = pygame.Rect(r.left + name_w, solid.bottom + 2, int(bar_w * cf.total / hi), bar_h)
                pygame.draw.rect(surface, pic.colors[k], hatched, 1)
                clip = surface.get_clip()
                surface.set_clip(hatched)
                for x in range(hatched.left - bar_h, hatched.right, 6):
                    pygame.draw.line(surface, pic.colors[k], (x, hatched.bottom - 1), (x + bar_h, hatched.top), 1)
                surface.set_clip(clip)
            if stacked or hatched is None:
                drawn.append(draw.text(surface, f, score, (solid.right + 6, solid.centery), TEXT, anchor="midleft"))
                if hatched is not None:
                    drawn.append(draw.text(surface, f, f"{cf.total:.0f}", (hatched.right + 6, hatched.centery),
                                           TEXT_DIM, anchor="midleft"))
            else:
                at = max(solid.right, hatched.right) + 6
                first = draw.text(surface, f, score + " · ", (at, mid), TEXT, anchor="midleft")
                drawn.append(first)
                drawn.append(draw.text(surface, f, f"{cf.total:.0f}", (first.right, mid), TEXT_DIM, anchor="midleft"))
        return drawn
