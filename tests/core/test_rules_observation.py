"""Observation (DESIGN.md §4): what a state reads from the forces it sees. The burden a state's
forces put on its output is evidence of its aims when heavy, and none when light (the evidence is
one-sided) or when an alliance explains it."""
from __future__ import annotations

from game.core import perception

from .world import engine


def test_a_heavy_burden_is_evidence_a_light_one_is_not():
    """Forces that take far more than a tenth of output to keep up speak of aims; light ones say
    nothing (the evidence is one-sided)."""
    eng = engine(3, aland={"offense": 60.0, "defense": 60.0}, cerulia={"offense": 3.0, "defense": 3.0})
    st = eng.state
    llr = perception._read_burden(st)
    assert llr[1, 0] > 0.5  # Borea reading heavily armed Aland
    assert llr[1, 2] == 0.0  # ... and lightly armed Cerulia: nothing


def test_an_allys_burden_is_read_in_the_light_of_the_alliance():
    """The same heavy burden in an ally is no evidence."""
    eng = engine(3, alliances=[("aland", "borea")], aland={"offense": 60.0, "defense": 60.0})
    assert perception._read_burden(eng.state)[1, 0] == 0.0
