"""Orders submitted with the view they were checked against (Engine.submit(..., checked_against=view)):
the engine trusts what that view's turn knows, and nothing more. (The checks themselves are in
test_legality.)"""
from __future__ import annotations

import pytest

from game.core import rules
from game.core.commands import Budget
from game.errors import EngineError, OrderError

from .world import engine, play


def test_orders_go_to_the_state_the_view_was_given_to():
    eng = engine(3)
    views = {sid: eng.view_for(sid) for sid in eng.ids}
    for k, sid in enumerate(eng.ids):
        orders = [Budget(military_share=0.05 * (k + 1), offense_share=0.3)]
        eng.submit(sid, rules.check_orders(views[sid], views[sid].me, orders), checked_against=views[sid])
    assert [eng.submitted(sid)[0].military_share for sid in eng.ids] == pytest.approx([0.05, 0.10, 0.15])
    assert eng.pending() == []


def test_a_view_of_the_last_turn_does_not_let_orders_in_after_the_end():
    """A view asked for once the game is over vouches for its orders' legality, not for there
    being a turn to play."""
    eng = engine(2, turns=2)
    play(eng)
    play(eng)
    assert eng.finished
    view = eng.view_for("aland")
    orders = rules.check_orders(view, view.me, [Budget(military_share=0.1, offense_share=0.4)])
    with pytest.raises(EngineError, match="over"):
        eng.submit("aland", orders, checked_against=view)


def test_plain_data_with_a_checked_view_is_still_parsed_and_checked():
    """The view vouches for orders, not for whatever else comes with it: a dict is parsed (and
    checked) as any submitted data is."""
    eng = engine(2)
    view = eng.view_for("aland")
    eng.submit("aland", [{"kind": "budget", "military_share": 0.1, "offense_share": 0.4}], checked_against=view)
    assert eng.submitted("aland") == [Budget(military_share=0.1, offense_share=0.4)]
    with pytest.raises(OrderError):
        eng.submit("aland", [{"kind": "pledge", "target": "aland"}], checked_against=view)
