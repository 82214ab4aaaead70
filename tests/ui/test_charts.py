"""Chart axes: whole turns, distinct tick labels, no tick outside the plot."""
from __future__ import annotations

from game.ui.widgets.charts import _fmt, nice_step, nice_ticks


def test_turn_ticks_are_whole_and_distinct():
    for t1 in (1, 2, 3, 5, 7, 30, 200):
        ticks = nice_ticks(0, t1, 8, integer=True)
        assert all(t == int(t) for t in ticks)
        assert len({f"{t:.0f}" for t in ticks}) == len(ticks)
        assert max(ticks) <= t1


def test_value_labels_are_distinct_and_within_range():
    for hi in (0.105, 0.013, 1.05, 7.35, 123.0):
        ticks = nice_ticks(0.0, hi)
        step = nice_step(0.0, hi)
        labels = [_fmt(v, False, step) for v in ticks]
        assert len(set(labels)) == len(labels), labels
        assert max(ticks) <= hi
    labels = [_fmt(v, True, nice_step(0, 0.12)) for v in nice_ticks(0, 0.12)]
    assert len(set(labels)) == len(labels)
