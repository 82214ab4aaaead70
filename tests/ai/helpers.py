"""Worlds and controllers for AI tests: scenarios built in code, scripted opponents, and AI
doctrines with chosen parameters (e.g. frozen beliefs) for tests of one mechanism at a time."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Mapping

import numpy as np

from game.ai.reasoning import Params
from game.ai.doctrines.realists import DefensiveRealist
from game.core.commands import Budget, Order
from game.core.controller import Decision
from game.core.engine import Engine
from game.core.perception import MindSet
from game.core.state import RULES, maintenance_share
from game.core.view import View
from game.match.match import Match, controller_seats
from tests.core.world import scenario  # noqa: F401  (re-exported for the AI tests)

QUIET = dict(deter_above=2.0, reassure_below=-1.0, preventive=False, preemptive=False, reciprocity=False,
             transparency=False, balance_threshold=99.0)


def doctrine(params: Params | None = None, mind: MindSet | None = None, **changes: Any) -> DefensiveRealist:
    """A defensive realist with other parameters and mind-set."""
    ai = DefensiveRealist()
    ai.params = replace(params or DefensiveRealist.params, **changes)
    if mind is not None:
        ai.mindset = mind
    return ai


def frozen_mind(prior: float, **kw: Any) -> MindSet:
    """A mind-set whose beliefs never move from the prior (no weight on any evidence)."""
    return MindSet(lam_hostile=0.0, lam_benign=0.0, forgetting=0.0, prior=prior, **kw)


class Scripted:
    """A scripted opponent: `plan(view) -> list of orders` each turn."""

    name = "scripted"
    mindset = None

    def __init__(self, plan: Callable[[View], list[Order]]):
        self.plan = plan

    def decide(self, view: View, rng: np.random.Generator) -> Decision:
        return Decision(self.plan(view))


def grow(rate: float, offense_share: float = 0.4) -> Callable[[View], list[Order]]:
    """Orders that make forces grow by `rate` a turn (0: hold level)."""

    def plan(view: View) -> list[Order]:
        share = (rate + RULES.depreciation) * view.my_M / (RULES.force_per_output * max(view.my_Y, 1e-9))
        return [Budget(military_share=float(min(0.5, share)), offense_share=offense_share)]

    return plan


def hold(view: View) -> list[Order]:
    return [Budget(military_share=maintenance_share(view.my_M, view.my_Y), offense_share=view.my_mu)]


def run(sc, controllers: Mapping[str, Any], seed: int = 1, turns: int | None = None) -> Engine:
    return Match(sc, controller_seats(controllers), seed=seed).play(turns=turns).engine


def reasons(engine: Engine, state_id: str | None = None) -> list[dict]:
    out = []
    for rec in engine.records:
        for sid, exp in rec.explanations.items():
            if exp and (state_id is None or sid == state_id):
                for r in exp.get("reasons", []):
                    out.append({**r, "state": sid, "turn": rec.turn})
    return out
