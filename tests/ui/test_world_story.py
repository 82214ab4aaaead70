"""The world on screen is described truthfully: a balanced world is not told it is a corner."""
from game.ui.concepts import world_tooltip


def test_a_balanced_partly_distinguishable_world_says_it_lies_between():
    tip = world_tooltip(1.0, 0.5)
    assert tip.startswith("<b>Between worlds</b>")
    assert "Between Jervis's worlds" in tip
    assert "doubly" not in tip.lower()


def test_the_corners_keep_jervis_s_stories():
    assert "The doubly dangerous world" in world_tooltip(2.0, 0.1)
    assert "The doubly safe world" in world_tooltip(0.33, 0.9)
