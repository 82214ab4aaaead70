"""The world on screen is described truthfully: a balanced world is not told it is a corner."""
from game.ui.concepts import world_name, world_story


def test_a_balanced_partly_distinguishable_world_says_it_lies_between():
    assert world_name(1.0, 0.5) == "Balanced, partly distinguishable"
    assert "Between Jervis's worlds" in world_story(1.0, 0.5)
    assert "Doubly" not in world_story(1.0, 0.5)


def test_the_corners_keep_jervis_s_stories():
    assert world_story(2.0, 0.1).startswith("Doubly dangerous")
    assert world_story(0.33, 0.9).startswith("Doubly stable")
