"""The intelligence panel's cards: for each rival, your estimate of its forces with an error bar,
how offensive they look (and how well you can tell), your advisor's belief that it is greedy, and
the threat you feel. A spectator gets the truth for every state instead. Drawn when the picture
changes; returns hover regions with the concept each number stands for.
"""
from __future__ import annotations

import numpy as np
import pygame

from game.theory import GLOSSARY
from game.ui import draw
from game.ui.palette import BAD, GOOD, PANEL_BG, PANEL_EDGE, TEXT, TEXT_DIM, WARN, mix
from game.ui.picture import Picture

Tip = tuple[pygame.Rect, str]


def _belief_color(p: float):
    return GOOD if p < 0.35 else (WARN if p < 0.65 else BAD)


def card_layout(rect: pygame.Rect, fonts: draw.Fonts, rivals: int) -> tuple[int, int]:
    """(card height, cards shown at once). A card never shrinks below its three rows (name and
    threat; forces; looks and belief): when the rivals' cards do not all fit (large type, a small
    window, many rivals), fewer are shown and the rest are scrolled to, with a line saying so."""
    f, fb = fonts.get(12), fonts.get(14, bold=True)
    line = f.get_linesize()
    need = fb.get_linesize() + 2 * line + 21  # the rows, their gaps and the gap between cards
    card_h = max(need, min(8 * line + 30, (rect.height - 6) // max(rivals, 1)))
    if rivals * card_h <= rect.height - 6:
        return card_h, rivals
    return card_h, max(1, (rect.height - 6 - line - 4) // card_h)  # leave a line for "more: scroll"


def player_cards(surface: pygame.Surface, rect: pygame.Rect, fonts: draw.Fonts, pic: Picture,
                 first: int = 0) -> list[Tip]:
    """The rivals' cards from the `first` one on, as many as fit (card_layout)."""
    tips: list[Tip] = []
    pygame.draw.rect(surface, PANEL_BG, rect)
    me = pic.me
    rivals = [k for k in range(pic.n) if k != me]
    if not rivals:
        return tips
    f = fonts.get(12)
    fb = fonts.get(14, bold=True)
    line = f.get_linesize()
    card_h, shown = card_layout(rect, fonts, len(rivals))
    first = min(max(first, 0), len(rivals) - shown)
    scale_max = max(float(np.max(pic.forces * (1 + 2 * pic.forces_err))), pic.own.M if pic.own else 1.0, 1.0)
    hist = pic.history
    # every card's forces scale starts at the same x, after the widest estimate, so scales compare
    forces_w = max(f.size(forces_estimate(pic, k))[0] for k in rivals)
    if shown < len(rivals):
        tips.append(_scroll_note(surface, rect, f, first, len(rivals) - first - shown))
    y = rect.top + 4
    for k in rivals[first:first + shown]:
        card = pygame.Rect(rect.left + 4, y, rect.width - 8, card_h - 6)
        pygame.draw.rect(surface, mix(PANEL_BG, (255, 255, 255), 0.04), card, border_radius=6)
        pygame.draw.rect(surface, PANEL_EDGE, card, 1, border_radius=6)
        pygame.draw.rect(surface, pic.colors[k], (card.left, card.top, 6, card.height), border_top_left_radius=6,
                         border_bottom_left_radius=6)
        x0 = card.left + 14
        name_r = draw.text(surface, fb, pic.names[k], (x0, card.top + 4), TEXT)
        if not pic.alive[k]:
            draw.text(surface, f, "conquered", (name_r.right + 8, card.top + 7), TEXT_DIM)
            y += card_h
            continue
        # threat, with its change since last turn
        t_now = float(pic.threat[me, k])
        t_prev = float(hist.threat[-2, me, k]) if len(hist.turns) >= 2 else t_now
        trend = 1 if t_now > t_prev + 0.02 else (-1 if t_now < t_prev - 0.02 else 0)
        tcol = BAD if trend > 0 else (GOOD if trend < 0 else TEXT_DIM)
        tr = draw.text(surface, f, f"threat {t_now:.2f}", (card.right - 20, card.top + 7), tcol, anchor="topright")
        draw.trend_mark(surface, (card.right - 11, tr.centery), trend, tcol)
        tips.append((tr, GLOSSARY["threat"]))
        extra = []
        if pic.pact[me, k]:
            extra.append("ally")
        if pic.war[me, k]:
            extra.append("AT WAR")
        elif pic.rung[me, k] >= 2:
            extra.append(f"crisis rung {int(pic.rung[me, k])}")
        if extra:
            draw.text(surface, f, " · ".join(extra), (name_r.right + 8, card.top + 7), WARN)
        row = card.top + 8 + fb.get_linesize()
        # forces with the error bar, on a scale that also marks your own forces
        est = float(pic.forces[k])
        err = float(pic.forces_err[k])
        label = draw.text(surface, f, forces_estimate(pic, k), (x0, row), TEXT)
        tips.append((label, GLOSSARY["forces"] + " " + GLOSSARY["error"]))
        scale_left = x0 + forces_w + 10 + 4  # the error bar's end marks reach 4 pixels left of the scale
        scale = pygame.Rect(scale_left, row + line // 2 - 3, card.right - 10 - scale_left, 6)
        if scale.width > 30:
            pygame.draw.rect(surface, (55, 64, 80), scale, border_radius=3)

            def sx(v, scale=scale):
                return scale.left + min(max(v / scale_max, 0), 1) * scale.width

            lo, hi = est * np.exp(-err), est * np.exp(err)
            pygame.draw.line(surface, pic.colors[k], (sx(lo), scale.centery), (sx(hi), scale.centery), 4)
            for v in (lo, hi):
                pygame.draw.line(surface, TEXT, (sx(v), scale.top - 3), (sx(v), scale.bottom + 3), 1)
            pygame.draw.circle(surface, TEXT, (sx(est), scale.centery), 4)
            if pic.own:
                mx = sx(pic.own.M)
                pygame.draw.polygon(surface, (255, 255, 255), [(mx, scale.bottom + 1), (mx - 4, scale.bottom + 7),
                                                               (mx + 4, scale.bottom + 7)])
            tips.append((scale.inflate(0, 12), "Your estimate of its forces (dot) and one standard error either "
                                               "side; the white mark is your own forces."))
        row += line + 3
        # how offensive they look (and how well you can tell) | how likely greedy
        look = float(pic.offense_look[k])
        d = float(pic.d_seen[k])
        p = float(pic.belief[me, k])
        half = (card.right - 10 - x0) // 2
        label = draw.text(surface, f, f"offensive {100 * look:.0f}%", (x0, row), TEXT)
        tips.append((label, GLOSSARY["offense_look"] + f" You tell forces apart with distinguishability d = {d:.2f}. "
                     + GLOSSARY["distinguishability"]))
        b = pygame.Rect(label.right + 6, row + line // 2 - 4, max(16, x0 + half - 8 - label.right - 6), 8)
        draw.bar(surface, b, look, mix(WARN, BAD, look))
        tips.append((b.inflate(0, 8), GLOSSARY["offense_look"]))
        label = draw.text(surface, f, f"greedy? {100 * p:.0f}%", (x0 + half + 4, row), TEXT)
        tips.append((label, GLOSSARY["belief"]))
        b = pygame.Rect(label.right + 6, row + line // 2 - 4, max(16, card.right - 10 - label.right - 6), 8)
        draw.bar(surface, b, p, _belief_color(p))
        tips.append((b.inflate(0, 8), GLOSSARY["belief"]))
        row += line + 6
        if card.bottom - row >= 3 * line and len(hist.turns) >= 2:
            spark = pygame.Rect(x0, row, card.right - 10 - x0, card.bottom - row - 6)
            tips += sparklines(surface, spark, f, pic, k)
        y += card_h
    return tips


def _scroll_note(surface: pygame.Surface, rect: pygame.Rect, f: pygame.font.Font, above: int, below: int) -> Tip:
    """The line under the cards saying how many rivals are above and below the ones shown."""
    parts = ([f"{above} above"] if above else []) + ([f"{below} below"] if below else [])
    text = f"{' · '.join(parts)} — scroll the cards for the other rivals"
    y = rect.bottom - f.get_linesize() - 2
    x = rect.left + 10
    if above:
        draw.trend_mark(surface, (x + 5, y + f.get_linesize() // 2), 1, TEXT_DIM)
        x += 14
    if below:
        draw.trend_mark(surface, (x + 5, y + f.get_linesize() // 2), -1, TEXT_DIM)
        x += 14
    r = draw.text(surface, f, text, (x + 4, y), TEXT_DIM)
    return r, "Not every rival's card fits here: scroll with the mouse wheel over the cards."


def forces_estimate(pic: Picture, k: int) -> str:
    return f"forces ~{float(pic.forces[k]):.0f} ±{100 * float(pic.forces_err[k]):.0f}%"


def spectator_cards(surface: pygame.Surface, rect: pygame.Rect, fonts: draw.Fonts, pic: Picture) -> list[Tip]:
    """Watch mode: the truth about every state, hidden types included."""
    tips: list[Tip] = []
    pygame.draw.rect(surface, PANEL_BG, rect)
    f = fonts.get(12)
    fb = fonts.get(14, bold=True)
    line = f.get_linesize()
    card_h = max(2 * line + 16, min(3 * line + 22, (rect.height - 6) // max(pic.n, 1)))
    top = max(float(np.max(pic.forces)), 1.0)
    bar_left = max(f.size(f"forces {v:.0f}")[0] for v in pic.forces) + 10  # the same for every card
    y = rect.top + 4
    for k in range(pic.n):
        card = pygame.Rect(rect.left + 4, y, rect.width - 8, card_h - 5)
        if card.bottom > rect.bottom:
            break
        pygame.draw.rect(surface, mix(PANEL_BG, (255, 255, 255), 0.04), card, border_radius=6)
        pygame.draw.rect(surface, pic.colors[k], (card.left, card.top, 6, card.height), border_top_left_radius=6,
                         border_bottom_left_radius=6)
        x0 = card.left + 14
        r = draw.text(surface, fb, pic.names[k], (x0, card.top + 3), TEXT)
        typ = pic.types[k].replace("_", " ") if pic.types else ""
        tr = draw.text(surface, f, typ, (r.right + 8, card.top + 6), BAD if typ == "greedy" else GOOD)
        tips.append((tr, "The state's hidden type, shown to spectators only: greedy states want to expand; "
                         "security seekers only want to be safe."))
        if not pic.alive[k]:
            draw.text(surface, f, "conquered", (card.right - 8, card.top + 6), TEXT_DIM, anchor="topright")
            y += card_h
            continue
        fears = [(pic.threat[k, j], j) for j in range(pic.n) if j != k and pic.alive[j]]
        if fears:
            t, j = max(fears)
            fr = draw.text(surface, f, f"fears {pic.names[j]} ({t:.2f})", (card.right - 8, card.top + 6), TEXT_DIM,
                           anchor="topright")
            tips.append((fr, GLOSSARY["threat"]))
        row = card.top + 6 + fb.get_linesize()
        label = draw.text(surface, f, f"forces {pic.forces[k]:.0f}", (x0, row), TEXT)
        b = pygame.Rect(x0 + bar_left, row + line // 2 - 4, card.right - 10 - (x0 + bar_left), 8)
        pygame.draw.rect(surface, (55, 64, 80), b, border_radius=3)
        w = int(b.width * pic.forces[k] / top)
        off = int(w * pic.offense_look[k])
        pygame.draw.rect(surface, BAD, (b.left, b.top, off, b.height))
        pygame.draw.rect(surface, GOOD, (b.left + off, b.top, w - off, b.height))
        tips.append((b.inflate(0, 8), "True forces: offensive (vermillion) and defensive (green)."))
        tips.append((label, GLOSSARY["forces"]))
        row += line + 1
        if row + line <= card.bottom:
            draw.text(surface, f, f"output {pic.Y[k]:.0f} · offense {100 * pic.offense_look[k]:.0f}% · "
                                  f"reputation {100 * pic.reputation[k]:.0f}%", (x0, row), TEXT_DIM)
        y += card_h
    return tips


def sparklines(surface: pygame.Surface, rect: pygame.Rect, font, pic: Picture, k: int) -> list[Tip]:
    """Two small charts over the last turns: their forces as you saw them against yours, and your
    advisor's belief that they are greedy."""
    h = pic.history
    me = pic.me
    last = slice(max(0, len(h.turns) - 25), len(h.turns))
    half = (rect.width - 10) // 2
    boxes = (pygame.Rect(rect.left, rect.top, half, rect.height), pygame.Rect(rect.left + half + 10, rect.top, half,
                                                                            rect.height))
    series = (
        ("forces: theirs (seen) and yours", [(h.arms[last, k], pic.colors[k]), (h.arms[last, me], TEXT)], None),
        ("greedy? (your advisor)", [(h.belief[last, me, k], WARN)], 1.0),
    )
    tips = []
    for box, (title, lines, top) in zip(boxes, series):
        draw.text(surface, font, title, (box.left, box.top), TEXT_DIM)
        plot = pygame.Rect(box.left, box.top + font.get_linesize() + 2, box.width, box.height - font.get_linesize() - 2)
        if plot.height < 8:
            continue
        pygame.draw.rect(surface, (24, 30, 40), plot)
        hi = top if top is not None else max(float(max(np.max(v) for v, _ in lines)), 1e-6) * 1.1
        for values, col in lines:
            n = len(values)
            if n < 2:
                continue
            pts = [(plot.left + i * (plot.width - 1) / (n - 1), plot.bottom - 1 - min(float(v) / hi, 1) * (plot.height - 2))
                   for i, v in enumerate(values)]
            pygame.draw.lines(surface, col, False, pts, 2)
        tips.append((box, f"{title}, over the last {len(h.turns[last])} turns."))
    return tips
