"""Saves and replays: a finished game replays to the same state hash every turn, a damaged or
edited file is refused with a message naming the turn and field, and writing never destroys the
previous save."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.core.controller import Decision
from game.scenario.loading import load_scenario
from game.match.saves import (
    SCHEMA_VERSION,
    ControllerSpec,
    parse_save,
    read_save,
    record,
    replay_match,
    restore,
    to_json,
    write_save,
)
from game.errors import ReplayDivergence, SaveError
from game.match.policies import FixedBudget, RandomOrders, Restrained
from game.match.games import run_game
from game.match.seats import ControllerSeat

TURNS = 12


class Explained:
    """A scripted controller that attaches an explanation shaped like the AI's (game.ai.reasoning.reasons)."""

    name = "explained"
    mindset = None

    def __init__(self, inner):
        self.inner = inner

    def decide(self, view, rng):
        decision = self.inner.decide(view, rng)
        explanation = {"state": view.ids[view.me], "doctrine": "scripted",
                       "sentences": [f"Turn {view.turn}: holding course."],
                       "reasons": [{"decision": "arms", "order": None, "target": None, "belief": None,
                                    "summary": "Holding course.",
                                    "factors": [{"name": "draw", "value": float(rng.random()), "weight": 1.0,
                                                 "text": "a coin"}]}]}
        return Decision(decision.orders, explanation)


def controllers(scenario):
    """Random legal orders for most states (so many kinds of order are recorded), fixed budgets and
    restraint for two of them."""
    out = {sid: RandomOrders(max_orders=3, attack_weight=0.3) for sid in scenario.state_ids}
    out[scenario.state_ids[0]] = Explained(FixedBudget(0.2, 0.5))
    out[scenario.state_ids[1]] = Restrained()
    return out


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("random:4:7").with_overrides({"scenario.turns": TURNS})


@pytest.fixture(scope="module")
def finished(scenario):
    """A whole game and its save text."""
    result = run_game(scenario, seed=11, controllers=controllers(scenario))
    specs = {sid: ControllerSpec(kind="ai", doctrine=c.name) for sid, c in result.controllers.items()}
    save = record(result.engine, specs, kind="replay", ui={"camera": [0.5, 0.5], "open": None, "zoom": 1.5})
    return result.engine, to_json(save)


def edited(text: str, change) -> str:
    data = json.loads(text)
    change(data)
    return json.dumps(data, indent=1)


def refusal(text: str, change) -> str:
    """The message with which a save edited by `change` is refused."""
    with pytest.raises(SaveError) as caught:
        parse_save(edited(text, change), "game.json")
    return str(caught.value)


# --- replay ----------------------------------------------------------------------------------


def test_replay_reproduces_every_turns_hash(finished):
    """Replaying a finished game's file gives the recorded state hash after every turn."""
    engine, text = finished
    replayed = restore(parse_save(text, "game.json"), "game.json")
    assert [r.state_hash for r in replayed.records] == [r.state_hash for r in engine.records]
    assert len(replayed.records) == TURNS


def test_edited_order_is_reported_at_its_turn(finished):
    """Changing one recorded order makes the replay diverge exactly at that turn."""
    _, text = finished

    def change(data):
        orders = data["turns"][4]["orders"]
        sid = next(iter(orders))
        orders[sid] = [{"kind": "budget", "military_share": 0.45, "offense_share": 0.9}]

    with pytest.raises(ReplayDivergence) as caught:
        restore(parse_save(edited(text, change), "game.json"), "game.json")
    assert caught.value.turn == 5
    assert "diverged at turn 5" in str(caught.value)


def test_edited_hash_is_reported_at_its_turn(finished):
    """A changed state hash is caught at the turn it belongs to."""
    _, text = finished

    def change(data):
        data["turns"][7]["hash"] = "0" * len(data["turns"][7]["hash"])

    with pytest.raises(ReplayDivergence) as caught:
        restore(parse_save(edited(text, change), "game.json"), "game.json")
    assert caught.value.turn == 8


def test_edited_opening_is_reported_as_turn_zero(finished):
    """A changed scenario value shows up before any order: divergence 'in the opening state'."""
    _, text = finished

    def change(data):
        data["scenario"]["states"][0]["economy"] += 1

    with pytest.raises(ReplayDivergence) as caught:
        restore(parse_save(edited(text, change), "game.json"), "game.json")
    assert caught.value.turn == 0
    assert "opening state" in str(caught.value)


def test_order_the_rules_refuse_names_turn_and_state(finished):
    """An edited order that is illegal (attacking oneself) is refused with the turn and the state."""
    engine, text = finished
    sid = engine.scenario.state_ids[0]

    def change(data):
        data["turns"][2]["orders"][sid].append({"kind": "attack", "target": sid})

    with pytest.raises(SaveError) as caught:
        restore(parse_save(edited(text, change), "game.json"), "game.json")
    assert "turn 3 cannot be replayed" in str(caught.value)
    assert sid in str(caught.value)


def test_restore_then_continue_matches_the_uninterrupted_game(scenario):
    """Saving mid-game, loading and playing on gives the same hash every turn as never stopping."""
    ctrl = controllers(scenario)
    straight = run_game(scenario, seed=5, controllers=ctrl).engine
    # The same game stopped after turn 5: its first five turns, saved and loaded again.
    half = restore(parse_save(to_json(record(straight)), "s.json"), upto=5)
    match = replay_match(parse_save(to_json(record(half)), "s.json"))
    assert match.turn == 5
    for sid, c in ctrl.items():
        match.set_seat(sid, ControllerSeat(c))
    resumed = match.play().engine
    assert [r.state_hash for r in resumed.records] == [r.state_hash for r in straight.records]


# --- round trip ------------------------------------------------------------------------------


def test_explanations_and_ui_round_trip(finished, tmp_path):
    """AI explanations (with their None fields) and the UI dict come back exactly as saved."""
    engine, text = finished
    path = write_save(tmp_path / "game.json", parse_save(text))
    back = read_save(path)
    sid = engine.scenario.state_ids[0]
    assert back.turns[3].explanations[sid] == engine.records[3].explanations[sid]
    assert back.turns[3].explanations[sid]["reasons"][0]["target"] is None
    assert back.ui == {"camera": [0.5, 0.5], "open": None, "zoom": 1.5}
    assert to_json(back) == text


def test_replay_keeps_explanations(finished):
    """A restored engine carries the recorded explanations, so re-saving it loses nothing."""
    _, text = finished
    save = parse_save(text)
    assert to_json(record(restore(save), save.controllers, kind="replay", ui=save.ui)) == text


# --- damaged files ---------------------------------------------------------------------------


def test_truncated_file_is_called_cut_off(finished):
    """A save cut short (a crash while copying) is reported as cut off, not as a JSON syntax error."""
    _, text = finished
    for cut in (len(text) // 3, len(text) // 2 + 7, len(text) - 5):
        with pytest.raises(SaveError) as caught:
            parse_save(text[:cut], "game.json")
        assert "cut off" in str(caught.value)


def test_hand_edited_bad_field_names_turn_state_and_field(finished):
    """A budget above 50 % in a recorded order names the turn, the state, the order and the field."""
    engine, text = finished
    sid = engine.scenario.state_ids[0]

    def change(data):
        data["turns"][1]["orders"][sid][0]["military_share"] = 0.9

    assert f"turn 2, {sid}'s order 1 (budget), military_share: must be at most 0.5 (found 0.9)" in refusal(text, change)


def test_hand_edited_scenario_value_uses_the_scenario_words(finished):
    """A broken scenario inside a save is described like `check` does, with the state's id."""
    engine, text = finished
    sid = engine.scenario.state_ids[1]

    def change(data):
        data["scenario"]["states"][1]["growth"] = 2

    assert f"the scenario, states.{sid}.growth: must be at most 0.2" in refusal(text, change)


def test_unknown_order_kind_lists_the_known_ones(finished):
    """An order kind that does not exist is named, with the kinds that do."""
    engine, text = finished
    sid = engine.scenario.state_ids[0]

    def change(data):
        data["turns"][0]["orders"][sid][0]["kind"] = "nuke"

    message = refusal(text, change)
    assert '`kind` "nuke" is not known' in message
    assert "budget" in message


def test_orders_for_a_state_not_in_the_scenario_are_refused(finished):
    """Orders under an id the scenario does not have are reported with the turn."""
    _, text = finished

    def change(data):
        data["turns"][2]["orders"]["atlantis"] = []

    assert "turn 3: orders for 'atlantis'" in refusal(text, change)


def test_missing_turn_is_reported(finished):
    """A turn removed from the middle of the file is reported as out of order."""
    _, text = finished
    assert "out of order or missing" in refusal(text, lambda data: data["turns"].pop(3))


@pytest.mark.parametrize("version, words", [
    (SCHEMA_VERSION + 1, "newer version of the game"),
    (0, "older version of the game"),
    ("one", "no valid \"schema_version\""),
])
def test_other_schema_version_is_refused_in_words(finished, version, words):
    """A save from another format version says whether the game or the save is too old."""
    _, text = finished

    def change(data):
        data["schema_version"] = version

    assert words in refusal(text, change)


@pytest.mark.parametrize("text", ['{"name": "a settings file"}', "[1, 2, 3]", '"just text"'])
def test_json_that_is_not_a_save_is_refused(text):
    """Valid JSON that is not a save (a settings file, a list) is told it is not a save."""
    with pytest.raises(SaveError) as caught:
        parse_save(text, "other.json")
    assert "not a Security Dilemma save" in str(caught.value)


def test_unreadable_save_files_are_refused_in_words(tmp_path):
    """A missing file, a folder, an empty file and a binary file each get a SaveError, not an exception."""
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    (tmp_path / "folder.json").mkdir()
    for name, words in (("missing.json", "no such file"), ("folder.json", "is a folder"),
                        ("empty.json", "is empty"), ("binary.json", "not UTF-8")):
        with pytest.raises(SaveError) as caught:
            read_save(tmp_path / name)
        assert words in str(caught.value)


# --- atomic writes ---------------------------------------------------------------------------


def test_crash_during_rename_keeps_the_previous_save(finished, tmp_path, monkeypatch):
    """If the final rename fails, the previous save is intact and no temporary file is left."""
    _, text = finished
    path = tmp_path / "slot1.json"
    path.write_text("previous save", encoding="utf-8")

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SaveError) as caught:
        write_save(path, parse_save(text))
    assert "previous save is unchanged" in str(caught.value)
    assert path.read_text(encoding="utf-8") == "previous save"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot1.json"]


def test_crash_while_writing_keeps_the_previous_save(finished, tmp_path, monkeypatch):
    """An interruption while the data is being written (not an OSError) leaves the old file and no temp file."""
    _, text = finished
    path = tmp_path / "slot1.json"
    path.write_text("previous save", encoding="utf-8")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_save(path, parse_save(text))
    assert path.read_text(encoding="utf-8") == "previous save"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot1.json"]


def test_unserialisable_explanation_is_a_save_error_before_touching_the_file(finished, tmp_path):
    """Data that is not JSON in the ui dict raises SaveError and leaves the previous save alone."""
    _, text = finished
    path = tmp_path / "slot1.json"
    path.write_text("previous save", encoding="utf-8")
    save = parse_save(text)
    save.ui["bad"] = object()
    with pytest.raises(SaveError):
        write_save(path, save)
    assert path.read_text(encoding="utf-8") == "previous save"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot1.json"]


def test_written_save_is_readable_by_others(finished, tmp_path):
    """A new save gets ordinary permissions (the temporary file's private 0600 is not kept)."""
    _, text = finished
    path = write_save(tmp_path / "new.json", parse_save(text))
    assert path.stat().st_mode & 0o044 == 0o044
    assert Path(path).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("broken", ["deleted", "text", "list"])
def test_a_save_without_its_scenario_is_one_clear_error(finished, broken):
    """A save whose whole scenario was deleted or replaced by something else is a SaveError that
    names the scenario (found by property testing: it used to end in an IndexError)."""
    _, text = finished

    def change(data):
        if broken == "deleted":
            del data["scenario"]
        else:
            data["scenario"] = "two_neighbours" if broken == "text" else []

    with pytest.raises(SaveError) as caught:
        parse_save(edited(text, change), "game.json")
    message = str(caught.value)
    assert message.startswith("game.json") and "scenario" in message


def test_a_save_keeps_hidden_types_out_of_plain_sight_and_a_replay_shows_them(tmp_path):
    """A save (hot-seat or classroom) does not print any state's type where a student opening the
    file would read it; loading it restores every type exactly. A replay, made for the debrief,
    keeps them readable."""
    sc = load_scenario("four_worlds")
    engine = run_game(sc, seed=2, controllers={sid: Restrained() for sid in sc.state_ids}).engine
    text = to_json(record(engine, kind="save"))
    assert '"greedy"' not in text and '"security_seeker"' not in text and '"type"' not in text
    back = parse_save(text, "s.json")
    assert [s.type for s in back.scenario.states] == [s.type for s in sc.states]
    assert '"greedy"' in to_json(record(engine, kind="replay"))
    broken = text.replace('"sealed": "', '"sealed": "x')
    with pytest.raises(SaveError, match="sealed"):
        parse_save(broken, "s.json")
