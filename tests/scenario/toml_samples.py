"""Small scenario texts for the data-layer tests: a valid base that each test breaks in one way."""
from __future__ import annotations

VALID = '''\
[scenario]
id = "pair"
title = "A Pair"
turns = 6

[world]
offense_defense = 1.0
distinguishability = 0.5

[[states]]
id = "rubria"
name = "Rubria"
position = [0.3, 0.5]
economy = 100.0

[[states]]
id = "verdia"
name = "Verdia"
position = [0.7, 0.5]
economy = 100.0
'''


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle` (so tests do not hard-code numbers)."""
    for n, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in text")


def nth_line_of(text: str, needle: str, nth: int) -> int:
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[nth - 1]
