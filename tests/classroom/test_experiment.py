"""`python main.py experiment`: conditions from --vary, summary.json exactly as DESIGN.md §7
says and conditions.csv beside it, the series when asked for (compressed unless --series csv) with
the condition and run first, the charts, byte-identical reruns, clear errors."""
from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from game.cli import main
from game.core.state import WAR_LABELS
from game.scenario.loading import load_scenario

CONDITION_KEYS = {"params", "runs", "spiral_rate", "tragic_spiral_rate", "war_rate", "mean_arms_growth",
                  "cooperation_rate", "wars_by_label"}
# The design's four labels, and any the rules add (e.g. "accidental": a crisis incident became a war).
LABELS = {"preventive", "preemptive", "opportunistic", "alliance"} | set(WAR_LABELS[1:])
VARY = ["--vary", "world.offense_defense=0.33,2", "--vary", "world.distinguishability=0.1,0.9"]


def _experiment(out: Path, *args: str, scenario: str = "four_worlds", workers: str = "1") -> int:
    return main(["experiment", scenario, "--out", str(out), "--workers", workers, *args])


@pytest.fixture(scope="module")
def four_worlds(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exp") / "four"
    assert _experiment(out, "--runs", "3", "--turns", "12", "--seed", "5", *VARY, "--series") == 0
    return out


def test_summary_has_exactly_the_designed_format(four_worlds):
    """{"scenario": id, "conditions": [...]} with exactly the keys of DESIGN.md §7, one condition
    per combination of the varied values (Cartesian product, in the order given)."""
    summary = json.loads((four_worlds / "summary.json").read_text())
    assert set(summary) == {"scenario", "conditions"}
    assert summary["scenario"] == "four_worlds"
    assert [c["params"] for c in summary["conditions"]] == [
        {"world.offense_defense": 0.33, "world.distinguishability": 0.1},
        {"world.offense_defense": 0.33, "world.distinguishability": 0.9},
        {"world.offense_defense": 2, "world.distinguishability": 0.1},
        {"world.offense_defense": 2, "world.distinguishability": 0.9},
    ]
    for c in summary["conditions"]:
        assert set(c) == CONDITION_KEYS
        assert c["runs"] == 3
        for rate in ("spiral_rate", "tragic_spiral_rate", "war_rate", "cooperation_rate"):
            assert 0.0 <= c[rate] <= 1.0
        assert c["tragic_spiral_rate"] <= c["spiral_rate"]
        assert set(c["wars_by_label"]) == LABELS
        assert all(isinstance(n, int) and n >= 0 for n in c["wars_by_label"].values())
        assert isinstance(c["mean_arms_growth"], float)


def test_conditions_csv_is_summary_json_as_a_table(four_worlds):
    """conditions.csv: one row per condition, the varied parameters first, then the same fields
    as summary.json's conditions (wars_by_label as wars_LABEL columns), the same values."""
    summary = json.loads((four_worlds / "summary.json").read_text())
    with open(four_worlds / "conditions.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(summary["conditions"])
    for row, c in zip(rows, summary["conditions"]):
        table = {k: json.loads(v) for k, v in row.items()}
        assert {k: table.pop(k) for k in c["params"]} == c["params"]
        assert {k: table.pop(f"wars_{k}") for k in c["wars_by_label"]} == c["wars_by_label"]
        assert table == {k: v for k, v in c.items() if k not in ("params", "wars_by_label")}


def test_no_series_unless_asked_for(tmp_path, four_worlds):
    """By default an experiment writes no per-turn series (runs.csv is what a class uses; the series
    is a tenth of the work): the same summary and runs as with it."""
    out = tmp_path / "plain"
    assert _experiment(out, "--runs", "3", "--turns", "12", "--seed", "5", *VARY) == 0
    assert not (out / "series.csv.gz").exists() and not (out / "series.csv").exists()
    for name in ("summary.json", "conditions.csv", "runs.csv"):
        assert (out / name).read_bytes() == (four_worlds / name).read_bytes(), name


def test_series_is_compressed_and_has_one_row_per_run_turn_and_dyad(four_worlds):
    """--series writes series.csv.gz: the varied parameters and the run index lead, then simulate's
    columns; one row per condition, run, turn (0..12) and dyad (15 among six states)."""
    assert not (four_worlds / "series.csv").exists()
    with gzip.open(four_worlds / "series.csv.gz", "rt", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[:5] == ["world.offense_defense", "world.distinguishability", "run", "turn", "a"]
    body = rows[1:]
    assert len(body) == 4 * 3 * 13 * 15
    assert {(r[0], r[1], r[2]) for r in body} == {(o, d, str(k)) for o in ("0.33", "2") for d in ("0.1", "0.9")
                                                  for k in range(3)}


def test_series_on_request_is_plain_csv_with_the_same_rows(tmp_path, four_worlds):
    """--series csv writes series.csv (and no .gz): the same text the compressed file holds."""
    out = tmp_path / "plain"
    assert _experiment(out, "--runs", "3", "--turns", "12", "--seed", "5", *VARY, "--series", "csv") == 0
    assert not (out / "series.csv.gz").exists()
    assert (out / "series.csv").read_bytes() == gzip.decompress((four_worlds / "series.csv.gz").read_bytes())


def test_runs_csv_and_charts(four_worlds):
    """runs.csv: one row per run with its seed; Jervis's 2×2 (Ω and d both varied), the wars by
    kind, the comparison chart and one chart per condition."""
    with open(four_worlds / "runs.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 12
    # Run k has the same seed in every condition (common random numbers).
    assert len({(r["run"], r["seed"]) for r in rows}) == 3
    for name in ("worlds.png", "wars_by_kind.png", "comparison.png", "condition_01.png", "condition_04.png"):
        assert (four_worlds / name).stat().st_size > 5000


def test_no_worlds_chart_unless_omega_and_d_are_both_varied(tmp_path):
    """worlds.png needs both axes of Jervis's table; varying one of them gives the other charts."""
    out = tmp_path / "one_axis"
    assert _experiment(out, "--runs", "2", "--turns", "5", "--vary", "world.offense_defense=0.33,2") == 0
    assert not (out / "worlds.png").exists()
    assert (out / "wars_by_kind.png").exists() and (out / "conditions.csv").exists()


def test_rates_count_runs_where_it_happened(four_worlds):
    """A rate is the share of runs in which the thing happened at least once (runs.csv agrees)."""
    summary = json.loads((four_worlds / "summary.json").read_text())
    with open(four_worlds / "runs.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for k, c in enumerate(summary["conditions"]):
        mine = rows[3 * k: 3 * k + 3]
        assert c["war_rate"] == round(sum(int(r["war"]) for r in mine) / 3, 4)
        assert c["spiral_rate"] == round(sum(int(r["spiral"]) for r in mine) / 3, 4)


def test_same_command_gives_byte_identical_files(tmp_path, four_worlds):
    """The same command (here on two processes instead of one) writes the same bytes."""
    again = tmp_path / "again"
    assert _experiment(again, "--runs", "3", "--turns", "12", "--seed", "5", *VARY, "--series", workers="2") == 0
    for name in ("summary.json", "conditions.csv", "series.csv.gz", "runs.csv", "worlds.png", "wars_by_kind.png",
                 "comparison.png", "condition_02.png"):
        assert (again / name).read_bytes() == (four_worlds / name).read_bytes(), name


def test_another_seed_gives_other_games(tmp_path, four_worlds):
    out = tmp_path / "other"
    assert _experiment(out, "--runs", "3", "--turns", "12", "--seed", "6", *VARY, "--series") == 0
    assert (out / "series.csv.gz").read_bytes() != (four_worlds / "series.csv.gz").read_bytes()


def test_without_vary_one_condition_and_state_parameters(tmp_path):
    """No --vary: the scenario as written; states.ID.FIELD and states.*.FIELD keys work too."""
    assert _experiment(tmp_path / "a", "--runs", "2", "--turns", "5", scenario="two_neighbours") == 0
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert [c["params"] for c in summary["conditions"]] == [{}]
    assert _experiment(tmp_path / "b", "--runs", "2", "--turns", "5", "--vary", "states.verdia.growth=0.0,0.05",
                       "--vary", "states.*.doctrine=tit_for_tat,spiral_aware", scenario="two_neighbours") == 0
    summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert len(summary["conditions"]) == 4
    assert summary["conditions"][3]["params"] == {"states.verdia.growth": 0.05, "states.*.doctrine": "spiral_aware"}


def test_a_state_position_can_be_varied_as_a_list(tmp_path):
    """A list value keeps its commas inside its brackets; each list is one condition, written as
    a list in summary.json and as [x, y] in the CSV files."""
    out = tmp_path / "where"
    assert _experiment(out, "--runs", "1", "--turns", "3", "--vary", "states.rubria.position=[0.2,0.5],[0.4,0.5]",
                       scenario="two_neighbours") == 0
    summary = json.loads((out / "summary.json").read_text())
    assert [c["params"] for c in summary["conditions"]] == [{"states.rubria.position": [0.2, 0.5]},
                                                            {"states.rubria.position": [0.4, 0.5]}]
    with open(out / "conditions.csv", newline="") as f:
        assert [row["states.rubria.position"] for row in csv.DictReader(f)] == ["[0.2, 0.5]", "[0.4, 0.5]"]


def test_repeated_dilemma_cooperation_is_the_share_of_mutual_restraint(tmp_path):
    """In the repeated dilemma, cooperation_rate is the share of rounds in which both restrained."""
    assert _experiment(tmp_path / "d", "--runs", "2", "--turns", "20", "--vary",
                       "states.borduin.doctrine=tit_for_tat,always_defect", scenario="repeated_dilemma") == 0
    conds = json.loads((tmp_path / "d" / "summary.json").read_text())["conditions"]
    assert conds[0]["cooperation_rate"] == 1.0
    assert conds[1]["cooperation_rate"] == 0.0


@pytest.mark.parametrize("args, words", [
    (["--vary", "world.offence_defense=1,2"], "world.offence_defense"),
    (["--vary", "world.offense_defense=-1,2"], "world.offense_defense=-1"),
    (["--vary", "states.nobody.growth=0.1"], "nobody"),
    (["--vary", "states.*.doctrine=pacifist"], "pacifist"),
    (["--vary", "world.offense_defense"], "KEY=V1,V2"),
    (["--vary", "world.offense_defense=1,,2"], "world.offense_defense"),
    (["--vary", "world.offense_defense=1", "--vary", "world.offense_defense=2"], "twice"),
    (["--vary", "states.rubria.id=a,b"], "states.rubria.id: a state's id cannot be varied"),
    (["--vary", "states.*.id=a,b"], "states.*.id: a state's id cannot be varied"),
    (["--vary", "states.rubria.position=[0.2,0.5],[0.4,0.5"], "brackets"),
    (["--vary", "states.rubria.position=[0.2,0.5];[0.4,0.5]"], "separate values with commas"),
    (["--vary", "states.rubria.position=[0.2,0.5],[1.4,0.5]"], "states.rubria.position=[1.4, 0.5]"),
    (["--runs", "0"], "--runs"),
])
def test_bad_vary_is_one_clear_message(tmp_path, capsys, args, words):
    """A bad key or value exits with code 2 and names the key and what is allowed; nothing is run."""
    base = ["--runs", "1"] if "--runs" not in args else []
    code = _experiment(tmp_path / "bad", *base, *args, scenario="two_neighbours")
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error:") and words in err and "Traceback" not in err
    assert not (tmp_path / "bad" / "summary.json").exists()


def test_unknown_key_message_says_what_is_allowed(tmp_path, capsys):
    _experiment(tmp_path / "bad", "--runs", "1", "--vary", "weather.rain=1", scenario="two_neighbours")
    err = capsys.readouterr().err
    assert "world.FIELD" in err and "states.ID.FIELD" in err


def test_four_worlds_variants_are_the_same_as_varying_the_world():
    """Running a variant is the same game as varying its two parameters on the base map."""
    a = load_scenario("four_worlds:offense_indistinguishable")
    b = load_scenario("four_worlds").with_overrides({"world.offense_defense": 2.0, "world.distinguishability": 0.1})
    assert a.world == b.world and a.states == b.states


def test_a_failed_experiment_leaves_earlier_results_untouched(tmp_path, monkeypatch, four_worlds):
    """Files are written to a scratch folder and moved into --out only when every run is done: an
    experiment that fails half-way leaves the folder's earlier results as they were, and no
    half-written file or scratch folder behind."""
    import shutil

    from game.cli.experiment import parse_vary
    from game.sim import experiment

    out = tmp_path / "kept"
    shutil.copytree(four_worlds, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real, played = experiment.play_batch_games, []

    def failing(sc, seeds):
        played.extend(seeds)
        if len(played) > 4:  # some chunks (and a condition's chart) are already written
            raise RuntimeError("power cut")
        return real(sc, seeds)

    monkeypatch.setattr(experiment, "play_batch_games", failing)
    base = load_scenario("four_worlds").with_overrides({"scenario.turns": 12})
    with pytest.raises(RuntimeError, match="power cut"):
        experiment.run_experiment(base, parse_vary(VARY[1::2]), runs=3, seed=9, out=out, progress=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
