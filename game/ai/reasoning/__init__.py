"""The reasoning core (DESIGN.md §4): one function, `decide(view, rng, params, doctrine)`, turns a
state's view into orders with their reasons. Doctrines are parameter sets (`Params`) on it.

The steps, one module each: beliefs (what stands behind a belief, §4.2 — the update itself runs
in the core), threat (§4.3), arms (§4.4), alliances (§4.5), signals (§4.6), crises and war
(§4.7), explain (§4.8: every sentence the AI says), and dilemma for the repeated-dilemma mode.
The decisions gather their orders in a Plan, which checks every order against the rules
before it is given and keeps its reason.
"""
from __future__ import annotations

import numpy as np

from game.ai.reasoning import alliances, arms, crises, dilemma, signals, war
from game.ai.reasoning.params import Params
from game.ai.reasoning.plan import Plan
from game.core.controller import Decision
from game.core.view import View


def decide(view: View, rng: np.random.Generator, params: Params, doctrine: str, explain: bool = True) -> Decision:
    """This turn's orders, in the order the decisions are taken: wars to end, calls to arms,
    crises, wars to start, then the budget, alliances and signals (each sees the orders before it)."""
    plan = Plan(view, doctrine, explain)
    if view.dilemma:
        dilemma.choose_move(view, params, plan)
    else:
        war.make_peace(view, params, plan, rng)
        alliances.answer_calls(view, params, plan, rng)
        crises.answer_crises(view, params, plan, rng)
        war.start_war(view, params, plan, rng)
        arms.set_budget(view, params, plan)
        alliances.seek_alliances(view, params, plan)
        signals.send_signals(view, params, plan, rng)
    return Decision(plan.orders, plan.exp, checked_against=view)


__all__ = ["Params", "decide"]
