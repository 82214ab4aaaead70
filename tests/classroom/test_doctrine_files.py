"""Students' doctrines as TOML parameter files (game.ai.doctrine_files): the rule family
reproduces the classic strategies, and mistakes get clear messages naming line and field."""
from __future__ import annotations

import numpy as np
import pytest

from game.ai.doctrine_files import load_doctrine_file, parse_doctrine
from game.errors import DoctrineFileError
from game.ai.doctrines.repeated import REPEATED_STRATEGIES
from game.sim.tournament import play_fast

CLASSIC = (3.0, 5.0, 0.0, 1.0)
OPPONENTS = ("tit_for_tat", "always_defect", "always_cooperate", "grudger", "tit_for_two_tats", "win_stay_lose_shift")


def doctrine(base: str, rule: str = "", did: str = "mine") -> type:
    text = f'[doctrine]\nid = "{did}"\nbase = "{base}"\n' + (f"[rule]\n{rule}\n" if rule else "")
    return parse_doctrine(text, "mine.toml")


@pytest.mark.parametrize("base", ["tit_for_tat", "tit_for_two_tats", "grudger", "always_cooperate", "always_defect"])
def test_an_empty_rule_is_the_base_strategy(base):
    """A [rule] table that changes nothing plays exactly like the base strategy against every
    classic opponent (the reactive rule family contains it)."""
    mine = doctrine(base, "forgive = 0.0" if base != "always_defect" else "probe = 1.0")
    for opp in OPPONENTS:
        ours = play_fast(mine(), REPEATED_STRATEGIES[opp](), 120, CLASSIC, 0.0, 1)
        ref = play_fast(REPEATED_STRATEGIES[base](), REPEATED_STRATEGIES[opp](), 120, CLASSIC, 0.0, 1)
        assert ours == ref, (base, opp)


def test_a_base_alone_is_that_strategy_under_a_new_name():
    """A file with only [doctrine] and base = win_stay_lose_shift enters as Pavlov, renamed."""
    cls = doctrine("win_stay_lose_shift", did="my_pavlov")
    assert cls.name == "my_pavlov"
    r = play_fast(cls(), REPEATED_STRATEGIES["always_defect"](), 200, CLASSIC, 0.0, 1)
    assert (r.score_a, r.score_b) == (100, 600)


def test_punishing_for_two_rounds_is_two_tits_for_a_tat():
    """punish_for = 2: one defection is answered by two rounds of arming."""
    cls = doctrine("tit_for_tat", "punish_for = 2")
    mine = cls()
    theirs = np.array([0, 1, 0, 0, 0], dtype=np.int8)
    moves = [mine.move(np.zeros(t, dtype=np.int8), theirs[:t], None) for t in range(1, 6)]
    assert moves == [0, 1, 1, 0, 0]


def test_retaliate_after_two_needs_two_in_a_row():
    """retaliate_after = 2: two separate defections are let go; two in a row are answered."""
    mine = doctrine("tit_for_tat", "retaliate_after = 2")()
    assert mine.move(None, np.array([1, 0, 1], dtype=np.int8), None) == 0
    assert mine.move(None, np.array([0, 1, 1], dtype=np.int8), None) == 1


def test_forgiveness_and_probing_make_it_stochastic():
    """A chance in the rule makes the doctrine stochastic (so the tournament repeats its matches)."""
    assert doctrine("tit_for_tat", "forgive = 0.2").classifier["stochastic"] is True
    assert doctrine("tit_for_tat").classifier["stochastic"] is False
    assert doctrine("grudger").classifier["memory_depth"] == float("inf")


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(DoctrineFileError, match="no such doctrine file"):
        load_doctrine_file(tmp_path / "nope.toml")


@pytest.mark.parametrize("text, line, words", [
    ('[doctrine]\nid = "x"\nbase = "tft"\n', 3, "doctrine.base: is not one of the choices"),
    ('[doctrine]\nid = "My Rule"\n', 2, "doctrine.id: is not a valid id"),
    ('[doctrine]\nid = "tit_for_tat"\n', 2, "built-in doctrine's id"),
    ('[doctrine]\nid = "x"\n[rule]\nforgive = 1.5\n', 4, "rule.forgive: is too large"),
    ('[doctrine]\nid = "x"\n[rule]\npunish_for = "always"\n', 4, "rule.punish_for: is not allowed"),
    ('[doctrine]\nid = "x"\n[rule]\ncolour = "red"\n', 4, "rule.colour: is not a field the game knows"),
    ('[doctrine]\nid = "x"\nbase = "random"\n[rule]\nprobe = 0.3\n', None, None),
    ('[doctrine]\nid = "x"\nbase = "win_stay_lose_shift"\n[rule]\nprobe = 0.3\n', 4, "not a reactive rule"),
    ('[doctrine]\ntitle = "no id"\n', 1, "doctrine.id: is required"),
    ('[doctrine\nid = "x"\n', None, "not valid TOML"),
])
def test_mistakes_name_the_line_the_field_and_what_is_allowed(text, line, words):
    """Each mistake is reported with the file, the line, the field and what is allowed."""
    if words is None:
        parse_doctrine(text, "mine.toml")  # a valid file
        return
    with pytest.raises(DoctrineFileError) as err:
        parse_doctrine(text, "mine.toml")
    message = str(err.value)
    assert message.startswith("mine.toml")
    assert words in message
    if line is not None:
        assert f"line {line}," in message
