"""A View as JSON data and back: exact, and a doctrine decides the same on either; the public view."""
from __future__ import annotations

import json

import numpy as np
import pytest

from game.core.commands import dump_orders
from game.match.games import run_game
from game.net import wire
from tests.net.helpers import reference, world


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    return type(a) is type(b) and a == b


@pytest.fixture(scope="module")
def played():
    scenario = world("random:5", turns=12)
    return scenario, reference(scenario, seed=3)


def test_round_trip_is_exact_and_decisions_agree(played):
    scenario, (_, views) = played
    result = run_game(scenario, seed=3)
    controllers = result.controllers
    checked = 0
    for sid, by_turn in views.items():
        for turn, view in by_turn.items():
            back = wire.view_from_json(json.loads(json.dumps(wire.view_to_json(view))))
            for name in wire.view_fields():
                assert _same(getattr(view, name), getattr(back, name)), (sid, turn, name)
            rng_a = np.random.Generator(np.random.PCG64(turn))
            rng_b = np.random.Generator(np.random.PCG64(turn))
            original = controllers[sid].decide(view, rng_a)
            again = controllers[sid].decide(back, rng_b)
            assert dump_orders(original.orders) == dump_orders(again.orders), (sid, turn)
            checked += 1
    assert checked >= 5 * 10


def test_public_fields_are_the_same_in_every_states_view(played):
    """What an observer is given is what every state's view holds alike: nobody's private data."""
    _, (_, views) = played
    for turn in (1, 6, 12):
        seen = [by_turn[turn] for by_turn in views.values() if turn in by_turn]
        for name in wire.PUBLIC_FIELDS:
            first = getattr(seen[0], name)
            assert all(_same(first, getattr(v, name)) for v in seen[1:]), (turn, name)


def test_public_view_holds_public_fields_and_public_events_only(played):
    scenario, _ = played
    engine = run_game(scenario, seed=3).engine
    public = json.loads(json.dumps(wire.public_view(engine)))
    assert set(public) == set(wire.PUBLIC_FIELDS) | {"events"}
    assert set(wire.PUBLIC_FIELDS) < set(wire.view_fields())
    assert all("visible_to" not in e for e in public["events"])
    back = wire.public_from_json(public)
    assert back["ids"] == engine.ids and back["alive"].dtype == engine.state.alive.dtype


def test_a_view_missing_a_field_is_refused():
    with pytest.raises(ValueError, match="lacks"):
        wire.view_from_json({"me": 0})
