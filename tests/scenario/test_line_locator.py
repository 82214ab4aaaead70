"""The line locator finds where a field is written in TOML text (tomllib gives no line numbers)."""
from __future__ import annotations

from game.scenario.loading import LineLocator
from tests.scenario.toml_samples import line_of, nth_line_of

TEXT = '''\
# comment [not_a_table]
[scenario]
id = "x"
description = """
economy = 5
[[states]]
"""
hints = [
  "a = 1",
  "[world]",
]

[[states]]
id = "a"
position = [0.1, 0.2]

[[states]]
id = "b"
"quoted key" = 1
defense.extra = 2

[world]
offense_defense = 2.0

[[variants]]
id = "v1"
world = { offense_defense = 3.0 }

[[variants]]
id = "v2"
[variants.states.b]
economy = 9
'''


def test_keys_of_arrays_of_tables_are_indexed_by_position():
    """The nth [[states]] table's keys are found under index n-1."""
    loc = LineLocator(TEXT)
    assert loc.line_of(("states", 0, "id")) == line_of(TEXT, 'id = "a"')
    assert loc.line_of(("states", 1, "id")) == line_of(TEXT, 'id = "b"')


def test_multi_line_strings_and_arrays_are_skipped():
    """Text inside a multi-line string or array that looks like a key or a header is not taken for one."""
    loc = LineLocator(TEXT)
    assert loc.line_of(("scenario", "economy")) == line_of(TEXT, "[scenario]")  # not written: its table
    assert loc.line_of(("world",)) == nth_line_of(TEXT, "[world]", 2)
    assert loc.line_of(("states", 0)) == nth_line_of(TEXT, "[[states]]", 2)


def test_missing_key_falls_back_to_its_table_header():
    """A key that is not written is located at the header of its table."""
    assert LineLocator(TEXT).line_of(("states", 1, "name")) == nth_line_of(TEXT, "[[states]]", 3)


def test_value_inside_an_inline_table_is_located_at_its_key():
    """`world = { offense_defense = 3.0 }` locates its inner keys at the `world =` line."""
    assert LineLocator(TEXT).line_of(("variants", 0, "world", "offense_defense")) == line_of(TEXT, "world = {")


def test_sub_table_of_an_array_of_tables_belongs_to_its_last_entry():
    """[variants.states.b] after the second [[variants]] is inside variants[1]."""
    loc = LineLocator(TEXT)
    assert loc.line_of(("variants", 1, "states", "b", "economy")) == line_of(TEXT, "economy = 9")


def test_quoted_and_dotted_keys_are_located():
    """"quoted key" = and dotted.keys = are recorded under their parts."""
    loc = LineLocator(TEXT)
    assert loc.line_of(("states", 1, "quoted key")) == line_of(TEXT, '"quoted key"')
    assert loc.line_of(("states", 1, "defense", "extra")) == line_of(TEXT, "defense.extra")


def test_item_of_a_value_list_is_located_at_its_key():
    """position[1] is at the `position =` line."""
    assert LineLocator(TEXT).line_of(("states", 0, "position", 1)) == line_of(TEXT, "position =")


def test_duplicate_key_is_noticed_with_both_lines():
    """A key written twice in one table is remembered with its first and second line."""
    loc = LineLocator('[world]\na = 1\nb = 2\na = 3\n')
    assert loc.duplicates == [(("world", "a"), 2, 4)]
