"""Fearon (DESIGN.md §9.4) at the scenarios' own intelligence noise (σ = 0.2, d = 0.5) with free
beliefs: a defensive realist that must read the rival through noisy intelligence and form its
own belief still fights preventive wars mostly past the power-shift bound, and strikes first
mostly past the first-strike bound. (test_theory_fearon.py checks the same bounds with
near-perfect intelligence and a frozen belief; here the rates are lower and smoother, as they
should be when the evidence is noisy.)"""
from __future__ import annotations

from collections import Counter

from game.ai.doctrines.realists import DefensiveRealist
from game.core.commands import Mobilise, Threat
from tests.ai.helpers import Scripted, grow, hold, run, scenario
from tests.ai.test_theory_fearon import A_DEF, A_OFF, B_DEF, B_MU, B_OFF, FORCES, OMEGA, _omega_bound, _shift_bound

NOISY = dict(distinguishability=0.5, intel_noise=0.2)
SEEDS = range(24)


def _first_wars(sc_for, borea) -> Counter:
    """(attacker, label) of the first war of each seed's game, or "none"."""
    out: Counter = Counter()
    for seed in SEEDS:
        eng = run(sc_for(seed), {"aland": DefensiveRealist(), "borea": borea()}, seed=seed)
        wars = [e for e in eng.events if e.kind == "war_started"]
        out[(wars[0].actors[0], wars[0].data["label"]) if wars else "none"] += 1
    return out


def _preventive(rival_growth: float) -> float:
    def sc(seed):
        return scenario(2, turns=20, seed=seed, world=dict(offense_defense=OMEGA, **NOISY),
                        aland={"offense": A_OFF, "defense": A_DEF}, borea={"offense": B_OFF, "defense": B_DEF})
    wars = _first_wars(sc, lambda: Scripted(grow(rival_growth, B_MU)))
    return wars[("aland", "preventive")] / len(SEEDS)


def test_preventive_war_at_scenario_noise_comes_past_the_bound():
    """A rival rising at twice the bound's rate is attacked preventively in a good share of games;
    one rising at half the bound's rate seldom; one not rising, never."""
    bound = _shift_bound()
    fast, slow, still = _preventive(2 * bound), _preventive(0.5 * bound), _preventive(0.0)
    assert fast >= 0.15 and fast >= 3 * slow
    assert slow <= 0.15 and still == 0.0


def _preemptive(omega: float) -> float:
    def sc(seed):
        return scenario(2, turns=6, seed=seed, world=dict(offense_defense=omega, **NOISY),
                        aland={"offense": FORCES, "defense": FORCES}, borea={"offense": FORCES, "defense": FORCES})

    def threatens_then_mobilises():
        return Scripted(lambda v: hold(v) + ([Threat(target="aland")] if v.turn == 0 else
                                             [Mobilise(target="aland")] if v.turn == 1 else []))
    wars = _first_wars(sc, threatens_then_mobilises)
    return wars[("aland", "preemptive")] / len(SEEDS)


def test_preemption_at_scenario_noise_comes_past_the_first_strike_bound():
    """A rival that threatens and then mobilises against Aland: past the first-strike bound Aland
    often strikes first; below it (0.6 of the bound's Ω) almost never."""
    bound = _omega_bound()
    past, below = _preemptive(1.4 * bound), _preemptive(0.6 * bound)
    assert past >= 0.3 and below <= 0.05
