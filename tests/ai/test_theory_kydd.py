"""Kydd (DESIGN.md §9.3): a buildup by a security seeker raises the observer's fear whenever greedy
types build more often — no bias needed; reassurance costlier than a greedy type's gain from
trust separates types, cheaper signals do not move beliefs."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.core import perception
from game.core.commands import Pledge, UnilateralCut
from game.core.perception import MindSet
from game.core.rules import GREEDY_TRUST_GAIN
from game.core.state import RULES
from game.match.games import run_game
from tests.ai.helpers import Scripted, grow, hold, scenario

UNBIASED = MindSet(empathy=0.5, lam_hostile=1.0, lam_benign=1.0, forgetting=0.05, prior=0.5)
# Forces that cannot be told apart (low d), so posture says little and acts must speak.
WORLD = dict(offense_defense=1.0, distinguishability=0.1, intel_noise=0.05)


def _belief_after(rate: float, seed: int = 1, turns: int = 6) -> float:
    """Aland (unbiased observer, holding level) watches Borea (a security seeker) build at `rate`."""
    sc = scenario(2, turns=turns, world=WORLD)
    ctrls = {"aland": Scripted(hold), "borea": Scripted(grow(rate))}
    from game.match.match import Match, controller_seats

    eng = Match(sc, controller_seats(ctrls), seed=seed, minds={"aland": UNBIASED}).play().engine
    return float(eng.series["belief"][-1][0, 1])


def test_a_security_seekers_buildup_raises_an_unbiased_observers_belief():
    """With no bias (λ⁺ = λ⁻ = 1), watching a security seeker build 8 % a turn raises the belief
    that it is greedy, because greedy states build more often."""
    built = np.mean([_belief_after(0.08, seed) for seed in range(5)])
    level = np.mean([_belief_after(0.0, seed) for seed in range(5)])
    assert built > level + 0.15


def test_no_fear_from_buildups_if_greedy_states_build_no_more(monkeypatch):
    """If greedy and security-seeking states built alike, a buildup would say nothing about type."""
    monkeypatch.setattr(perception, "LIKELIHOOD", replace(perception.LIKELIHOOD, greedy_extra_growth=0.0))
    built = np.mean([_belief_after(0.08, seed) for seed in range(5)])
    level = np.mean([_belief_after(0.0, seed) for seed in range(5)])
    assert built == pytest.approx(level, abs=0.02)


def _belief_after_gesture(gesture, seed: int = 1) -> float:
    sc = scenario(2, turns=4, world=WORLD)
    ctrls = {"aland": Scripted(hold),
             "borea": Scripted(lambda v: hold(v) + (gesture(v) if v.turn == 1 else []))}
    from game.match.match import Match, controller_seats

    eng = Match(sc, controller_seats(ctrls), seed=seed, minds={"aland": UNBIASED}).play().engine
    return float(perception.logit(eng.series["belief"][-1][0, 1]))


def _separating_fraction() -> float:
    """The smallest cut whose cost (the output the forces took to buy) exceeds what a greedy
    state would gain from being trusted, computed from the scenario's numbers."""
    gain = GREEDY_TRUST_GAIN * WORLD["offense_defense"] * 100.0  # observer's output
    forces = 30.0
    return gain * RULES.force_per_output / forces


def test_costly_reassurance_lowers_the_belief():
    """A unilateral cut that costs more than a greedy state's gain from trust is believed
    (beliefs compared as log-odds)."""
    frac = min(0.5, _separating_fraction() * 1.5)
    control = np.mean([_belief_after_gesture(lambda v: [], s) for s in range(4)])
    costly = np.mean([_belief_after_gesture(lambda v: [UnilateralCut(target="aland", fraction=frac)], s) for s in range(4)])
    assert costly < control - 1.0


def test_cheap_reassurance_moves_no_belief():
    """A cut cheaper than what a greedy state would pay to be trusted is cheap talk: a greedy
    state could make it too, so the belief does not move (beyond what the smaller forces show)."""
    frac = max(0.05, _separating_fraction() * 0.6)
    assert frac < _separating_fraction()
    control = np.mean([_belief_after_gesture(lambda v: [], s) for s in range(4)])
    cheap = np.mean([_belief_after_gesture(lambda v: [UnilateralCut(target="aland", fraction=frac)], s) for s in range(4)])
    costly = np.mean([_belief_after_gesture(
        lambda v: [UnilateralCut(target="aland", fraction=min(0.5, _separating_fraction() * 1.5))], s) for s in range(4)])
    assert abs(cheap - control) < 0.5 * abs(costly - control)


def test_a_pledge_is_nearly_cheap_talk():
    """A restraint pledge costs nothing unless broken: it moves the belief far less than a costly cut."""
    control = np.mean([_belief_after_gesture(lambda v: [], s) for s in range(4)])
    pledge = np.mean([_belief_after_gesture(lambda v: [Pledge(target="aland")], s) for s in range(4)])
    costly = np.mean([_belief_after_gesture(
        lambda v: [UnilateralCut(target="aland", fraction=min(0.5, _separating_fraction() * 1.5))], s) for s in range(4)])
    assert abs(pledge - control) < 0.3 * abs(costly - control)


def test_only_security_seekers_pay_for_reassurance():
    """Spiral-aware AIs of both types in a spiral-prone world: costly unilateral cuts come only
    from security seekers — the signal separates the types."""
    cuts = {"security_seeker": 0, "greedy": 0}
    for seed in range(6):
        sc = scenario(4, turns=25, seed=seed, world=dict(offense_defense=1.5, distinguishability=0.3, intel_noise=0.2),
                      aland={"type": "greedy"}, cerulia={"type": "greedy"}).with_overrides({"states.*.doctrine": "spiral_aware"})
        eng = run_game(sc, seed=seed).engine
        types = {s.id: s.type for s in sc.states}
        for e in eng.events:
            if e.kind == "unilateral_cut":
                cuts[types[e.actors[0]]] += 1
    assert cuts["greedy"] == 0
    assert cuts["security_seeker"] > 0
