"""`python main.py tournament`: round robin of doctrines, results.json as DESIGN.md §7 says,
a ranked table, charts, the ecological variant, students' doctrine files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.sim.tournament import entrants_from, run_tournament, tournament_scenario

PAIR_KEYS = {"a", "b", "score_a", "score_b", "cooperation_a", "cooperation_b"}


def _run(tmp_path: Path, *args: str) -> tuple[int, dict | None]:
    out = tmp_path / "t"
    code = main(["tournament", "--out", str(out), "--workers", "1", *args])
    results = out / "results.json"
    return code, (json.loads(results.read_text()) if results.exists() else None)


def _pair(results: dict, a: str, b: str) -> dict:
    for p in results["pairs"]:
        if (p["a"], p["b"]) == (a, b):
            return p
        if (p["a"], p["b"]) == (b, a):
            return {"a": a, "b": b, "score_a": p["score_b"], "score_b": p["score_a"],
                    "cooperation_a": p["cooperation_b"], "cooperation_b": p["cooperation_a"]}
    raise KeyError((a, b))


def test_default_tournament_writes_results_charts_and_a_table(tmp_path, capsys):
    """The classic strategies by default: results.json with a ranking of every entrant and one
    pair per match-up (twins included), charts, and a ranked table on screen."""
    code, res = _run(tmp_path)
    assert code == 0
    ids = {"tit_for_tat", "generous_tit_for_tat", "always_cooperate", "always_defect", "grudger",
           "tit_for_two_tats", "win_stay_lose_shift", "random"}
    assert set(res["ranking"]) == ids and len(res["ranking"]) == 8
    assert len(res["pairs"]) == 8 * 9 // 2
    for p in res["pairs"]:
        assert set(p) == PAIR_KEYS
        assert 0 <= p["cooperation_a"] <= 1 and 0 <= p["cooperation_b"] <= 1
    for name in ("scores.png", "pairs.png"):
        assert (tmp_path / "t" / name).stat().st_size > 5000
    shown = capsys.readouterr().out
    assert "rank" in shown and res["ranking"][0] in shown.split("\n")[2]


def test_standard_results_in_the_tournament(tmp_path):
    """Pair scores are mean match totals: TFT–ALLD 199/204, TFT–TFT 600, ALLC–ALLD 0/1000,
    grudger–ALLD 199/204, TF2T–ALLD 198/208 over 200 rounds."""
    _, res = _run(tmp_path, "--doctrines", "tit_for_tat,always_defect,always_cooperate,grudger,tit_for_two_tats",
                  "--reps", "3")
    assert (_pair(res, "tit_for_tat", "always_defect")["score_a"], _pair(res, "tit_for_tat", "always_defect")["score_b"]) == (199, 204)
    assert _pair(res, "tit_for_tat", "tit_for_tat")["score_a"] == 600
    assert (_pair(res, "always_cooperate", "always_defect")["score_a"], _pair(res, "always_cooperate", "always_defect")["score_b"]) == (0, 1000)
    assert _pair(res, "grudger", "always_defect")["score_a"] == 199
    assert (_pair(res, "tit_for_two_tats", "always_defect")["score_a"], _pair(res, "tit_for_two_tats", "always_defect")["score_b"]) == (198, 208)
    assert _pair(res, "always_cooperate", "always_defect")["cooperation_a"] == 1.0
    assert _pair(res, "always_cooperate", "always_defect")["cooperation_b"] == 0.0


def test_ranking_follows_mean_score_against_the_others(tmp_path):
    """The ranking orders entrants by their mean score per match against the other entrants."""
    _, res = _run(tmp_path, "--doctrines", "tit_for_tat,always_defect,always_cooperate,grudger", "--reps", "2")
    means = {row["id"]: row["mean_score"] for row in res["table"]}
    assert res["ranking"] == sorted(means, key=lambda k: -means[k])
    # Against ALLD, ALLC and grudger: (199 + 600 + 600) / 3 for tit-for-tat.
    assert means["tit_for_tat"] == pytest.approx((199 + 600 + 600) / 3)


def test_same_command_same_results(tmp_path):
    """Stochastic entrants and noise are seeded: the same command gives byte-identical results."""
    args = ("--doctrines", "random,generous_tit_for_tat,tit_for_tat", "--noise", "0.05", "--reps", "4", "--seed", "9")
    _run(tmp_path / "one", *args)
    _run(tmp_path / "two", *args)
    assert (tmp_path / "one" / "t" / "results.json").read_bytes() == (tmp_path / "two" / "t" / "results.json").read_bytes()


def test_noise_erodes_tit_for_tat_and_generosity_restores_cooperation():
    """Axelrod (DESIGN.md §9.7): with 5 % noise two tit-for-tats fall into echoes of retaliation;
    two generous tit-for-tats keep restraining far more of the time."""
    sc = tournament_scenario("repeated_dilemma", 200, 0.05)
    res = run_tournament(entrants_from("tit_for_tat,generous_tit_for_tat"), sc, reps=20, seed=1, progress=False)
    twins = {p["a"]: p for p in res["pairs"] if p["a"] == p["b"]}
    assert twins["tit_for_tat"]["cooperation_a"] < 0.7
    assert twins["generous_tit_for_tat"]["cooperation_a"] > twins["tit_for_tat"]["cooperation_a"] + 0.15


def test_ecological_variant(tmp_path):
    """--ecological: population shares per generation under "ecological" (summing to 1), a chart;
    the unconditional defector, thriving at first on the cooperators, dies out."""
    code, res = _run(tmp_path, "--ecological", "--reps", "3")
    eco = res["ecological"]
    assert code == 0 and (tmp_path / "t" / "ecological.png").exists()
    assert set(eco["shares"]) == set(res["ranking"])
    for g in (0, 10, eco["generations"]):
        assert sum(s[g] for s in eco["shares"].values()) == pytest.approx(1.0, abs=1e-4)
    assert eco["final"]["always_defect"] < 0.01
    assert "tit_for_tat" in eco["survivors"]


def test_a_two_state_game_goes_through_the_engine(tmp_path):
    """In an ordinary two-state scenario a match is a whole game; scores are the game's scores."""
    code, res = _run(tmp_path, "--scenario", "two_neighbours", "--doctrines", "always_cooperate,always_defect",
                     "--reps", "2", "--turns", "12")
    assert code == 0
    p = _pair(res, "always_cooperate", "always_defect")
    assert p["cooperation_a"] > 0.9 and p["cooperation_b"] < 0.1
    assert 0 < p["score_a"] <= 150 and 0 < p["score_b"] <= 150
    assert res["settings"]["mode"] == "game"


def test_a_students_doctrine_file_enters(tmp_path):
    """A doctrine written as a TOML file (no code) enters under its own id."""
    f = tmp_path / "fiona.toml"
    f.write_text('[doctrine]\nid = "forgiving_fiona"\ntitle = "Forgiving Fiona"\nbase = "tit_for_tat"\n'
                 '[rule]\nforgive = 0.5\n', encoding="utf-8")
    code, res = _run(tmp_path, "--doctrines", f"tit_for_tat,always_defect,{f}", "--reps", "3")
    assert code == 0
    assert "forgiving_fiona" in res["ranking"]
    assert _pair(res, "forgiving_fiona", "always_defect")["cooperation_a"] == pytest.approx(0.5, abs=0.1)


@pytest.mark.parametrize("args, words", [
    (("--doctrines", "tit_for_tat,nobody"), "unknown doctrine 'nobody'"),
    (("--doctrines", "tit_for_tat"), "at least two"),
    (("--doctrines", "grudger,grudger"), "entered twice"),
    (("--scenario", "four_worlds"), "two states"),
    (("--scenario", "two_neighbours", "--noise", "0.1"), "--noise"),
    (("--reps", "0"), "--reps"),
    (("--noise", "0.9"), "--noise"),
])
def test_bad_input_is_one_clear_message(tmp_path, capsys, args, words):
    """Bad input exits with code 2 and one line naming what is wrong, never a traceback."""
    code, _ = _run(tmp_path, *args)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error:") and words in err and "Traceback" not in err
