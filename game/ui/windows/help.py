"""Help: the keyboard, this world, how to read the map, the concepts."""
from __future__ import annotations

from game.theory import GLOSSARY
from game.ui.concepts import DILEMMA_GOAL_HTML, GOAL_HTML, world_tooltip
from game.ui.palette import LINK_STYLES
from game.ui.picture import Picture
from game.ui.widgets.kit import centered, esc, hexc, textbox
from game.ui.windows.game_window import GameWindow


SHORTCUTS = (
    ("Enter / Space", "end your turn (or continue)"),
    ("Esc", "pause menu: save, load, settings, quit"),
    ("C", "charts: arms, threat, beliefs"),
    ("I / O", "intelligence / orders panel"),
    ("Mouse wheel over the cards", "the other rivals' cards, when not all fit"),
    ("S", "spiral watch window"),
    ("Tab", "next rival as target"),
    ("L", "show or hide the map legend"),
    ("F1", "this help"),
    ("P / Right arrow (watch mode)", "pause / play one turn"),
)


class HelpWindow(GameWindow):
    def __init__(self, app, pic: Picture | None = None):
        super().__init__(app, centered(app, 720, 560), "Help — how to read the screen", "#help_window")
        w, h = self.inner
        goal = DILEMMA_GOAL_HTML if pic is not None and pic.dilemma else GOAL_HTML
        parts = [goal + "<br><br><b>Keyboard</b><br>"]
        parts += [f"<b>{esc(k)}</b> — {esc(v)}<br>" for k, v in SHORTCUTS]
        if pic is not None:
            parts.append("<br><b>This world</b><br>" + world_tooltip(pic.omega, pic.distinguishability) + "<br>")
        parts.append("<br><b>The map</b><br>Circles are states, sized by output; your state has a white ring. "
                     "Links show pacts and the spiral watch: ")
        for key in ("alliance", "guarantee", "arms_control", "emerging", "spiral", "runaway", "crisis", "war"):
            st = LINK_STYLES[key]
            parts.append(f"<font color='{hexc(st.color)}'><b>{esc(st.label)}</b></font> ({st.pattern}); ")
        parts.append("arrows show the threat you perceive (wider = more).<br><br><b>Concepts</b><br>")
        for key in ("security_dilemma", "jervis", "omega", "distinguishability", "belief", "threat", "spiral_watch",
                    "stage_emerging", "stage_spiral", "stage_runaway", "stage_crisis", "rung", "pledge",
                    "unilateral_cut", "transparency", "arms_control_offer", "threat_order", "mobilise", "reputation",
                    "tragic", "counterfactual"):
            parts.append(f"• {esc(GLOSSARY[key])}<br>")
        self.box = textbox(app, (8, 8, w - 16, h - 16), "".join(parts), container=self)

