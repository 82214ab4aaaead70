"""Whole games with every state seated by a controller: headless play for simulate, experiments,
tournaments and tests, and the mutual-restraint counterfactual. All through the match loop."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from game.core.controller import Controller
from game.core.engine import Engine
from game.core.scores import Score, scores
from game.scenario.models import Scenario
from game.match.match import Match, OnTurn, controller_seats, play_together
from game.match.policies import Restrained


def doctrine_controllers(scenario: Scenario, overrides: Mapping[str, str] | None = None) -> dict[str, Controller]:
    """Every state governed by its scenario doctrine (humans included: headless runs have no
    players). `overrides` maps state id -> doctrine id."""
    from game.ai.registry import make_controller

    overrides = overrides or {}
    return {s.id: make_controller(overrides.get(s.id, s.doctrine), s.difficulty) for s in scenario.states}


@dataclass
class GameResult:
    match: Match
    controllers: dict[str, Controller]

    @property
    def engine(self) -> Engine:
        return self.match.engine


def run_game(scenario: Scenario, seed: int | None = None, controllers: Mapping[str, Controller] | None = None,
             on_turn: OnTurn | None = None, explain: bool = True, record: bool = True) -> GameResult:
    """Play a whole game. `explain=False` switches the AI's reasons off and `record=False` keeps
    no replay (batch runs: both cost time nobody uses there)."""
    controllers = dict(controllers) if controllers is not None else doctrine_controllers(scenario)
    match = Match(scenario, controller_seats(controllers), seed=seed, record=record, explain=explain)
    match.play(on_turn)
    return GameResult(match, controllers)


def run_games(scenario: Scenario, seeds: Sequence[int], explain: bool = True, record: bool = True) -> list[GameResult]:
    """Play a whole game for each seed, every state on its scenario doctrine, the games in step
    (play_together: cheaper than one by one); each game is the one run_game plays for its seed."""
    games = []
    for seed in seeds:
        controllers = doctrine_controllers(scenario)
        games.append(GameResult(Match(scenario, controller_seats(controllers), seed=seed, record=record,
                                      explain=explain), controllers))
    play_together([game.match for game in games])
    return games


def restraint_counterfactual(scenario: Scenario, seed: int | None = None) -> dict[str, Score]:
    """The same scenario and seed with every state restrained: the outcome "that neither party
    actually prefers" made visible (DESIGN.md §3)."""
    result = run_game(scenario, seed, {sid: Restrained() for sid in scenario.state_ids})
    return scores(result.engine.state)
