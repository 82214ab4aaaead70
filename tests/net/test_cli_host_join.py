"""`main.py host` and `main.py join` as real processes on 127.0.0.1 (DESIGN.md §7, §10): a
headless host and two bots finish a game and write simulate's files; bad input is one line and
a non-zero exit."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60  # seconds any process of these tests may take


def env(tmp_path: Path) -> dict:
    return {**os.environ, "SECURITY_DILEMMA_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}


def start(tmp_path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "main.py", *args], cwd=ROOT, env=env(tmp_path), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env(tmp_path), text=True,
                          capture_output=True, timeout=LIMIT)


def wait_for_file(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + LIMIT
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the host ended early: {proc.stderr.read()}")
        assert time.monotonic() < deadline, "the host did not write its codes"
        time.sleep(0.1)


def headless_host(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, str, dict]:
    """A headless host of two_neighbours (both seats remote) on a free port; its address and codes."""
    codes_file = tmp_path / "codes.json"
    proc = start(tmp_path, "host", "two_neighbours", "--human", "all", "--turns", "4", "--bind", "127.0.0.1",
                 "--port", "0", "--codes", str(codes_file), "--headless", "--out", str(tmp_path / "out"), *extra)
    wait_for_file(codes_file, proc)
    line = proc.stdout.readline()
    address = re.search(r"join at (\S+)", line).group(1)
    return proc, address, json.loads(codes_file.read_text(encoding="utf-8"))


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return proc.returncode, out, err


def test_headless_host_and_two_bots_play_simulates_game(tmp_path):
    host, address, codes = headless_host(tmp_path)
    try:
        assert set(codes) == {"rubria", "verdia"}
        bots = [start(tmp_path, "join", address, "--code", code, "--bot") for code in codes.values()]
        for bot in bots:
            code, out, err = finish(bot)
            assert code == 0, err
            assert "Game over" in out
        code, out, err = finish(host)
    finally:
        host.kill()
    assert code == 0, err
    out_dir = tmp_path / "out"
    assert {p.name for p in out_dir.iterdir()} >= {"summary.json", "series.csv", "replay.json"}
    # the same game as simulate's with the same seed (remote seats given their doctrine's mind-set)
    sim = run(tmp_path, "simulate", "two_neighbours", "--turns", "4", "-q", "--out", str(tmp_path / "sim"))
    assert sim.returncode == 0, sim.stderr
    hashes = [[t["hash"] for t in json.loads((d / "replay.json").read_text(encoding="utf-8"))["turns"]]
              for d in (out_dir, tmp_path / "sim")]
    assert hashes[0] == hashes[1] and len(hashes[0]) == 4


def test_wrong_code_is_one_line_and_a_non_zero_exit(tmp_path):
    host, address, codes = headless_host(tmp_path)
    try:
        bad = run(tmp_path, "join", address, "--code", "WRONG2", "--bot")
        assert bad.returncode != 0
        assert bad.stderr.strip().count("\n") == 0 and "code" in bad.stderr
        assert "Traceback" not in bad.stderr
    finally:
        host.kill()
        host.communicate(timeout=LIMIT)


@pytest.mark.parametrize("args, words", [
    (["host", "two_neighbours", "--human", "atlantis", "--headless", "--out", "o"], "atlantis"),
    (["host", "two_neighbours", "--headless"], "--out"),
    (["host", "two_neighbours", "--port", "70000"], "--port"),
    (["host", "two_neighbours", "--turn-seconds", "0"], "--turn-seconds"),
    (["host"], "SCENARIO"),
    (["join", "127.0.0.1:9", "--bot"], "--code"),
    (["join", "127.0.0.1:9", "--code", "ABC", "--bot", "napoleon"], "doctrine"),
    (["join", "127.0.0.1:9", "--team", "red\x1b[2J", "--bot"], "control"),
])
def test_bad_input_is_one_clear_line(tmp_path, args, words):
    result = run(tmp_path, *args)
    assert result.returncode == 2
    assert words in result.stderr and result.stderr.startswith("error:")
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_a_port_in_use_is_refused_with_a_message(tmp_path):
    host, address, _ = headless_host(tmp_path)
    try:
        port = address.rsplit(":", 1)[1]
        second = run(tmp_path, "host", "two_neighbours", "--bind", "127.0.0.1", "--port", port, "--headless",
                     "--out", str(tmp_path / "o2"))
        assert second.returncode == 2 and "--port" in second.stderr and "Traceback" not in second.stderr
    finally:
        host.kill()
        host.communicate(timeout=LIMIT)


def test_an_unreachable_host_is_a_message(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run(tmp_path, "join", f"127.0.0.1:{port}", "--code", "ABCDEF", "--bot")
    assert result.returncode == 2 and "cannot reach the host" in result.stderr
    assert result.stderr.strip().count("\n") == 0
