"""`python main.py report SAVE_OR_REPLAY --out DIR`: the debrief as a self-contained HTML page,
PNG charts and CSV, built from a save or replay (game.report.debrief)."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from game.cli import main
from game.core.engine import Engine
from game.scenario.loading import load_scenario
from game.match.saves import ControllerSpec, record, write_save
from game.report.debrief import build_debrief, export
from game.match.games import run_game
from tests.ai.helpers import Scripted, grow, run

SPIRAL_SEED = 0  # two neighbours both building 10 % a turn: a spiral from turn 2 (rules and perception only)


def _arms_race(turns: int = 12, **overrides) -> Engine:
    sc = load_scenario("two_neighbours").with_overrides({"scenario.turns": turns, **overrides})
    return run(sc, {"rubria": Scripted(grow(0.10, 0.7)), "verdia": Scripted(grow(0.10, 0.7))}, seed=SPIRAL_SEED)


def _replay(engine: Engine, path: Path) -> Path:
    specs = {sid: ControllerSpec(kind="human") for sid in engine.ids}
    return write_save(path, record(engine, specs, kind="replay"))


@pytest.fixture(scope="module")
def arms_race_report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    engine = _arms_race()
    assert engine.tracker.episodes, "the scripted arms race should spiral"
    replay = _replay(engine, tmp / "replay.json")
    assert main(["report", str(replay), "--out", str(tmp / "out")]) == 0
    return tmp / "out"


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_report_writes_html_charts_csv_and_data(arms_race_report):
    """debrief.html, a PNG per chart (arms, ladder, tension, beliefs, one phase plot per spiral),
    series.csv and debrief.json."""
    for name in ("debrief.html", "arms.png", "ladder.png", "tension.png", "beliefs.png", "spiral_1.png",
                 "series.csv", "debrief.json"):
        assert (arms_race_report / name).stat().st_size > 200, name


def test_html_is_self_contained(arms_race_report):
    """Inline CSS, charts embedded as base64 PNG, nothing fetched from anywhere."""
    html = (arms_race_report / "debrief.html").read_text()
    assert "<style>" in html
    assert html.count('src="data:image/png;base64,') >= 5
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html


def test_html_shows_the_timeline_the_spiral_and_the_revealed_types(arms_race_report):
    """The escalation timeline with its turning points, the spiral episode with its
    action–reaction chain (marked tragic: both were security seekers), the hidden types, scores
    beside mutual restraint, and discussion questions."""
    html = (arms_race_report / "debrief.html").read_text()
    text = _text(html)
    assert "Escalation timeline" in text and "Turning points" in text
    assert "An arms-race spiral has formed between Rubria and Verdia" in text
    assert "Spiral 1: Rubria and Verdia" in text and "tragic spiral" in text
    assert "Action and reaction" in text and "Verdia now believed Rubria" in text
    assert "Hidden types revealed" in text and text.count("security seeker") >= 2
    assert "If all had restrained" in text
    assert len(re.findall(r"<li>", html.split('class="questions"')[1].split("</ol>")[0])) >= 3


def test_csv_has_one_row_per_turn_and_dyad(arms_race_report):
    """series.csv: a header and one row per turn (0..12) for the one pair of states."""
    with open(arms_race_report / "series.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["turn", "a", "b"]
    assert len(rows) - 1 == 13 * 1
    assert [r[0] for r in rows[1:]] == [str(t) for t in range(13)]


def test_debrief_json_is_the_same_content_as_data(arms_race_report):
    d = json.loads((arms_race_report / "debrief.json").read_text())
    assert {"timeline", "episodes", "turning_points", "states", "questions"} <= set(d)
    assert d["episodes"][0]["tragic"] is True
    assert d["episodes"][0]["chain"], "the action–reaction chain has steps"
    assert {s["id"]: s["type"] for s in d["states"]} == {"rubria": "security seeker", "verdia": "security seeker"}


def test_a_greedy_state_is_revealed_and_its_spiral_is_not_tragic(tmp_path):
    """With Verdia secretly greedy, the debrief says so, and the spiral is not marked tragic."""
    engine = _arms_race(**{"states.verdia.type": "greedy"})
    d = build_debrief(engine, counterfactual=False)
    assert {s.id: s.type for s in d.states}["verdia"] == "greedy"
    assert d.episodes and not d.episodes[0].tragic
    html = export(engine, tmp_path, counterfactual=False).read_text()
    assert "badge greedy" in html and "tragic spiral</span>" not in html


def test_scores_sit_beside_the_mutual_restraint_counterfactual():
    """Each state's score and what it would have scored had every state restrained (same seed)."""
    d = build_debrief(_arms_race())
    for s in d.states:
        assert s.restraint_score is not None and s.restraint_score > s.score


def test_turning_points_are_tagged_with_concepts():
    """Every turning point carries a concept; the spiral's start is tagged 'spiral'."""
    d = build_debrief(_arms_race(), counterfactual=False)
    assert d.turning_points and all(p.concept for p in d.turning_points)
    assert any(p.concept == "spiral" and p.kind == "spiral_started" for p in d.turning_points)


@pytest.mark.ai_behaviour
def test_ai_explanations_appear_at_turning_points(tmp_path):
    """A game played by the AI: the reasons each AI gave when it acted are shown beside the
    turning point (a war's reason names the decision)."""
    sc = load_scenario("four_worlds:offense_indistinguishable").with_overrides({"scenario.turns": 15})
    engine = run_game(sc, 2).engine
    d = build_debrief(engine, counterfactual=False)
    explained = [p for p in d.turning_points if p.reasons]
    assert explained
    wars = [p for p in d.turning_points if p.kind == "war_started" and p.reasons]
    assert not wars or any(engine.state.names[engine.ids.index(p.actors[0])] in p.reasons[0] for p in wars)


def test_repeated_dilemma_debrief(tmp_path):
    """The repeated dilemma's debrief shows the rounds (moves chart) and who armed first."""
    from game.ai.doctrines.repeated import REPEATED_STRATEGIES

    sc = load_scenario("repeated_dilemma").with_overrides({"scenario.turns": 20})
    engine = run_game(sc, 1, {"aldoria": REPEATED_STRATEGIES["tit_for_tat"](),
                              "borduin": REPEATED_STRATEGIES["always_defect"]()}).engine
    html = export(engine, tmp_path).read_text()
    assert (tmp_path / "moves.png").exists()
    assert "The first arming came in round 1, by Borduin." in _text(html)


def test_report_on_a_missing_or_broken_file_is_one_clear_message(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope.json"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}\n')
    assert main(["report", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


def test_the_debrief_reveals_a_gambling_leader():
    """Leaders are hidden like types: the debrief names a greedy AI state whose leader was a
    gambler (boldness fixed by the scenario here), and says nothing of leaders of ordinary
    boldness."""
    def highlights_of(boldness: float) -> str:
        sc = load_scenario("two_neighbours").with_overrides(
            {"scenario.turns": 3, "states.verdia.boldness": boldness, "states.verdia.type": "greedy"})
        engine = run_game(sc, 1, record=False).engine
        return "\n".join(build_debrief(engine, counterfactual=False).highlights)

    assert "Verdia's was a gambler (boldness +2.0" in highlights_of(2.0)
    assert "Hidden leaders" not in highlights_of(0.0)
