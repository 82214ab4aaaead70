"""How the window shows game.theory's vocabulary: the world's tooltip and the grey [concept]
after an event, in pygame_gui's HTML subset. The words themselves live in game.theory."""
from __future__ import annotations

from game.core.events import Event
from game.theory import GLOSSARY, concept_of, world_name
from game.ui.widgets.kit import esc


def world_tooltip(omega: float, d: float) -> str:
    named = world_name(omega, d)
    return (f"<b>{esc(named.short)}</b> (Ω {omega:.2f}, d {d:.2f})<br>{esc(named.long)}<br><br>"
            f"{esc(GLOSSARY['omega'])}<br>{esc(GLOSSARY['distinguishability'])}")


def concept_tag(e: Event) -> str:
    """' [concept]' in grey after an event's line, or '' when the event illustrates none."""
    concept = concept_of(e.kind, e.data.get("label"))
    return f" <font color='#8A94A6'><i>[{esc(concept)}]</i></font>" if concept else ""
