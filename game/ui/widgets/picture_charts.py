"""The charts of a picture, by name (Arms, Threat, Tension, Crises, Beliefs, Output), drawn with
the chart primitives into a surface."""
from __future__ import annotations

import numpy as np
import pygame

from game.ui.palette import mix
from game.ui.picture import Picture
from game.ui.widgets import charts


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
            lines.append(charts.Line(f"{pic.names[i]}–{pic.names[j]}", mix(pic.colors[i], pic.colors[j], 0.5),
                                     T[:, i, j], dashed=(i + j) % 2 == 1))
        charts.line_chart(surf, rect, fonts, "Tension per dyad (the most tense eight)", h.turns, lines, "tension",
                          y_max=1.0, note="mutual threat and the crisis rung, 0–1")
    elif name == "Crises":
        R = h.rung.astype(float)
        pairs = [(float(R[:, i, j].max()), float(R[:, i, j].mean()), i, j)
                 for i in range(pic.n) for j in range(i + 1, pic.n)]
        pairs = [p for p in sorted(pairs, reverse=True) if p[0] >= 1][:8]
        for _, _, i, j in pairs:
            lines.append(charts.Line(f"{pic.names[i]}–{pic.names[j]}", mix(pic.colors[i], pic.colors[j], 0.5),
                                     R[:, i, j], dashed=(i + j) % 2 == 1, steps=True))
        charts.line_chart(surf, rect, fonts, "Escalation ladder per dyad", h.turns, lines, "rung", y_max=7.0,
                          integer_y=True, note="0 cooperation · 1 rivalry · 2 threat · 3 mobilisation · 4 clash · "
                                               "5 war · 6–7 nuclear")
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

