"""The questions before a war: an attack (what the player knows of the odds and of the target's
allies, and what every observer will conclude: an attack is strong evidence of greed), and an
escalation that starts a war (a crisis at rung 4) or, in a war, means nuclear use."""
from __future__ import annotations

from pygame_gui.windows import UIConfirmationDialog

from game.core.commands import CrisisResponse, Order
from game.core.state import RUNG_NAMES
from game.ui.picture import Picture
from game.ui.widgets.kit import centered, esc


def war_question_html(pic: Picture, target: str) -> str:
    k = pic.index(target)
    own = pic.own
    allies = [pic.names[j] for j in range(pic.n) if pic.pact[k, j] or pic.guarantee[j, k]]
    text = (f"<b>Go to war with {esc(pic.names[k])}?</b><br><br>Your offensive forces: {own.O:.1f}. "
            f"Their forces as you estimate them: ~{pic.forces[k]:.0f} (±{100 * pic.forces_err[k]:.0f} %). "
            f"Offense–defense balance Ω {pic.omega:.2f}.")
    if allies:
        text += f"<br>Their allies may be called in: {esc(', '.join(allies))}."
    text += "<br><br>Every observer will read an attack as strong evidence that you are greedy."
    return text


def escalation_question_html(pic: Picture, target: str) -> str:
    k = pic.index(target)
    me = pic.me
    name = esc(pic.names[k])
    if pic.war[me, k]:
        return (f"<b>Escalate the war with {name}?</b><br><br>At war, the next rungs are "
                f"{RUNG_NAMES[6]} and {RUNG_NAMES[7]}. Escalating means using nuclear weapons"
                + (f"; {name} holds {pic.N[k]:.0f} warheads of its own" if pic.N[k] > 0 else "")
                + ".<br><br>Mutual assured destruction: a nuclear exchange ruins both sides.")
    rung = int(pic.rung[me, k])
    return (f"<b>Escalate the crisis with {name}?</b><br><br>The crisis stands at rung {rung}, "
            f"{RUNG_NAMES[rung]}. One rung up is {RUNG_NAMES[min(rung + 1, 7)]}: escalating now starts a war."
            "<br><br>Every observer will read it as strong evidence that you are greedy.")


class DeclareWarDialog(UIConfirmationDialog):
    """Confirmed, the scene queues `order` (an attack, or an escalation that means war)."""

    def __init__(self, app, pic: Picture, order: Order):
        if isinstance(order, CrisisResponse):
            html, title, action = escalation_question_html(pic, order.target), "Escalate", "Escalate"
        else:
            html, title, action = war_question_html(pic, order.target), "Declare war", "Attack"
        super().__init__(centered(app, 460, 300), html, app.manager, window_title=title, action_short_name=action)
        self.order = order
        self.target = order.target

