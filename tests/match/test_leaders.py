"""Leaders differ (DESIGN.md §4): each game the match seats every AI as its state's leader, with
a boldness drawn from the game's seed (or fixed by the scenario), the same however the game is
played, saved or taken over."""
from __future__ import annotations

from game.ai.doctrines.realists import DefensiveRealist
from game.match.games import doctrine_controllers
from game.match.match import Match, controller_seats
from game.match.seats import ControllerSeat
from tests.core.world import scenario


def _match(sc, seed: int) -> Match:
    return Match(sc, controller_seats(doctrine_controllers(sc)), seed=seed)


def test_the_same_seed_seats_the_same_leaders():
    """A game's leaders are fixed by its seed: replaying a seed replays its leaders."""
    sc = scenario(4)
    assert _match(sc, 7).boldness == _match(sc, 7).boldness


def test_leaders_differ_from_game_to_game():
    """Another seed, other leaders: most are near the typical boldness, not all the same."""
    sc = scenario(4)
    draws = [z for seed in range(30) for z in _match(sc, seed).boldness.values()]
    assert len(set(draws)) == len(draws)
    assert 0.6 <= sum(abs(z) < 1 for z in draws) / len(draws) <= 0.8  # about two in three within one σ


def test_each_ai_governs_with_its_states_leader():
    """The doctrine seated for a state decides with that state's boldness."""
    sc = scenario(3)
    match = _match(sc, 3)
    for sid, seat in match.seats.items():
        assert seat.controller.params.boldness == match.boldness[sid]


def test_a_scenario_can_fix_a_leaders_boldness():
    """`boldness` in a state's table fixes its leader in every game (a known gambler)."""
    sc = scenario([{"boldness": 2.0}, {}])
    assert {_match(sc, seed).boldness["aland"] for seed in range(5)} == {2.0}


def test_an_ai_taking_over_a_state_takes_office_as_its_leader():
    """An AI handed a state mid-game (an absent team, a save handed back) is that state's
    leader, with the same boldness as any AI seated there from the start."""
    sc = scenario(2)
    match = _match(sc, 11)
    successor = DefensiveRealist()
    match.set_seat("borea", ControllerSeat(successor))
    assert successor.params.boldness == match.boldness["borea"]


def test_the_ai_covering_a_silent_team_governs_as_its_states_leader():
    """A team that did not order is covered by its fallback AI (if_silent = "ai"), which decides
    as the state's leader this game, not as a leader of no particular boldness."""
    from game.match.seats import HumanSeat

    sc = scenario(2)
    fallback = DefensiveRealist()
    seats = controller_seats(doctrine_controllers(sc))
    seats["aland"] = HumanSeat(if_silent="ai", fallback=fallback)
    match = Match(sc, seats, seed=5)
    match.decide()
    assert match.fill_silent() == []
    assert fallback.params.boldness == match.boldness["aland"] != 0.0
