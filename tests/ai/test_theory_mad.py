"""MAD and the stability–instability paradox (DESIGN.md §9.9, Snyder 1965; §3 "Nuclear"): between
survivable second strikes no nuclear use and less war than without the bomb, but busier low rungs.
A nuclear strike is answered as the victim's doctrine says — a hawk surely, a defensive realist
likely, a spiral-aware state perhaps not — in kind, never by general war against a second strike;
a first use comes only when defeat looms and no second strike waits in answer."""
from __future__ import annotations

import numpy as np

from game.ai.registry import make_controller
from game.core.commands import Attack, CrisisResponse
from game.core.state import RULES
from game.scenario.loading import load_scenario
from game.match.games import doctrine_controllers, run_game
from tests.ai.helpers import Scripted, hold, reasons, run, scenario

SEEDS = range(20)
ARSENAL = 2 * RULES.second_strike_warheads


def _striker(view):
    """Attacks Aland on the first turn and strikes it with nuclear weapons on the second."""
    if view.turn == 0:
        return hold(view) + [Attack(target="aland")]
    if view.turn == 1:
        return hold(view) + [CrisisResponse(target="aland", response="escalate")]
    return hold(view)


def _strikes(eng, by: str) -> list[str]:
    return [e.data["strike"] for e in eng.events if e.kind == "nuclear_use" and e.actors[0] == by]


def _answers(doctrine: str) -> tuple[float, list[str]]:
    """Share of games in which Aland (the doctrine, with a second strike) answered a nuclear strike
    by Borea (with one too) in kind, and every strike Aland made."""
    answered, strikes = 0, []
    for seed in SEEDS:
        sc = scenario(2, turns=5, aland={"warheads": ARSENAL, "defense": 60.0, "offense": 20.0},
                      borea={"warheads": ARSENAL, "offense": 40.0})
        eng = run(sc, {"aland": make_controller(doctrine), "borea": Scripted(_striker)}, seed=seed)
        mine = _strikes(eng, "aland")
        answered += bool(mine)
        strikes += mine
    return answered / len(SEEDS), strikes


def test_a_strike_is_answered_in_kind_as_the_doctrine_says():
    """A hawk answers a nuclear strike surely, a defensive realist likely, a spiral-aware state
    seldom; the answer is in kind (limited), never general war against a second strike."""
    hawk, hawk_strikes = _answers("deterrence_hawk")
    realist, realist_strikes = _answers("defensive_realist")
    grit, grit_strikes = _answers("spiral_aware")
    assert hawk >= 0.9 and 0.5 <= realist < 1.0 and grit <= 0.4
    assert hawk > realist > grit
    assert set(hawk_strikes + realist_strikes + grit_strikes) <= {"limited"}


def _losing_war(rival_warheads: float, protector_warheads: float = 0.0, rival_offense: float = 80.0):
    """Aland (a defensive realist with a second strike) attacked on the first turn by Borea
    (scripted, stronger by `rival_offense`), which has `rival_warheads`; Cerulia, Borea's ally, has
    `protector_warheads`. Returns the games."""
    def attack(view):
        return [Attack(target="aland")] if view.turn == 0 else []

    games = []
    for seed in SEEDS:
        sc = scenario(3, turns=12, world={"offense_defense": 2.0}, alliances=[("borea", "cerulia")],
                      aland={"warheads": ARSENAL, "defense": 20.0, "offense": 10.0},
                      borea={"warheads": rival_warheads, "offense": rival_offense, "defense": 40.0},
                      cerulia={"warheads": protector_warheads})
        games.append(run(sc, {"aland": make_controller("defensive_realist"), "borea": Scripted(attack),
                              "cerulia": Scripted(hold)}, seed=seed))
    return games


def test_no_first_use_against_a_second_strike_even_facing_defeat():
    """Facing conquest, a nuclear state still never strikes first where a survivable second strike
    waits in answer: the rival's own, or its ally's (extended deterrence)."""
    for games in (_losing_war(rival_warheads=ARSENAL), _losing_war(rival_warheads=0.0, protector_warheads=ARSENAL)):
        assert not any(_strikes(eng, "aland") for eng in games)
        assert sum(not eng.state.alive[0] for eng in games) >= len(SEEDS) // 2  # it did face defeat


def test_first_use_only_facing_defeat_against_a_rival_that_cannot_answer():
    """Against a rival without nuclear weapons or a protector's, a nuclear state facing conquest
    sometimes strikes first (a chance, not a certainty); winning, it never does."""
    losing = _losing_war(rival_warheads=0.0)
    used = sum(bool(_strikes(eng, "aland")) for eng in losing) / len(SEEDS)
    assert 0.05 <= used <= 0.9
    winning = _losing_war(rival_warheads=0.0, rival_offense=5.0)
    assert not any(_strikes(eng, "aland") for eng in winning)


def _cold_war(warheads: bool) -> list:
    sc = load_scenario("cold_war")
    if not warheads:
        sc = sc.with_overrides({f"states.{s.id}.warheads": 0.0 for s in sc.states if s.warheads > 0})
    return [run_game(sc, seed, controllers=doctrine_controllers(sc), explain=False, record=False).engine
            for seed in SEEDS]


def _low_rung_turns(eng) -> int:
    """Turns on which some pair of living states stood at rung 2–4 (threat, mobilisation, clash)."""
    s = eng.series
    rung = s["rung"]
    live = s["alive"][:, :, None] & s["alive"][:, None, :]
    return int(((rung >= 2) & (rung <= 4) & live).any(axis=(1, 2))[1:].sum())


def _bloc_wars(eng, blocs: list[set[str]]) -> int:
    """Wars whose two sides belong to different blocs (a nuclear power and its allies at the start)."""
    def bloc(sid: str) -> int:
        return next((k for k, members in enumerate(blocs) if sid in members), -1)

    return sum(1 for e in eng.events if e.kind == "war_started"
               and -1 != bloc(e.actors[0]) != bloc(e.actors[1]) != -1)


def test_stability_instability_paradox_in_cold_war():
    """cold_war with its superpowers' arsenals against the same world without them, over the same
    seeds: with the bomb no nuclear use and no war between the blocs, and more turns of crisis at
    rungs 2–4. (Without the bomb the blocs seldom fight either — conventional deterrence between
    well-armed blocs — so "less war" is shown where a war would otherwise come, below.)"""
    armed, unarmed = _cold_war(True), _cold_war(False)
    sc = load_scenario("cold_war")
    blocs = [{s.id} | {m for pair in sc.alliances if s.id in pair.members for m in pair.members}
             for s in sc.states if s.warheads > 0]
    assert max(int(eng.series["rung"].max()) for eng in armed) <= 5
    assert sum(_bloc_wars(eng, blocs) for eng in armed) == 0
    crisis = [np.mean([_low_rung_turns(eng) for eng in games]) for games in (armed, unarmed)]
    assert crisis[0] > crisis[1]


def test_less_war_between_second_strikes_than_without_the_bomb():
    """A greedy state with an offensive army in an offense-dominant world attacks its neighbour in
    a good share of games; when both hold survivable second strikes, never (MAD)."""
    def war_games(warheads: float) -> int:
        arsenal = {"warheads": warheads} if warheads else {}
        sc = scenario(2, turns=30, world={"offense_defense": 2.0, "intel_noise": 0.2},
                      aland={"type": "greedy", "offense": 30.0, **arsenal}, borea=arsenal)
        return sum(any(e.kind == "war_started" for e in run_game(sc, seed, controllers=doctrine_controllers(sc),
                                                                   explain=False, record=False).engine.events)
                   for seed in SEEDS)

    assert war_games(0.0) >= 3
    assert war_games(ARSENAL) == 0


def test_the_answer_to_a_strike_gives_its_reasons():
    """Answering a strike in kind, or holding back, the AI says why (its crisis reasons)."""
    sc = scenario(2, turns=4, aland={"warheads": ARSENAL, "defense": 60.0, "offense": 20.0},
                  borea={"warheads": ARSENAL, "offense": 40.0})
    for doctrine, said in (("deterrence_hawk", "chose a nuclear reply in kind"),
                           ("spiral_aware", "held back from a nuclear reply in kind")):
        texts = []
        for seed in SEEDS:
            eng = run(sc, {"aland": make_controller(doctrine), "borea": Scripted(_striker)}, seed=seed)
            texts += [r["summary"] for r in reasons(eng, "aland") if r["decision"] == "crisis"]
        assert any(said in t for t in texts)
