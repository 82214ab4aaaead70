"""The question before a war: what the player knows of the odds and of the target's allies, and
what every observer will conclude (an attack is strong evidence of greed)."""
from __future__ import annotations

from pygame_gui.windows import UIConfirmationDialog

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


class DeclareWarDialog(UIConfirmationDialog):
    """Confirmed, the scene queues an attack on `target`."""

    def __init__(self, app, pic: Picture, target: str):
        super().__init__(centered(app, 460, 300), war_question_html(pic, target), app.manager,
                         window_title="Declare war", action_short_name="Attack")
        self.target = target
