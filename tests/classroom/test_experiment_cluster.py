"""Experiments on a Dask cluster (`--cluster`): the same games as on the process pool, so the
same bytes in summary.json and conditions.csv (and in every other file); without Dask installed,
--cluster is one clear message saying how to install it."""
from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from game.cli import main

VARY = ["--vary", "world.offense_defense=0.33,2", "--vary", "world.distinguishability=0.1,0.9"]
ARGS = ["experiment", "four_worlds", "--runs", "2", "--turns", "8", "--seed", "3", *VARY, "--series"]
SAME = ("summary.json", "conditions.csv", "runs.csv", "series.csv.gz", "worlds.png", "wars_by_kind.png")


@pytest.fixture(scope="module")
def pool_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pool") / "out"
    assert main([*ARGS, "--workers", "2", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A small Dask cluster inside this process (a thread, no child processes), reached over TCP on
    127.0.0.1 like a real one."""
    distributed = pytest.importorskip("distributed", reason="Dask is not installed (pip install -e \".[cluster]\")")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_dask_cluster_writes_the_same_bytes_as_the_process_pool(tmp_path, pool_run, scheduler):
    out = tmp_path / "cluster"
    assert main([*ARGS, "--cluster", scheduler, "--out", str(out)]) == 0
    for name in SAME:
        assert (out / name).read_bytes() == (pool_run / name).read_bytes(), name
    assert json.loads((out / "summary.json").read_text())["scenario"] == "four_worlds"


def test_an_unreachable_scheduler_is_one_clear_message(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed", reason="Dask is not installed (pip install -e \".[cluster]\")")
    from game.sim import parallel

    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 1)
    code = main([*ARGS, "--cluster", "tcp://127.0.0.1:9", "--out", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: --cluster tcp://127.0.0.1:9") and "Traceback" not in err
    assert not (tmp_path / "nowhere" / "summary.json").exists()


def test_cluster_without_dask_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "distributed" or name.startswith(("distributed.", "dask")):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    code = main([*ARGS, "--cluster", "local", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == ['error: --cluster needs Dask, which is not installed. Install it with: '
                                        'pip install -e ".[cluster]"']
    assert not (tmp_path / "out" / "summary.json").exists()
