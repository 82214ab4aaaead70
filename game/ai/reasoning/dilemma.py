"""The repeated-dilemma mode (DESIGN.md §3): one binary move a round, restrain or arm."""
from __future__ import annotations

from game.ai.reasoning import explain
from game.ai.reasoning.params import Params
from game.ai.reasoning.plan import Plan
from game.core.commands import DilemmaMove
from game.core.view import View


def choose_move(view: View, p: Params, plan: Plan) -> None:
    """Reciprocity shaded by belief: restrain while the rival is believed a security seeker
    (below the doctrine's reassurance line), or while it restrained last round and is not
    believed greedy (below the deterrence line); otherwise arm. Beliefs follow the moves (arming
    is evidence of greed)."""
    other = 1 - view.me
    history = view.moves[1:, other]
    pi = float(view.belief[other])
    last = int(history[-1]) if len(history) else -1
    if pi <= p.reassure_below:
        move, why = "restrain", "trusted"
    elif last == 0 and pi < p.deter_above:
        move, why = "restrain", "restrained_last"
    elif last == -1:
        move, why = "arm", "untrusted"
    else:
        move, why = "arm", ("armed_last" if last == 1 else "distrusted")
    plan.give(DilemmaMove(move=move), explain.dilemma_move, view, other, move, why, pi)
