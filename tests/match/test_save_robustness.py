"""Whatever happens to a save file, loading it answers with SaveError, never another exception."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.scenario.loading import load_scenario
from game.errors import SaveError
from game.match.saves import parse_save, record, restore, to_json
from game.match.policies import FixedBudget, RandomOrders
from game.match.games import run_game

ODD = [None, -1, 0, 1e308, "x", "", True, [], {}, [1, 2], {"kind": "budget"}, 0.5, "rubria"]


@pytest.fixture(scope="module")
def save_text():
    sc = load_scenario("random:3:2").with_overrides({"scenario.turns": 6})
    ctrl = {sid: RandomOrders(max_orders=3) for sid in sc.state_ids}
    ctrl[sc.state_ids[0]] = FixedBudget(0.3, 0.6)
    return to_json(record(run_game(sc, seed=4, controllers=ctrl).engine))


def leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, path + (i,))
    yield path


@st.composite
def edits(draw, n_paths):
    return [(draw(st.integers(0, n_paths - 1)), draw(st.sampled_from(ODD + ["DELETE"])))
            for _ in range(draw(st.integers(1, 3)))]


def apply(data, path, value):
    if not path:
        return
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if value == "DELETE":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value


def test_hand_edits_give_save_errors_only(save_text):
    """Odd values or deleted keys anywhere in a save: parse and replay raise SaveError or succeed."""
    paths = list(leaves(json.loads(save_text)))

    @settings(max_examples=250)
    @given(edits(len(paths)))
    def check(changes):
        data = json.loads(save_text)
        for index, value in changes:
            try:
                apply(data, paths[index], value)
            except (KeyError, IndexError, TypeError):
                pass  # the path went away with an earlier edit
        try:
            restore(parse_save(json.dumps(data), "fuzz.json"), "fuzz.json")
        except SaveError as err:
            assert str(err).startswith("fuzz.json")

    check()
