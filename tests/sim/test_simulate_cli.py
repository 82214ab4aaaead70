"""`python main.py simulate SCENARIO --turns N --seed S --out DIR` (DESIGN.md §7): a whole game
headless, a readable turn-by-turn summary, summary.json, series.csv (one row per turn and dyad)
and replay.json — byte-identical when run twice; bad input is one clear message."""
from __future__ import annotations

import csv
import json

import pytest

from game.cli import main
from game.match.saves import read_save, restore


def _simulate(out, *extra) -> int:
    return main(["simulate", "two_neighbours", "--turns", "8", "--seed", "3", "--out", str(out), *extra])


def test_simulate_writes_the_three_files_and_a_readable_summary(tmp_path, capsys):
    assert _simulate(tmp_path) == 0
    text = capsys.readouterr().out
    assert "Turn   1  arms: Rubria" in text and "tension:" in text and "Final — Two Neighbours" in text
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["scenario"] == "two_neighbours" and summary["seed"] == 3 and summary["turns"] == 8
    assert {s["id"] for s in summary["states"]} == {"rubria", "verdia"}
    assert {"wars", "wars_by_label", "spirals", "crises", "final_hash"} <= summary.keys()
    assert all("mutual_restraint_score" in s for s in summary["states"])
    rows = list(csv.DictReader((tmp_path / "series.csv").open()))
    assert len(rows) == 9  # turns 0..8, one dyad
    assert rows[0]["a"] == "rubria" and rows[0]["b"] == "verdia" and rows[-1]["turn"] == "8"


def test_running_twice_gives_byte_identical_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert _simulate(a) == 0 and _simulate(b) == 0
    for name in ("summary.json", "series.csv", "replay.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_the_replay_reproduces_every_turn(tmp_path):
    assert _simulate(tmp_path) == 0
    save = read_save(tmp_path / "replay.json")
    engine = restore(save, "replay.json")  # raises ReplayDivergence on any mismatch
    assert engine.turn == 8


def test_explain_prints_the_reasons(tmp_path, capsys):
    assert _simulate(tmp_path, "--explain") == 0
    assert "> Verdia" in capsys.readouterr().out


@pytest.mark.parametrize("args,words", [
    (["simulate", "atlantis"], "no such scenario"),
    (["simulate", "two_neighbours", "--turns", "0"], "--turns must be at least 1"),
])
def test_bad_input_is_one_clear_message(args, words, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
