"""How the command line ends (DESIGN.md §7): a GameError is one clear message; anything else is a
bug, said in one line (the traceback only on request); every error of the game is a GameError."""
from __future__ import annotations

import inspect

import pytest

import game.errors
from game.cli import main
from game.cli import simulate as simulate_command
from game.errors import GameError, IllegalOrder, InvalidOrder, OrderError, ReplayDivergence, SaveError


@pytest.fixture
def broken_simulate(monkeypatch):
    def crash(args):
        raise RuntimeError("the gearbox fell out")

    monkeypatch.setattr(simulate_command, "cmd_simulate", crash)
    monkeypatch.delenv("SECURITY_DILEMMA_DEBUG", raising=False)


def test_a_bug_is_one_line_asking_for_a_report(broken_simulate, capsys):
    assert main(["simulate", "two_neighbours"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "hit a bug (RuntimeError: the gearbox fell out)" in err
    assert "report" in err and "--debug" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [["--debug", "simulate", "two_neighbours"], ["simulate", "two_neighbours", "--debug"]])
def test_debug_shows_the_traceback_of_a_bug(broken_simulate, capsys, argv):
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "the gearbox fell out" in err and "crash" in err


def test_the_environment_variable_also_shows_the_traceback(broken_simulate, capsys, monkeypatch):
    monkeypatch.setenv("SECURITY_DILEMMA_DEBUG", "1")
    assert main(["simulate", "two_neighbours"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_key_error_is_a_bug_not_a_user_error(monkeypatch, capsys):
    """A KeyError from inside the game is not the player's mistake: it is reported as a bug."""
    def crash(args):
        raise KeyError("x")

    monkeypatch.setattr(simulate_command, "cmd_simulate", crash)
    assert main(["simulate", "two_neighbours"]) == 1
    assert "hit a bug (KeyError: 'x')" in capsys.readouterr().err


def test_interrupted_quietly(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(simulate_command, "cmd_simulate", interrupted)
    assert main(["simulate", "two_neighbours"]) == 130
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("argv, words", [
    (["simulate", "two_neighbours", "--turns", "5000"], "scenario.turns: must be at most 1000"),
    (["simulate", "two_neighbours", "--seed", "-1"], "--seed must be 0 or more"),
    (["tournament", "--turns", "5000", "--out", "unused"], "scenario.turns: must be at most 1000"),
    (["tournament", "--workers", "0", "--out", "unused"], "--workers must be at least 1"),
])
def test_values_out_of_range_are_user_errors(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and words in err and "bug" not in err


def test_every_error_of_the_game_is_a_game_error():
    classes = [c for _, c in inspect.getmembers(game.errors, inspect.isclass)
               if issubclass(c, BaseException) and c.__module__ == "game.errors"]
    assert len(classes) >= 12
    assert all(issubclass(c, GameError) for c in classes)
    assert issubclass(ReplayDivergence, SaveError)
    assert issubclass(InvalidOrder, OrderError) and issubclass(IllegalOrder, OrderError)
    assert not issubclass(InvalidOrder, IllegalOrder) and not issubclass(IllegalOrder, InvalidOrder)


def test_order_data_that_is_not_an_order_is_invalid_not_illegal():
    from game.core.commands import parse_order

    with pytest.raises(InvalidOrder, match="Not a valid order"):
        parse_order({"kind": "surrender"})
