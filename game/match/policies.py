"""Fixed-policy controllers: the mutual-restraint counterfactual, scripted opponents for tests,
and random orders for property tests and fuzzing. They read only the view, like every controller."""
from __future__ import annotations

import numpy as np

from game.core.commands import (
    AcceptPact,
    ArmsControlOffer,
    Budget,
    CrisisResponse,
    DilemmaMove,
    OfferPeace,
)
from game.core.controller import Decision
from game.core.rules import check_order, legal_orders, offer_open
from game.core.state import maintenance_share as core_maintenance_share
from game.core.view import View
from game.errors import IllegalOrder


def maintenance_share(view: View) -> float:
    """The military share that keeps one's forces level."""
    return core_maintenance_share(view.my_M, view.my_Y)


class Restrained:
    """Every state restrained: forces held level with a defensive posture, no threats, no
    attacks; it backs down in crises, accepts pacts and arms control, and offers peace in war.
    The policy behind the mutual-restraint counterfactual."""

    name = "restrained"
    mindset = None

    def decide(self, view: View, rng: np.random.Generator) -> Decision:
        if view.dilemma:
            return Decision([DilemmaMove(move="restrain")])
        orders: list = [Budget(military_share=maintenance_share(view), offense_share=0.2)]
        for k in view.rivals():
            tid = view.ids[k]
            if view.war[view.me, k]:
                orders.append(OfferPeace(target=tid))
            elif view.rung[view.me, k] >= 2:
                orders.append(CrisisResponse(target=tid, response="back_down"))
            if offer_open(view, "pact", k, view.me) and not view.pact[view.me, k] and not view.war[view.me, k]:
                orders.append(AcceptPact(target=tid))
            if offer_open(view, "arms_control", k, view.me) and not view.arms_control[view.me, k] \
                    and not view.war[view.me, k] and not offer_open(view, "arms_control", view.me, k):
                orders.append(ArmsControlOffer(target=tid))
        return Decision(orders)


class FixedBudget:
    """Spends a fixed share with a fixed offensive mix and nothing else: a scripted opponent."""

    def __init__(self, military_share: float, offense_share: float = 0.4, name: str = "fixed"):
        self.share = military_share
        self.offense = offense_share
        self.name = name
        self.mindset = None

    def decide(self, view: View, rng: np.random.Generator) -> Decision:
        if view.dilemma:
            return Decision([DilemmaMove(move="arm" if self.share > maintenance_share(view) else "restrain")])
        return Decision([Budget(military_share=self.share, offense_share=self.offense)])


class RandomOrders:
    """A random handful of legal orders each turn (property tests, fuzzing, stress)."""

    name = "random_orders"
    mindset = None

    def __init__(self, max_orders: int = 4, attack_weight: float = 0.2):
        self.max_orders = max_orders
        self.attack_weight = attack_weight

    def decide(self, view: View, rng: np.random.Generator) -> Decision:
        legal = legal_orders(view)
        if not legal:
            return Decision([])
        if view.dilemma:
            return Decision([legal[int(rng.integers(len(legal)))]])
        orders = [Budget(military_share=float(rng.uniform(0, 0.5)), offense_share=float(rng.uniform(0, 1)))]
        others = [o for o in legal if o.kind != "budget" and (o.kind != "attack" or rng.random() < self.attack_weight)]
        for k in rng.permutation(len(others))[: int(rng.integers(0, self.max_orders + 1))]:
            try:
                check_order(view, view.me, others[int(k)], orders)
            except IllegalOrder:
                continue  # legal alone, not together with an order already chosen
            orders.append(others[int(k)])
        return Decision(orders)
