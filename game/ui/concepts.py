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


GOAL_LINE = "Goal: come through safe and prosperous — score = (security + prosperity) / 2."
GOAL_HTML = ("<b>How you win</b>: there is no conquest victory. At the end each state scores "
             "<b>security</b> (50 for surviving, up to 50 more for keeping — or doubling — its opening share of "
             "world output, minus 10 for each war lost) and <b>prosperity</b> (its welfare — output not spent on "
             "arms — as a share of what it would have had spending nothing, 100 = that). The <b>total</b> is their "
             "mean. The debrief sets it beside the same world replayed with every state restrained: beat that, "
             "and your arming paid.")
DILEMMA_GOAL_HTML = ("<b>How you win</b>: score as many points as you can over the rounds; your score is your "
                     "points as a share of always getting the temptation payoff. Beating your opponent is not "
                     "the point — both restraining every round scores best together.")
