"""The shortcuts the reasoning core takes for speed decide as the long way does, to the last bit:
the same numbers, the same orders and the same random draws. Checked at every decision of a few
offense-dominant games (crises, wars and pacts come up there), with a greedy state and an
offensive realist among the defensive realists."""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable

from game.ai.reasoning import Params, arms, war
from game.ai.reasoning import threat as th
from game.ai.reasoning.plan import Plan
from game.core import combat
from game.core.commands import CrisisResponse, Threat, Transparency, targeted_order
from game.core.view import View
from game.match.games import doctrine_controllers, run_game
from tests.ai.helpers import scenario

POSITIONS = [(0.2, 0.3), (0.5, 0.2), (0.8, 0.3), (0.2, 0.7), (0.5, 0.8), (0.8, 0.7)]


def _every_decision(check: Callable[[View, Params], None], runs: int = 3, bold: float | None = None,
                    **changes) -> None:
    """Call check(view, params) before every AI decision of `runs` games (with `changes` to the
    parameters of the greedy state and the offensive realist, and their leaders' boldness)."""
    states = [{"id": f"s{k}", "name": f"State {k}", "position": list(p), **({"type": "greedy"} if k == 2 else {}),
               **({"boldness": bold} if bold is not None and k in (2, 4) else {})}
              for k, p in enumerate(POSITIONS)]
    for run in range(runs):
        sc = scenario(states, turns=30, seed=run, world=dict(offense_defense=2.0, distinguishability=0.1, intel_noise=0.2))
        controllers = doctrine_controllers(sc, {"s4": "offensive_realist"})
        for sid, c in controllers.items():
            c.explain = False
            if sid in ("s2", "s4"):
                c.params = replace(c.params, **changes)

            def decide(view, rng, c=c, original=c.decide):
                check(view, c.params)
                return original(view, rng)

            c.decide = decide
        run_game(sc, seed=1000 + run, controllers=controllers, explain=False, record=False)


class Draw(float):
    """A drawn number that notes what it was found below or not below (the chance it decided)."""

    def __new__(cls, u: float, compared: list[float]):
        self = super().__new__(cls, u)
        self.compared = compared
        return self

    def __lt__(self, other: float) -> bool:
        self.compared.append(other)
        return float(self) < other


class FixedDraws:
    """A stand-in for a generator: every draw is `u`; it counts its draws and notes the chances
    they decided."""

    def __init__(self, u: float):
        self.u, self.draws, self.compared = u, 0, []

    def random(self) -> Draw:
        self.draws += 1
        return Draw(self.u, self.compared)


# Draws on either side of every hazard (the ceilings of the cases' chances) and in between.
DRAWS = (0.0, 1e-4, 0.005, 0.02, 0.0599, 0.06, 0.0601, 0.1, 0.2, 0.2999, 0.3, 0.35, 0.3999, 0.4, 0.7)


def test_start_war_drawing_first_decides_as_weighing_every_case():
    """start_war drawing first against start_war weighing every case first, at every decision and
    for each draw in DRAWS and on either side of the chance of the case taken: the orders and the
    number of draws must be the same (and the comparisons must meet the cases that matter)."""
    met = {"decisions": 0, "drawn": 0, "attacks": 0}

    def outcome(view: View, params: Params, u: float, draw_first: bool) -> tuple[list, int, list[float]]:
        plan, rng = Plan(view, "test", explain=False), FixedDraws(u)
        war.start_war(view, params, plan, rng, draw_first=draw_first)
        return plan.orders, rng.draws, rng.compared

    def check(view: View, params: Params) -> None:
        met["decisions"] += 1
        chances = outcome(view, params, 0.5, False)[2]  # the chance of the case the long way takes
        near = [x for c in chances for x in (c, math.nextafter(c, 0.0), math.nextafter(c, 1.0))]
        for u in DRAWS + tuple(near):
            orders, draws, _ = outcome(view, params, u, True)
            assert (orders, draws) == outcome(view, params, u, False)[:2], (view.turn, view.me, u)
            met["drawn"] += draws
            met["attacks"] += len(orders)

    _every_decision(check)
    # Bold leaders, whose wars of gain come near their hazard (and so, weighed alone, decide the
    # draw) and whose preventive wars come near their fear of a rising rival.
    _every_decision(check, runs=2, bold=3.0)
    _every_decision(check, runs=2, bold=3.0, preventive=False)
    assert met["decisions"] > 400
    assert met["drawn"] > 100 * len(DRAWS) and met["attacks"] > 20


def test_the_pulls_are_the_reaction_coefficients_times_the_forces():
    """desired_growth works out k_ij in its own loop: the pulls are reaction_coefficients'
    k_ij·M̂_j, the main rival's in full and the others' discounted, and so is the fatigue."""
    met = {"allies": 0, "wars": 0}

    def check(view: View, params: Params) -> None:
        plan = Plan(view, "test", explain=False)
        k, a = arms.reaction_coefficients(view, params)
        weighed = [k[j] * plan.M_est[j] for j in range(view.n)]
        main = max(plan.rivals, key=lambda j: weighed[j])
        expected = [0.0 if j not in plan.rivals or not weighed[j] else
                    weighed[j] if j == main else weighed[j] * params.others_weight for j in range(view.n)]
        _, pull, fatigue = arms.desired_growth(plan, params)
        assert pull == expected and fatigue == a
        met["allies"] += sum(plan.pact_row)
        met["wars"] += sum(plan.war_row)

    _every_decision(check, runs=2)
    assert met["allies"] and met["wars"]


def test_the_budgets_posture_is_the_offense_share_rounded():
    """set_budget keeps each posture it has worked out (by what offense_share reads): the one it
    gives is offense_share's, rounded, for every doctrine's posture parameters."""
    met = {"at_war": 0}

    def check(view: View, params: Params) -> None:
        for p in (params, replace(params, offense_signal=0.1), replace(params, offense_base=0.3),
                  replace(params, offense_omega=0.5)):
            plan = Plan(view, "test", explain=False)
            arms.set_budget(view, p, plan)
            greedy = view.my_type == "greedy"
            assert plan.orders[0].offense_share == round(arms.offense_share(view, p, greedy, plan.at_war), 4)
        met["at_war"] += plan.at_war

    _every_decision(check, runs=2)
    assert met["at_war"]


def _defence_of(plan: Plan, j: int) -> tuple[float, float]:
    """th.defence_of the long way: every rival weighed as a helper of j."""
    me, rep = plan.view.me, plan.reputation
    d_j, o_j = th.estimated_forces(plan, j)
    for k in plan.rivals:
        if k == j or plan.pact[k][me] or plan.war[k][me] or not (plan.bound[k] or plan.threat_made[k][me]):
            continue
        if plan.pact[k][j] or plan.guarantee[k][j]:
            sureness = rep[k]
        elif plan.threat_made[k][me]:
            sureness = 0.6 * rep[k]
        else:
            continue
        d_k, o_k = th.estimated_forces(plan, k)
        d_j += sureness * (d_k + th.DEFENDER_OFFENSE_WEIGHT * o_k)
    return d_j, o_j


def test_the_contests_are_combats():
    """threat writes out the contest of a war turn (the strengths of combat, and the defences of
    j's helpers only where there are any): the same numbers as combat's own functions."""
    met = {"mobilised": 0, "helped": 0}

    def check(view: View, params: Params) -> None:
        plan = Plan(view, "test", explain=False)
        me, mobilised, geo = view.me, plan.mobilised, plan.geo
        for j in plan.rivals:
            d_j, o_j = th.defence_of(plan, j)
            assert (d_j, o_j) == _defence_of(plan, j)
            attack = combat.attack_strength(view.omega, geo[me][j], view.my_O, mobilised[me] > 0)
            assert th.win_probability(plan, j) == combat.win_probability(
                attack, combat.defense_strength(d_j, o_j, mobilised[j] > 0))
            alone = th.estimated_forces(plan, j)
            assert th.win_probability(plan, j, against_allies=False) == combat.win_probability(
                attack, combat.defense_strength(*alone, mobilised[j] > 0))
            attack = combat.attack_strength(view.omega, geo[j][me], alone[1], mobilised[j] > 0)
            for mine in (None, 2.0 * view.my_D):
                defence = combat.defense_strength(view.my_D if mine is None else mine, view.my_O, mobilised[me] > 0)
                assert th.defend_probability(plan, j, mine) == 1.0 - combat.win_probability(attack, defence)
            met["mobilised"] += mobilised[j] > 0
            met["helped"] += d_j != alone[0]

    _every_decision(check, runs=2)
    assert met["mobilised"] and met["helped"]


def test_orders_are_made_once():
    """A signal or a crisis response is validated once and given again: the same order as made
    afresh, and the same object the next time."""
    for kind in (Threat, Transparency):
        first = targeted_order(kind, "s1")
        assert first == kind(target="s1") and targeted_order(kind, "s1") is first
        assert targeted_order(kind, "s2") == kind(target="s2")
    assert targeted_order(Threat, "s1") != targeted_order(Transparency, "s1")
    for response in ("firm", "back_down", "escalate"):
        first = targeted_order(CrisisResponse, "s1", response=response)
        assert first == CrisisResponse(target="s1", response=response) and targeted_order(CrisisResponse, "s1", response=response) is first
