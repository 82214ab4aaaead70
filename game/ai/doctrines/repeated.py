"""The classic strategies of the repeated prisoner's dilemma (Axelrod 1984), as doctrines.

Each strategy is one pure rule, `move(mine, theirs, rng) -> 0 | 1`: given the moves actually
played so far (0 = restrain / cooperate, 1 = arm / defect; after noise, as both sides saw them),
what to play next. The tournament's fast path calls `move` directly; `decide(view, rng)` wraps
the same rule for the Engine, in two settings:

* **Repeated-dilemma scenarios** (a `[dilemma]` table): the histories are the public moves of
  the view (`view.moves`, one row per resolved turn, row 0 = -1 before the first move) and the
  order is a `DilemmaMove`.
* **Ordinary scenarios** (budgets, crises, wars): a move has to be read off the arms race.
  - *My* move: **restrain** = hold forces level (the maintenance budget) with a defensive
    posture (20 % offensive procurement); **arm** = the budget that grows forces by twice the
    spiral threshold this turn (10 % by default; at most half of output), half of it offensive —
    so an armed turn always reads as arming, to the rival and to the strategy itself.
  - *The rival's* move: it **armed** in a turn when my estimate of its forces (`view.seen_M`)
    grew by at least the scenario's spiral threshold γ* — the same line the spiral detector draws
    (DESIGN.md §5). My own past moves are read the same way from my true forces. Intelligence is
    noisy, so a strategy may read a rival's standing still as a buildup: that is the security
    dilemma's misperception at work, not a bug.
  - *The rival* is the state I now perceive as most threatening (view.threat); with two states,
    simply the other one.
  - Around the budget: in a crisis a strategy stands firm when it arms and backs down when it
    restrains; at war it offers peace every turn (none of these strategies ever attacks); while
    restraining it answers a standing arms-control offer.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from game.ai.doctrines.base import Doctrine
from game.ai.reasoning.reasons import Explanation, Reason
from game.core.commands import ArmsControlOffer, Budget, CrisisResponse, DilemmaMove, OfferPeace, Order
from game.core.controller import Decision
from game.core.rules import check_order, offer_open
from game.core.state import RULES, maintenance_share
from game.core.view import View
from game.errors import IllegalOrder

RESTRAIN, ARM = 0, 1
MOVE_NAMES = ("restrain", "arm")
DEFAULT_PAYOFFS = (3.0, 5.0, 0.0, 1.0)  # R, T, S, P

ARM_GROWTH = 2.0  # arming grows forces by this many spiral thresholds a turn (ordinary scenarios)
ARM_OFFENSE = 0.5
RESTRAIN_OFFENSE = 0.2  # a defensive posture


def _classifier(memory_depth: float, stochastic: bool, nice: bool, retaliating: bool, forgiving: bool) -> dict[str, Any]:
    """Axelrod-style classifier: memory depth (rounds of history used; inf = all), stochastic,
    and Axelrod's (1984) properties: nice (never the first to defect), retaliating (answers a
    defection), forgiving (returns to cooperation after retaliating)."""
    return {"family": "repeated dilemma", "memory_depth": memory_depth, "stochastic": stochastic,
            "nice": nice, "retaliating": retaliating, "forgiving": forgiving, "makes_use_of": ()}


class RepeatedStrategy(Doctrine):
    """A repeated-dilemma strategy as a doctrine (see the module docstring for the mapping to
    ordinary scenarios). Subclasses implement `move`."""

    explain: bool = True  # batch runs switch explanations off

    def move(self, mine: np.ndarray, theirs: np.ndarray, rng: np.random.Generator) -> int:  # pragma: no cover
        raise NotImplementedError

    @property
    def stochastic(self) -> bool:
        return bool(self.classifier.get("stochastic", False))

    @property
    def memory_depth(self) -> float:
        return float(self.classifier.get("memory_depth", math.inf))

    def configure(self, payoffs: tuple[float, float, float, float]) -> None:
        """Adapt to a payoff matrix (R, T, S, P) before a match; most strategies ignore it."""

    def sequence(self, turns: int, rng: np.random.Generator) -> np.ndarray:
        """All moves of a match at once — only for strategies that ignore the history
        (memory depth 0); the fast path uses it to skip the round-by-round loop."""
        empty = np.zeros(0, dtype=np.int8)
        return np.array([self.move(empty, empty, rng) for _ in range(turns)], dtype=np.int8)

    # --- the Engine ------------------------------------------------------------------------
    def decide(self, view: View, rng: np.random.Generator) -> Decision:
        if view.dilemma:
            return self._decide_dilemma(view, rng)
        return self._decide_arms(view, rng)

    def _decide_dilemma(self, view: View, rng: np.random.Generator) -> Decision:
        self.configure(tuple(view.payoffs))
        me, other = view.me, 1 - view.me
        history = view.moves[1:]
        m = self.move(history[:, me], history[:, other], rng)
        order = DilemmaMove(move=MOVE_NAMES[m])
        exp = None
        if self.explain:
            exp = self._explanation(view, other, m, history[:, other], "dilemma", order)
        return Decision([order], exp)

    def _decide_arms(self, view: View, rng: np.random.Generator) -> Decision:
        rival = self._main_rival(view)
        mine, theirs = arms_moves(view, rival)
        m = self.move(mine, theirs, rng)
        if m == ARM:
            budget = Budget(military_share=arming_share(view), offense_share=ARM_OFFENSE)
        else:
            budget = Budget(military_share=maintenance_share(view.my_M, view.my_Y), offense_share=RESTRAIN_OFFENSE)
        orders: list[Order] = [budget]
        for k in view.rivals():
            tid = view.ids[k]
            if view.war[view.me, k]:
                self._add(view, orders, OfferPeace(target=tid))
            elif view.rung[view.me, k] >= 2:
                self._add(view, orders, CrisisResponse(target=tid, response="firm" if m == ARM else "back_down"))
            elif m == RESTRAIN and offer_open(view, "arms_control", k, view.me):
                self._add(view, orders, ArmsControlOffer(target=tid))
        exp = None
        if self.explain and rival is not None:
            exp = self._explanation(view, rival, m, theirs, "arms", budget)
        return Decision(orders, exp)

    @staticmethod
    def _add(view: View, orders: list[Order], order: Order) -> None:
        try:
            check_order(view, view.me, order, orders)
        except IllegalOrder:
            return
        orders.append(order)

    @staticmethod
    def _main_rival(view: View) -> int | None:
        rivals = view.rivals()
        if not rivals:
            return None
        return max(rivals, key=lambda k: (float(view.threat[k]), -k))

    def _explanation(self, view: View, rival: int, m: int, theirs: np.ndarray, decision: str, order: Order) -> dict:
        who = view.names[rival]
        if len(theirs) == 0:
            why = "it is the first round"
        else:
            last = "armed" if theirs[-1] == ARM else "restrained"
            why = f"{who} {last} last turn" + ("" if decision == "dilemma" else " (as far as my intelligence can tell)")
        verb = "arms" if m == ARM else "restrains"
        summary = f"{view.names[view.me]} ({self.title}) {verb}: {why}."
        exp = Explanation(state=view.ids[view.me], doctrine=self.name)
        exp.add(Reason(decision=decision, summary=summary, target=view.ids[rival], order=order.model_dump()))
        return exp.to_dict()


def arming_share(view: View) -> float:
    """The military share that grows forces by ARM_GROWTH spiral thresholds this turn."""
    target = ARM_GROWTH * view.spiral_threshold
    share = (target + RULES.depreciation) * view.my_M / (RULES.force_per_output * max(view.my_Y, 1e-9))
    return float(min(0.5, max(share, maintenance_share(view.my_M, view.my_Y))))


def arms_moves(view: View, rival: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Moves read off the arms race (ordinary scenarios): a turn counts as arming when forces
    grew by at least the spiral threshold — mine from my true forces, the rival's from my
    estimate of its forces. Rows from turn 1."""
    seen = np.asarray(view.seen_M, dtype=float)
    if seen.shape[0] < 2 or rival is None:
        empty = np.zeros(0, dtype=np.int8)
        return empty, empty
    growth = seen[1:] / np.maximum(seen[:-1], 1e-9) - 1.0
    armed = (growth >= view.spiral_threshold).astype(np.int8)
    return armed[:, view.me], armed[:, rival]


# ---------------------------------------------------------------------------------------------
# The strategies


class TitForTat(RepeatedStrategy):
    """Tit-for-tat (Rapoport; Axelrod 1984): restrain first, then do what the rival did last
    round. Nice, retaliating, forgiving and clear — the winner of both of Axelrod's tournaments."""

    name = "tit_for_tat"
    title = "Tit-for-tat"
    classifier = _classifier(1, False, nice=True, retaliating=True, forgiving=True)

    def move(self, mine, theirs, rng):
        return int(theirs[-1]) if len(theirs) else RESTRAIN


class GenerousTitForTat(RepeatedStrategy):
    """Generous tit-for-tat (Molander 1985; Nowak & Sigmund 1992): like tit-for-tat, but after a
    defection it still restrains with probability g = min(1 − (T−R)/(R−S), (R−P)/(T−P)) — 1/3
    for the classic matrix — so a single accidental defection (noise) does not start an endless
    echo of retaliation."""

    name = "generous_tit_for_tat"
    title = "Generous tit-for-tat"
    classifier = _classifier(1, True, nice=True, retaliating=True, forgiving=True)

    def __init__(self, difficulty: str = "normal"):
        super().__init__(difficulty)
        self.generosity = generosity(DEFAULT_PAYOFFS)

    def configure(self, payoffs):
        self.generosity = generosity(payoffs)

    def move(self, mine, theirs, rng):
        if len(theirs) == 0 or theirs[-1] == RESTRAIN:
            return RESTRAIN
        return RESTRAIN if rng.random() < self.generosity else ARM


def generosity(payoffs: tuple[float, float, float, float]) -> float:
    """Molander's (1985) generosity for a payoff matrix (R, T, S, P)."""
    R, T, S, P = payoffs
    return float(max(0.0, min(1 - (T - R) / (R - S), (R - P) / (T - P))))


class AlwaysCooperate(RepeatedStrategy):
    """Always restrain (Axelrod 1984's unconditional cooperator): cooperation without
    retaliation, exploited by anyone who arms — and in an ecological tournament it survives only
    while no exploiter is left."""

    name = "always_cooperate"
    title = "Always restrain"
    classifier = _classifier(0, False, nice=True, retaliating=False, forgiving=True)

    def move(self, mine, theirs, rng):
        return RESTRAIN

    def sequence(self, turns, rng):
        return np.zeros(turns, dtype=np.int8)


class AlwaysDefect(RepeatedStrategy):
    """Always arm (Axelrod 1984's unconditional defector): the dominant move of the one-shot
    dilemma (Tucker's prisoner's dilemma, 1950), played every round — never exploited, never
    rewarded."""

    name = "always_defect"
    title = "Always arm"
    classifier = _classifier(0, False, nice=False, retaliating=True, forgiving=False)

    def move(self, mine, theirs, rng):
        return ARM

    def sequence(self, turns, rng):
        return np.ones(turns, dtype=np.int8)


class Grudger(RepeatedStrategy):
    """Grudger (Friedman 1971, 'grim trigger'; Axelrod 1984): restrain until the rival arms
    once, then arm for ever. Nice and retaliating, never forgiving."""

    name = "grudger"
    title = "Grudger (grim trigger)"
    classifier = _classifier(math.inf, False, nice=True, retaliating=True, forgiving=False)

    def move(self, mine, theirs, rng):
        return ARM if theirs.any() else RESTRAIN


class TitForTwoTats(RepeatedStrategy):
    """Tit-for-two-tats (Axelrod 1984): arm only after the rival armed in each of the last two
    rounds. More forgiving than tit-for-tat; it would have won Axelrod's first tournament, and
    is exploited by a rival that arms every other round."""

    name = "tit_for_two_tats"
    title = "Tit-for-two-tats"
    classifier = _classifier(2, False, nice=True, retaliating=True, forgiving=True)

    def move(self, mine, theirs, rng):
        return ARM if len(theirs) >= 2 and theirs[-1] == ARM and theirs[-2] == ARM else RESTRAIN


class WinStayLoseShift(RepeatedStrategy):
    """Win-stay, lose-shift or Pavlov (Kraines & Kraines 1989; Nowak & Sigmund 1993): restrain
    first; keep the last move after a good payoff (R or T), switch after a bad one (S or P) —
    i.e. restrain exactly when both sides made the same move last round. It corrects accidental
    defections between two Pavlovs and exploits unconditional cooperators."""

    name = "win_stay_lose_shift"
    title = "Win-stay, lose-shift (Pavlov)"
    classifier = _classifier(1, False, nice=True, retaliating=True, forgiving=True)

    def move(self, mine, theirs, rng):
        if len(theirs) == 0:
            return RESTRAIN
        return RESTRAIN if mine[-1] == theirs[-1] else ARM


class RandomMove(RepeatedStrategy):
    """Random (Axelrod's RANDOM entry, 1980): restrain or arm with equal chance, whatever the
    rival does — the baseline every strategy should beat."""

    name = "random"
    title = "Random"
    classifier = _classifier(0, True, nice=False, retaliating=False, forgiving=True)
    p_restrain: float = 0.5

    def move(self, mine, theirs, rng):
        return RESTRAIN if rng.random() < self.p_restrain else ARM

    def sequence(self, turns, rng):
        return (rng.random(turns) >= self.p_restrain).astype(np.int8)


REPEATED_STRATEGIES: dict[str, type[RepeatedStrategy]] = {
    cls.name: cls
    for cls in (TitForTat, GenerousTitForTat, AlwaysCooperate, AlwaysDefect, Grudger, TitForTwoTats,
                WinStayLoseShift, RandomMove)
}

__all__ = ["REPEATED_STRATEGIES", "RepeatedStrategy", "arms_moves", "generosity", "RESTRAIN", "ARM"]
