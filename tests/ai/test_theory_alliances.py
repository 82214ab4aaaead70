"""Christensen & Snyder (DESIGN.md §9.5): perceived offense dominance → allies enter wars fast
(chain-ganging); perceived defense dominance → buck-passing; in between, smoothly. Walt (§9.6): balancing outnumbers
bandwagoning; bandwagoning rises when a state is weak and alone. The true Ω is the same in each
comparison: only what states believe changes."""
from __future__ import annotations

import functools


from game.ai.doctrines.realists import DefensiveRealist
from game.ai.registry import make_controller
from game.core.commands import Attack
from game.scenario.loading import load_scenario
from game.match.games import doctrine_controllers, run_game
from tests.ai.helpers import Scripted, grow, hold, reasons, run, scenario

SEEDS = range(8)


def _entry_turns(perceived_omega: float) -> list[int | None]:
    """Aland is Borea's ally; Cerulia attacks Borea on turn 1. When (if at all) does Aland join?"""
    out = []
    for seed in SEEDS:
        sc = scenario(3, turns=6, seed=seed, alliances=[("aland", "borea")],
                      world=dict(offense_defense=1.0, perceived_offense_defense=perceived_omega, distinguishability=0.5))
        attacker = Scripted(lambda v: hold(v) + ([Attack(target="borea")] if v.turn == 0 else []))
        eng = run(sc, {"aland": make_controller("defensive_realist"), "borea": Scripted(hold), "cerulia": attacker},
                  seed=seed)
        joined = [e.turn for e in eng.events if e.kind == "ally_joined" and e.actors[0] == "aland"]
        out.append(joined[0] if joined else None)
    return out


def test_the_commitment_line_lies_near_a_balanced_world():
    """From the doctrine's numbers: an ally joins with the chance σ((tightness − ½)/τ), tightness =
    commitment + 0.8(Ω̃ − 1) + 0.4(π − ½) + 0.4(P_coalition − ½). Whatever the belief and the
    coalition's odds, the even-chance line lies between Ω̃ = 0.5 and 1.5 — below the
    offense-believed world of this test (2.0), above the defense-believed one (0.5) at its edge."""
    c = DefensiveRealist.params.commitment
    for pi in (0.0, 1.0):
        for odds in (0.0, 1.0):
            line = 1 + (0.5 - c - 0.4 * (pi - 0.5) - 0.4 * (odds - 0.5)) / 0.8
            assert 0.5 <= line <= 1.5


def test_chain_ganging_when_offense_is_believed_to_dominate():
    """Perceived offense dominance: the ally enters the war on the first turn it can."""
    turns = _entry_turns(2.0)
    assert sum(t == 2 for t in turns) >= 0.8 * len(turns)


def test_buck_passing_when_defense_is_believed_to_dominate():
    """Perceived defense dominance: the ally holds back and lets the victim fight (few join)."""
    turns = _entry_turns(0.5)
    assert sum(t is not None for t in turns) <= 0.2 * len(turns)


def test_entering_rises_smoothly_with_the_believed_offense_advantage():
    """The chance of answering a call is logistic in the believed Ω, not a step: in a balanced
    world some allies join and some hold back, between the buck-passing and chain-ganging ends."""
    rate = {omega: sum(t is not None for t in _entry_turns(omega)) / len(SEEDS) for omega in (0.5, 1.0, 2.0)}
    assert rate[0.5] < rate[1.0] < rate[2.0]
    assert 0.2 <= rate[1.0] <= 0.95


def test_a_coalition_likely_to_win_draws_allies_in():
    """Tightness counts the coalition's chance of prevailing: at the same believed Ω, an ally joins
    a strong victim's war more readily than a weak one's."""
    def joined(borea_offense: float) -> int:
        hits = 0
        for seed in SEEDS:
            sc = scenario(3, turns=4, seed=seed, alliances=[("aland", "borea")],
                          world=dict(offense_defense=1.0, perceived_offense_defense=0.9, distinguishability=0.5),
                          borea={"offense": borea_offense})
            attacker = Scripted(lambda v: hold(v) + ([Attack(target="borea")] if v.turn == 0 else []))
            eng = run(sc, {"aland": make_controller("defensive_realist"), "borea": Scripted(hold), "cerulia": attacker},
                      seed=seed)
            hits += any(e.kind == "ally_joined" and e.actors[0] == "aland" for e in eng.events)
        return hits
    assert joined(2.0) < joined(60.0)


JULY_SEEDS = range(12)


@functools.lru_cache(maxsize=None)
def _july_wars(believed_omega: float) -> tuple[tuple[str, ...], ...]:
    """The labels of the wars of july_1914 under a believed Ω, one tuple per fixed seed (every
    state on its scenario doctrine)."""
    sc = load_scenario("july_1914").with_overrides({"world.perceived_offense_defense": believed_omega})
    out = []
    for seed in JULY_SEEDS:
        eng = run_game(sc, seed, controllers=doctrine_controllers(sc), explain=False, record=False).engine
        out.append(tuple(e.data["label"] for e in eng.events if e.kind == "war_started"))
    return tuple(out)


def test_chain_ganging_magnitude_in_july_1914():
    """DESIGN.md §9 magnitudes: alliance wars rise with the believed Ω — at least twice as many
    at 1.8 as at 0.6 (and some at 1.8)."""
    alliance = {omega: sum(g.count("alliance") for g in _july_wars(omega)) for omega in (0.6, 1.8)}
    assert alliance[1.8] > 0
    assert alliance[1.8] >= 2 * alliance[0.6]


def test_a_spreading_july_crisis_stays_a_few_wars():
    """DESIGN.md §9 magnitudes: a crisis that spreads stays a few wars, not ten — under the cult of
    the offensive (believed Ω 1.8) fewer than five wars a game on average."""
    games = _july_wars(1.8)
    assert sum(len(g) for g in games) / len(games) < 5


def _in_a_pact_by(perceived_omega: float, turn: int = 10) -> float:
    """Cerulia, greedy and arming, sits next to Aland; Borea is farther away. Is Borea in a pact
    (balancing) by `turn`?"""
    hits = 0
    for seed in SEEDS:
        sc = scenario(3, turns=turn, seed=seed,
                      world=dict(offense_defense=1.0, perceived_offense_defense=perceived_omega, distinguishability=0.5),
                      aland={"position": [0.35, 0.5]}, borea={"position": [0.8, 0.5]},
                      cerulia={"position": [0.5, 0.5], "type": "greedy", "offense": 40.0, "defense": 20.0})
        eng = run(sc, {"aland": make_controller("defensive_realist"), "borea": make_controller("defensive_realist"),
                       "cerulia": Scripted(grow(0.10, 0.7))}, seed=seed)
        hits += bool(eng.state.pact[1].any())
    return hits / len(SEEDS)


def test_balancing_when_offense_is_believed_to_dominate():
    """The farther state joins a balancing pact against the rising threat."""
    assert _in_a_pact_by(2.0) >= 0.7


def test_passing_the_buck_when_defense_is_believed_to_dominate():
    """The farther state leaves balancing to the nearer one."""
    assert _in_a_pact_by(0.5) <= 0.25


def _alliance_moves(engine) -> dict[str, int]:
    counts = {"balancing": 0, "bandwagoning": 0}
    for r in reasons(engine):
        if r["decision"] == "alliance" and r.get("order") and r["order"]["kind"] == "propose_pact":
            for f in r["factors"]:
                if f["name"] in counts:
                    counts[f["name"]] += 1
    return counts


def test_balancing_outnumbers_bandwagoning():
    """Across multipolar worlds, states ally against the main threat far more often than with it."""
    total = {"balancing": 0, "bandwagoning": 0}
    for seed in range(6):
        sc = load_scenario(f"random:6:{seed}").with_overrides({"scenario.turns": 30, "states.*.doctrine": "defensive_realist"})
        eng = run(sc, doctrine_controllers(sc), seed=seed)
        for k, v in _alliance_moves(eng).items():
            total[k] += v
    assert total["balancing"] > 0
    assert total["balancing"] > 3 * total["bandwagoning"]


def _bandwagon_rate(with_partner: bool) -> float:
    hits = 0
    for seed in SEEDS:
        n = 3 if with_partner else 2
        sc = scenario(n, turns=12, seed=seed, world=dict(offense_defense=1.5, distinguishability=0.5),
                      aland={"position": [0.4, 0.5], "offense": 2.0, "defense": 6.0},
                      borea={"position": [0.6, 0.5], "type": "greedy", "offense": 40.0, "defense": 20.0},
                      **({"cerulia": {"position": [0.5, 0.8], "offense": 20.0, "defense": 40.0}} if with_partner else {}))
        ctrls = {"aland": make_controller("defensive_realist"), "borea": Scripted(grow(0.08, 0.7))}
        if with_partner:
            ctrls["cerulia"] = make_controller("defensive_realist")
        eng = run(sc, ctrls, seed=seed)
        hits += _alliance_moves(eng)["bandwagoning"] > 0
    return hits / len(SEEDS)


def test_bandwagoning_rises_when_weak_and_alone():
    """A weak state with nobody to join seeks terms with the threat itself; given a partner, it balances."""
    alone, partnered = _bandwagon_rate(False), _bandwagon_rate(True)
    assert alone >= 0.6
    assert partnered <= 0.2
