"""Games played in step (match.play_together: an experiment's chunk of games, their turns resolved
at once) are the very games each would be alone: the same world turn by turn, the same events,
the same series, whoever else played alongside and whenever the others ended."""
from __future__ import annotations

import numpy as np

from game.match.games import doctrine_controllers, run_game
from game.match.match import Match, controller_seats, play_together
from game.scenario.loading import load_scenario
from game.sim.experiment import play_batch_game, play_batch_games


def _story(engine) -> tuple:
    """Everything a game's outputs are made of: its hash, events, spiral episodes and series."""
    return (engine.state_hash(), engine.turn, [(e.turn, e.kind, e.actors, e.text) for e in engine.events],
            [ep.to_dict() for ep in engine.tracker.episodes],
            {name: engine.series[name].tobytes() for name in ("M", "belief", "threat", "M_est", "spiral")})


def test_a_chunk_of_batch_games_plays_each_game_as_alone():
    """Experiments play a chunk's games in step; each is the game its seed gives alone — in a world
    with wars, and states opening to inspection (each game's own quality of intelligence)."""
    sc = load_scenario("random:8:5").with_overrides({"scenario.turns": 40})
    seeds = [3, 11, 12, 40, 41]
    together = play_batch_games(sc, seeds)
    alone = [play_batch_game(sc, seed) for seed in seeds]
    assert any(e.kind == "transparency" for engine in together for e in engine.events)
    for a, b in zip(together, alone):
        assert _story(a) == _story(b)


def test_matches_of_different_worlds_play_together_as_alone():
    """Matches of different sizes and rules (a repeated dilemma among them), each with its
    replay record, advance together and each plays as it would alone, turn reports included."""
    refs = [("four_worlds", 5), ("july_1914", 2), ("repeated_dilemma", 1), ("four_worlds", 6)]
    matches = [Match(load_scenario(ref), controller_seats(doctrine_controllers(load_scenario(ref))), seed=seed)
               for ref, seed in refs]
    reports: dict[int, list] = {k: [] for k in range(len(matches))}
    play_together(matches, on_turn=lambda match, report: reports[matches.index(match)].append(report.state_hash))
    assert len({match.turn for match in matches}) > 1  # some ended while the others went on
    for k, (ref, seed) in enumerate(refs):
        alone = run_game(load_scenario(ref), seed=seed)
        assert _story(matches[k].engine) == _story(alone.engine)
        assert reports[k] == [record.state_hash for record in alone.engine.records]
        assert np.array_equal(matches[k].engine.series["M"], alone.engine.series["M"])


def test_play_together_stops_each_match_after_the_turns_asked():
    """`turns` counts for each match from where it stands: one ahead stays ahead."""
    sc = load_scenario("four_worlds")
    a, b = (Match(sc, controller_seats(doctrine_controllers(sc)), seed=s) for s in (1, 2))
    a.play(turns=2)
    play_together([a, b], turns=3)
    assert (a.turn, b.turn) == (5, 3)
