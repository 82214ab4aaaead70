"""`python main.py check FILE` through the real command line: exit codes, every problem listed
with its line and the state's id, never a traceback."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "scenario" / "fixtures"


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "check", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_valid_file_exits_zero_with_a_one_line_summary():
    """A valid scenario: exit code 0 and a single summary line on stdout."""
    done = run_check("scenarios/two_neighbours.toml")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().count("\n") == 0
    assert "valid" in done.stdout and "Two Neighbours" in done.stdout
    assert done.stderr == ""


def test_broken_file_lists_every_problem_with_line_and_state_id():
    """A file with many mistakes: non-zero exit, one entry per problem, each with a line number and
    states named by id, and a count at the end."""
    done = run_check(str(FIXTURES / "many_problems.toml"))
    assert done.returncode == 1
    out = done.stderr
    entries = [line for line in out.splitlines() if line.startswith(str(FIXTURES / "many_problems.toml"))]
    assert len(entries) == 13
    assert all(re.search(r", line \d+, ", line) for line in entries)
    for expected in ("line 27, states.verdia.economy: must be at least 0.01.",
                     "line 17, states.rubria.economyy: unknown key `economyy` in [[states]] — did you mean `economy`?",
                     "line 30, states.caspia.name: is missing",
                     "line 40, alliances[2].members: names \"kaspia\""):
        assert expected in out
    assert "13 problems found" in out.splitlines()[-1]
    assert "Traceback" not in out + done.stdout


def test_toml_syntax_error_exits_non_zero_with_line_and_column(tmp_path):
    """A TOML syntax mistake: exit 1, its line and column, a hint, no traceback."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nid = "x"\ntitle = "X"\n\n[[states]]\ntype = greedy\n')
    done = run_check(str(bad))
    assert done.returncode == 1
    assert "line 6, column 8: not valid TOML" in done.stderr
    assert 'Hint: text must be in quotes: "greedy"' in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["nowhere.toml", "folder", "empty.toml", "latin1.toml"])
def test_unusable_files_exit_non_zero_without_traceback(tmp_path, capsys, name):
    """Missing file, folder, empty file, non-UTF-8 file: exit 1 and a message, never a traceback."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "empty.toml").write_text("")
    (tmp_path / "latin1.toml").write_bytes('[scenario]\ntitle = "\xe9t\xe9"\n'.encode("latin-1"))
    code = main(["check", str(tmp_path / name)])
    captured = capsys.readouterr()
    assert code == 1
    assert str(tmp_path / name) in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_variant_reference_is_checked(capsys):
    """`check FILE:VARIANT` checks that variant; an unknown one lists the known variants."""
    assert main(["check", f"{FIXTURES / 'with_variants.toml'}:defense_distinguishable"]) == 0
    assert main(["check", f"{FIXTURES / 'with_variants.toml'}:nope"]) == 1
    assert "one of: offense_indistinguishable, defense_distinguishable" in capsys.readouterr().err


def test_missing_argument_is_a_usage_error(capsys):
    """`check` without a file is a usage error (argparse exit 2), not a crash."""
    with pytest.raises(SystemExit) as caught:
        main(["check"])
    assert caught.value.code == 2
