"""Autosaves: one game's autosaves are its own, and a failed autosave never ends a game."""
from __future__ import annotations

import os

import pytest

from game.scenario.loading import load_scenario
from game.match.saves import write_save
from game.ui.session import AUTOSAVES_KEPT, GameSession, scenario_seats


def watch_session(saves_dir, scenario="two_neighbours") -> GameSession:
    sc = load_scenario(scenario)
    return GameSession(sc, 1, scenario_seats(sc, humans=[]), saves_dir=saves_dir)


def test_a_new_game_never_prunes_an_earlier_games_autosaves(tmp_path):
    """Each game keeps its newest few autosaves; six turns of a second game leave the first's."""
    first = watch_session(tmp_path)
    for _ in range(3):
        first.play_ai_turn()
    second = watch_session(tmp_path)
    second.game_id += "1"  # two games started in the same millisecond still differ
    for _ in range(AUTOSAVES_KEPT + 3):
        second.play_ai_turn()
    names = sorted(p.name for p in tmp_path.glob("autosave-*.json"))
    assert sum(first.game_id + "-t" in n for n in names) == 3
    assert sum(second.game_id + "-t" in n for n in names) == AUTOSAVES_KEPT


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes to read-only folders")
def test_a_read_only_saves_folder_is_a_warning_not_the_end_of_the_game(tmp_path):
    """With a read-only saves folder the turn resolves, the game goes on, and the window has a
    warning to show."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        session = watch_session(folder)
        session.play_ai_turn()
        assert session.engine.turn == 1 and session.autosave_error and "Save" in session.autosave_error
    finally:
        folder.chmod(0o700)


def test_a_failing_write_is_a_warning_and_the_next_turn_autosaves_again(tmp_path, monkeypatch):
    """A full disk (ENOSPC on write) loses no turn: the warning says so, and once the disk has room
    the next turn's autosave is written and the warning cleared."""
    import errno

    import game.match.saves as saves

    session = watch_session(tmp_path)
    real = os.fdopen

    def full(fd, *a, **kw):
        os.close(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(saves.os, "fdopen", full)
    session.play_ai_turn()
    assert session.autosave_error and "No space left" in session.autosave_error
    assert "previous save is unchanged" not in session.autosave_error
    assert not list(tmp_path.glob(".*.tmp"))
    monkeypatch.setattr(saves.os, "fdopen", real)
    session.play_ai_turn()
    assert session.autosave_error is None and session.last_autosave.exists()


def test_a_write_killed_half_way_leaves_no_temporary_file_after_the_next_save(tmp_path):
    """A save killed mid-write leaves `.NAME.xxx.tmp`; the next save of that file clears it."""
    session = watch_session(tmp_path)
    target = tmp_path / "mine.json"
    leftover = tmp_path / ".mine.json.abc123.tmp"
    leftover.write_text("{half a save")
    write_save(target, session.save_game())
    assert target.exists() and not leftover.exists()


def test_a_fault_while_loading_is_a_message_not_a_crash(tmp_path, monkeypatch):
    """The load window gets a sentence for any fault in loading — a damaged save (SaveError) or a
    fault of ours — and the game in progress goes on."""
    from game.ui import session as session_module
    from game.ui.session import open_save

    bad = tmp_path / "bad.json"
    bad.write_text("{not a save")
    assert isinstance(open_save(bad), str)

    def broken(*args, **kwargs):
        raise KeyError("x")

    monkeypatch.setattr(session_module.GameSession, "load", staticmethod(broken))
    message = open_save(bad)
    assert isinstance(message, str) and "bug" in message
