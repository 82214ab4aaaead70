"""Trust lost is lost (Kydd; the spiral model's limit): a rival caught breaking an arms-control cap
moves the victim's belief sharply, and the victim offers, accepts and answers no cooperative gesture
for a while — whatever the breaker says next."""
from __future__ import annotations

from game.core.commands import ArmsControlOffer, Budget, Pledge, Transparency
from game.core.controller import Decision
from game.core.rules import offer_open
from game.core.state import maintenance_share
from game.scenario.loading import load_scenario
from game.match.games import doctrine_controllers
from game.match.match import Match, controller_seats

COOPERATIVE = ("arms_control_offered", "arms_control_formed", "transparency", "pledge_made", "unilateral_cut")


class Cheat:
    """Offers a cap and holds level for six turns, then arms at the limit and, once caught, talks
    sweetly: offers a cap, a pledge and inspection again."""

    name, mindset = "cheat", None

    def decide(self, view, rng):
        level = Budget(military_share=maintenance_share(view.my_M, view.my_Y), offense_share=0.3)
        if view.turn < 6:
            capped = view.arms_control[view.me].any() or offer_open(view, "arms_control", view.me, 1)
            return Decision([level] + ([] if capped else [ArmsControlOffer(target="verdia")]))
        orders = [Budget(military_share=0.5, offense_share=0.5)]
        if view.broke_faith[view.me, 1] >= 0 and view.pledge_until[view.me, 1] < view.turn + 1:
            orders.append(Pledge(target="verdia"))
            if view.transparent_until[view.me, 1] < view.turn + 1:
                orders.append(Transparency(target="verdia"))
            if not offer_open(view, "arms_control", view.me, 1):
                orders.append(ArmsControlOffer(target="verdia"))
        return Decision(orders)


def test_a_caught_violation_ends_cooperation_and_moves_belief():
    """Over several seeds at high distinguishability (violations are caught): after the breach
    Verdia's belief that Rubria is greedy rises by at least 0.15 within two turns, and Verdia makes
    no cooperative move toward Rubria for the next ten turns."""
    caught = 0
    for seed in range(6):
        sc = load_scenario("two_neighbours").with_overrides({"world.distinguishability": 0.9})
        controllers = doctrine_controllers(sc)
        controllers["rubria"] = Cheat()
        engine = Match(sc, controller_seats(controllers), seed=seed).play(turns=20).engine
        breach = next((e.turn for e in engine.events if e.kind == "arms_control_violated"), None)
        if breach is None:
            continue
        caught += 1
        belief = engine.series["belief"][:, 1, 0]
        assert belief[breach + 1] - belief[breach - 1] >= 0.15
        after = [e for e in engine.events if e.actors and e.actors[0] == "verdia" and e.kind in COOPERATIVE
                 and breach < e.turn <= breach + 10]
        assert after == [], [e.text for e in after]
    assert caught >= 4
