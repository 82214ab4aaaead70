"""The debrief says what happened (DESIGN.md §5): its states wear the window's colours, its
discussion questions rest on the game's facts (wars, conquests, nuclear use, spirals, one-sided
races, arms control, crises), it never denies an arms race the forces show, and it names the teams
that played."""
from __future__ import annotations

import json
import re

import pytest

from game.cli import main
from game.core.commands import Attack
from game.scenario.loading import load_scenario
from game.match.games import run_game
from game.match.saves import ControllerSpec, read_save, record, write_save
from game.report.debrief import Debrief, build_debrief
from game.resources import builtin_scenario_ids
from game.ui.palette import hex_rgb
from game.ui.palette import state_colors as window_colors
from tests.ai.helpers import Scripted, grow, hold, run

PEACE_WORDS = ("kept the peace", "No war and no arms race", "nobody used nuclear weapons")


def _two_neighbours(controllers, turns: int = 12, **overrides):
    sc = load_scenario("two_neighbours").with_overrides({"scenario.turns": turns, **overrides})
    return run(sc, controllers, seed=0)


def _arms_race():
    return _two_neighbours({"rubria": Scripted(grow(0.10, 0.7)), "verdia": Scripted(grow(0.10, 0.7))})


def _war():
    def attacker(view):
        return hold(view) + ([Attack(target="verdia")] if view.turn == 2 else [])

    return _two_neighbours({"rubria": Scripted(attacker), "verdia": Scripted(hold)}, turns=10)


def _quiet():
    return _two_neighbours({"rubria": Scripted(hold), "verdia": Scripted(hold)})


def _all_text(d: Debrief) -> str:
    return "\n".join(d.highlights + d.questions + [e.summary for e in d.episodes] + [r.text for r in d.races])


def check_agrees_with_facts(d: Debrief) -> None:
    """Every claim the debrief's questions and highlights make rests on d.facts."""
    f = d.facts
    text = _all_text(d)
    if f.wars or f.nuclear_use:
        assert not any(w in text for w in PEACE_WORDS[:2]), text
        assert "No war." not in d.highlights
        assert " calm" not in text.replace("the stage calm", "")
    if f.nuclear_use:
        assert "nobody used nuclear weapons" not in text
    if f.spirals or f.one_sided or f.races:
        assert "No arms race" not in text and "no arms race" not in text, text
    if not (f.spirals or f.one_sided or f.races):
        asked = re.sub(r"(no|without an) arms race", "", " ".join(d.questions))
        assert not re.search(r"spiralled|spiral of|arms race|armed fast", asked), d.questions
    if not f.wars:
        assert not re.search(r"started a (preventive|preemptive) war|War came|drawn into a war", " ".join(d.questions))
    if f.conquered:
        assert any("conquered" in q for q in d.questions)


# ---------------------------------------------------------------------------------------------
# One palette


@pytest.mark.parametrize("scenario_id", builtin_scenario_ids())
def test_window_and_debrief_draw_each_state_in_the_same_colour(scenario_id):
    """The debrief's colour for each state (its page, its charts) is the window's."""
    sc = load_scenario(scenario_id).with_overrides({"scenario.turns": 1})
    engine = run_game(sc, 1).engine
    d = build_debrief(engine, counterfactual=False)
    window = dict(zip(engine.ids, window_colors(engine.state.colors)))
    assert {s.id: hex_rgb(s.color) for s in d.states} == window
    assert len(set(window.values())) == len(window), "no two states share a colour"


def test_colours_a_scenario_chose_are_kept_and_black_is_moved():
    """A scenario's own palette colours stay where they are; black (invisible on the dark map)
    moves to a free colour instead of pushing other states off theirs."""
    from game.theory import state_colors

    assert state_colors(["#000000", "#E69F00", "#CC79A7", "#009E73", "#0072B2", "#D55E00"]) == [
        "#56B4E9", "#E69F00", "#CC79A7", "#009E73", "#0072B2", "#D55E00"]
    assert state_colors(["#D55E00", "#D55E00"])[1] != "#D55E00"


# ---------------------------------------------------------------------------------------------
# Questions and highlights rest on the facts


def test_a_game_with_a_war_never_asks_what_kept_the_peace():
    d = build_debrief(_war(), counterfactual=False)
    assert d.facts.wars == 1 and not d.episodes and not d.races
    check_agrees_with_facts(d)
    assert any(q.startswith("War came without an arms race") for q in d.questions)


def test_a_game_without_war_or_race_invents_neither():
    d = build_debrief(_quiet(), counterfactual=False)
    assert d.facts.wars == 0 and d.facts.races == 0 and not d.episodes
    check_agrees_with_facts(d)
    assert any("kept the peace" in q for q in d.questions)
    assert any(h.startswith("No arms race") for h in d.highlights) and "No war." in d.highlights


def test_a_one_sided_race_says_who_feared_whom(tmp_path):
    """An episode in which only Verdia's fear rose: the debrief says Verdia feared Rubria's
    buildup and Rubria did not fear Verdia — in the story, a highlight, a question and the page."""
    engine = _arms_race()
    (ep,) = engine.tracker.episodes
    ep.fearing = ["verdia"]  # as the tracker records a race in which only Verdia grew afraid
    d = build_debrief(engine, counterfactual=False)
    assert d.facts.one_sided == 1 and d.facts.spirals == 0
    story = d.episodes[0]
    assert not story.mutual
    assert "Verdia feared Rubria's buildup; Rubria" in story.fear and "did not fear Verdia" in story.fear
    assert any("Verdia feared Rubria's buildup" in h for h in d.highlights)
    assert any("Verdia feared Rubria's buildup, but Rubria did not fear Verdia" in q for q in d.questions)
    assert not any("each more afraid of the other" in p.text for p in d.turning_points if p.kind == "spiral_started")
    check_agrees_with_facts(d)
    from game.report.debrief import export

    html = export(engine, tmp_path, counterfactual=False).read_text()
    assert "One-sided arms race 1: Rubria and Verdia" in html


def test_an_arms_race_is_never_denied_even_without_an_episode():
    """Both sides built ≥ γ* for turns on end: when the spiral test forms no episode, the
    debrief still says there was an arms race, and asks about it."""
    engine = _arms_race()
    engine.tracker.episodes.clear()  # as when the spiral test finds no action and reaction
    d = build_debrief(engine, counterfactual=False)
    assert d.races and {d.races[0].a, d.races[0].b} == {"rubria", "verdia"}
    assert d.races[0].end - d.races[0].start + 1 >= 3
    assert any("an arms race" in h for h in d.highlights)
    assert any("armed fast" in q for q in d.questions)
    check_agrees_with_facts(d)


@pytest.mark.parametrize("scenario_id", [s for s in builtin_scenario_ids() if s != "repeated_dilemma"])
def test_built_in_scenario_debriefs_agree_with_their_facts(scenario_id):
    for seed in (1, 2):
        d = build_debrief(run_game(load_scenario(scenario_id), seed).engine, counterfactual=False)
        check_agrees_with_facts(d)


# ---------------------------------------------------------------------------------------------
# Team names


def test_team_names_appear_in_the_debrief_of_a_save_with_teams(tmp_path):
    """A save whose human seats carry team names: the page, the JSON and the chart legends name
    the teams instead of "human"."""
    engine = _arms_race()
    specs = {"rubria": ControllerSpec(kind="human", team="The Owls"), "verdia": ControllerSpec(kind="human")}
    save = write_save(tmp_path / "save.json", record(engine, specs, kind="save"))
    assert read_save(save).controllers["rubria"].team == "The Owls"
    assert main(["report", str(save), "--out", str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "debrief.html").read_text()
    assert "team The Owls" in html
    data = json.loads((tmp_path / "out" / "debrief.json").read_text())
    by_id = {s["id"]: s for s in data["states"]}
    assert by_id["rubria"]["team"] == "The Owls" and by_id["rubria"]["governed_by"] == "team The Owls"
    assert by_id["verdia"]["team"] is None and by_id["verdia"]["governed_by"] == "human"


def test_saves_from_before_team_names_still_load(tmp_path):
    engine = _quiet()
    path = write_save(tmp_path / "old.json", record(engine, {"rubria": ControllerSpec(kind="human")}))
    assert '"team"' not in path.read_text()
    assert read_save(path).controllers["rubria"].team is None


def test_a_hot_seat_team_name_is_kept_in_the_save():
    from game.ui.session import Seat

    seat = Seat(human=True, team="Blue table")
    assert seat.spec().team == "Blue table"
    assert Seat.from_spec(seat.spec()) == seat
    assert Seat(human=False, team="ignored").spec().team is None


def test_each_team_gets_its_own_debrief_of_what_it_could_see(tmp_path):
    """`report SAVE --teams`: beside the class's debrief, one per team (a state played by a
    person) under teams/ID, built from the events that state could see — its own intelligence
    reports, none of its rival's."""
    from game.report.team import TeamEngine

    engine = _arms_race()
    private_to_verdia = [e for e in engine.events if e.visible_to is not None and not e.visible("rubria")]
    assert private_to_verdia  # the game has intelligence reports only Verdia saw
    seen = TeamEngine(engine, "rubria").events
    assert not [e for e in seen if e in private_to_verdia] and len(seen) < len(engine.events)
    specs = {"rubria": ControllerSpec(kind="human", team="The Owls"), "verdia": ControllerSpec(kind="ai")}
    save = write_save(tmp_path / "save.json", record(engine, specs, kind="save"))
    assert main(["report", str(save), "--out", str(tmp_path / "out"), "--teams"]) == 0
    assert (tmp_path / "out" / "debrief.html").exists()
    assert (tmp_path / "out" / "teams" / "rubria" / "debrief.html").exists()
    assert not (tmp_path / "out" / "teams" / "verdia").exists()
