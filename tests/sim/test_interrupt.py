"""Ctrl-C stops a batch at once: the command returns within a few seconds, and no worker process
is left playing its chunk."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a process group is POSIX")
def test_ctrl_c_during_a_tournament_returns_within_seconds(tmp_path):
    """A tournament of whole engine games on two workers, interrupted after it has started: exit
    130 within five seconds, no traceback, and no worker left running — even when the interrupt
    reaches the command alone and not its workers."""
    cmd = [sys.executable, "main.py", "tournament", "--scenario", "two_neighbours", "--doctrines",
           "defensive_realist,deterrence_hawk,spiral_aware", "--turns", "1000", "--reps", "60", "--workers", "2", "--out", str(tmp_path)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    time.sleep(4.0)
    assert proc.poll() is None, "the tournament ended before it could be interrupted"
    os.kill(proc.pid, signal.SIGINT)  # to the command alone (an IDE's stop button); a terminal's Ctrl-C reaches all
    start = time.monotonic()
    try:
        out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("the tournament did not stop within 10 s of Ctrl-C")
    assert time.monotonic() - start < 5.0
    assert proc.returncode == 130
    assert "Traceback" not in err
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert left == [], f"workers still running: {left}"
