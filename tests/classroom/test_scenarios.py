"""The built-in scenarios: each loads, plays to the end headless, and shows the
behaviour it exists to teach. Fixed seeds, a handful of games each."""
from __future__ import annotations

import functools

import pytest

from game import resources
from game.ai.registry import make_controller
from game.scenario.loading import load_scenario
from game.match.policies import Restrained
from game.match.games import run_game
from game.sim.experiment import play_batch_game
from tests.ai.helpers import Scripted, grow
from tests.classroom.helpers import games, happened, share

BUILT_INS = ("two_neighbours", "four_worlds", "july_1914", "rhineland_1936", "cold_war", "repeated_dilemma")
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_every_built_in_is_shipped():
    """The six classroom scenarios are built-ins (found through the resource helper)."""
    assert set(BUILT_INS) <= set(resources.builtin_scenario_ids())


@pytest.mark.parametrize("ref", BUILT_INS)
def test_scenario_loads_with_a_description_and_hints(ref):
    """A student can read what the scenario is about, and a guided first game has hints."""
    sc = load_scenario(ref)
    assert sc.id == ref
    assert len(sc.scenario.description.split()) >= 60
    assert len(sc.scenario.hints) >= 3


@pytest.mark.parametrize("ref", BUILT_INS)
def test_scenario_colours_are_okabe_ito(ref):
    """Every state's colour is from the colour-blind-safe Okabe–Ito palette, none used twice."""
    colours = [s.color.upper() for s in load_scenario(ref).states]
    assert set(colours) <= OKABE_ITO
    assert len(set(colours)) == len(colours)


@pytest.mark.parametrize("ref", [r for r in BUILT_INS if r != "repeated_dilemma"] + ["repeated_dilemma"])
def test_scenario_plays_to_the_end_headless(ref):
    """Every state on its doctrine, the game runs to its last turn (or until one state is left)."""
    sc = load_scenario(ref)
    engine = play_batch_game(sc, sc.scenario.seed)
    assert engine.finished
    assert engine.turn == sc.scenario.turns or int(engine.state.alive.sum()) <= 1


def test_four_worlds_has_the_four_variants():
    """Jervis's 2x2: the four variants are the four combinations of Ω (offense vs defense
    dominant) and d (indistinguishable vs distinguishable); the map is otherwise the same."""
    base = load_scenario("four_worlds")
    worlds = {}
    for v in base.variants:
        sc = load_scenario(f"four_worlds:{v.id}")
        worlds[v.id] = (sc.world.offense_defense > 1, sc.world.distinguishability > 0.5)
        assert [s.model_dump() for s in sc.states] == [s.model_dump() for s in base.states]
    assert sorted(worlds.values()) == [(False, False), (False, True), (True, False), (True, True)]


def test_historical_scenarios_separate_belief_from_truth():
    """July 1914: offense believed dominant while defence truly dominates; Rhineland 1936: the
    reverse. Cold War: both superpowers hold a survivable second strike."""
    from game.core.state import RULES

    j = load_scenario("july_1914").world
    assert j.believed_offense_defense > 1 > j.offense_defense
    r = load_scenario("rhineland_1936").world
    assert r.believed_offense_defense < 1 < r.offense_defense
    cw = load_scenario("cold_war")
    armed = [s for s in cw.states if s.warheads >= RULES.second_strike_warheads]
    assert len(armed) == 2


def test_repeated_dilemma_is_the_classic_matrix():
    """Two states, R=3 T=5 S=0 P=1, 200 rounds, no noise."""
    sc = load_scenario("repeated_dilemma")
    p = sc.dilemma.payoffs
    assert (p.R, p.T, p.S, p.P) == (3, 5, 0, 1)
    assert sc.scenario.turns == 200 and sc.dilemma.noise == 0 and len(sc.states) == 2


# ---------------------------------------------------------------------------------------------
# Teaching behaviour (needs the AI)


def _two_neighbours(rubria, seeds=range(8)):
    sc = load_scenario("two_neighbours")
    out = []
    for seed in seeds:
        verdia = make_controller("defensive_realist")
        verdia.explain = False
        out.append(run_game(sc, seed, {"rubria": rubria(), "verdia": verdia}).engine)
    return out


@pytest.mark.ai_behaviour
def test_two_neighbours_a_player_can_provoke_a_spiral():
    """Rubria arming hard (10 % a turn, offensive posture): Verdia reads it as a threat and
    arms in answer — both building and afraid (at least an emerging spiral) in every game, and
    Verdia's forces at least double."""
    for engine in _two_neighbours(lambda: Scripted(grow(0.10, 0.7))):
        assert engine.series["spiral"][:, 0, 1].max() >= 1
        assert engine.series["M"][-1, 1] >= 2 * engine.series["M"][0, 1]


@pytest.mark.ai_behaviour
def test_two_neighbours_a_player_can_prevent_the_spiral():
    """Rubria restrained (forces level, defensive posture, arms control accepted): calm all
    game and Verdia does not arm."""
    for engine in _two_neighbours(Restrained):
        assert engine.series["spiral"][:, 0, 1].max() == 0
        assert engine.series["M"][-1, 1] <= 1.1 * engine.series["M"][0, 1]


@functools.lru_cache(maxsize=None)
def _spiral_and_war_rates(variant: str) -> tuple[float, float]:
    engines = games(f"four_worlds:{variant}", range(8))
    return share(bool(e.tracker.episodes) for e in engines), share(happened(e, "war_started") for e in engines)


@pytest.mark.ai_behaviour
def test_four_worlds_spirals_where_offense_dominates_and_forces_look_alike():
    """Jervis: the offense-dominant, indistinguishable world spirals most, the defense-dominant,
    distinguishable world least."""
    worst = _spiral_and_war_rates("offense_indistinguishable")[0]
    best = _spiral_and_war_rates("defense_distinguishable")[0]
    assert worst >= 0.5
    assert best < worst - 0.3


@pytest.mark.ai_behaviour
def test_four_worlds_war_more_frequent_where_offense_dominates():
    """War is more frequent in both offense-dominant worlds than in either defense-dominant one."""
    offense = [_spiral_and_war_rates(v)[1] for v in ("offense_indistinguishable", "offense_distinguishable")]
    defense = [_spiral_and_war_rates(v)[1] for v in ("defense_indistinguishable", "defense_distinguishable")]
    assert min(offense) > max(defense)


@pytest.mark.ai_behaviour
def test_july_1914_chain_gangs():
    """Christensen & Snyder: with offense believed dominant, once a war breaks out allies are
    dragged into their partners' wars (an ally joins) in most games; had the staffs known that
    defence dominates, hardly ever. (War itself is a gamble, not certain, in either world: the
    claim is about what allies do when it comes.)"""
    cult_games = games("july_1914", range(30))
    at_war = [e for e in cult_games if happened(e, "war_started")]
    known = share(happened(e, "ally_joined") for e in games("july_1914:known_defense", range(12)))
    assert len(at_war) >= 10  # war is a gamble here too: it comes in about four games in ten
    assert share(happened(e, "ally_joined") for e in at_war) >= 0.7
    assert known <= 0.1


@pytest.mark.ai_behaviour
def test_rhineland_1936_passes_the_buck():
    """Christensen & Snyder: with defence believed dominant, the status quo powers leave the
    rising state's neighbours to balance it — hardly any new pact forms in the first 15 turns;
    had they feared the attack, balancing pacts form in most games."""
    defense = share(happened(e, "pact_formed", before=15) for e in games("rhineland_1936", range(8)))
    offense = share(happened(e, "pact_formed", before=15) for e in games("rhineland_1936:offense_believed", range(8)))
    assert defense <= 0.3
    assert offense >= defense + 0.4


@pytest.mark.ai_behaviour
def test_cold_war_mutual_assured_destruction():
    """MAD: no nuclear use, and the two superpowers never *choose* a war against each other (a
    crisis incident may still escalate by accident: Schelling's threat that leaves something to
    chance) — yet crises and wars on the lower rungs in most games (the stability–instability
    paradox): more turns at rungs 2–4 than the same world without the bomb."""
    def superpower_wars(e):
        return [ev.data.get("label") for ev in e.events
                if ev.kind == "war_started" and set(ev.actors) == {"valoria", "krasnia"}]

    nuclear = games("cold_war", range(8))
    assert all(int(e.series["rung"].max()) < 6 for e in nuclear)
    assert all(label == "accidental" for e in nuclear for label in superpower_wars(e))
    assert share(bool(superpower_wars(e)) for e in nuclear) <= 0.25
    assert share((e.series["rung"][1:] >= 2).any() for e in nuclear) >= 0.75
    with_bomb = sum(label != "accidental" for e in nuclear for label in superpower_wars(e))
    assert with_bomb == 0

    def crisis_turns(engines):
        return sum(int((((e.series["rung"][1:] >= 2) & (e.series["rung"][1:] <= 4)).any(axis=(1, 2))).sum())
                   for e in engines)
    assert crisis_turns(nuclear) > crisis_turns(games("cold_war:no_bomb", range(8)))


@pytest.mark.ai_behaviour
def test_repeated_dilemma_two_tit_for_tats_cooperate_throughout():
    """The scenario's own doctrines (tit-for-tat on both sides) restrain in every round: 600 each."""
    engine = play_batch_game(load_scenario("repeated_dilemma"), 1)
    assert tuple(engine.state.dilemma_score) == (600.0, 600.0)
    assert (engine.series["move"][1:] == 0).all()
