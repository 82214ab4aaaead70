"""Batches of headless games over conditions: `python main.py experiment` (DESIGN.md §7).

    python main.py experiment four_worlds --runs 250 --vary world.offense_defense=0.33,2 \
        --vary world.distinguishability=0.1,0.9 --seed 1 --out runs/four_worlds

Every combination of the --vary values is a *condition*; each condition is played `--runs`
times. Run r of every condition uses the same seed (derived from --seed and r): conditions are
compared on common random numbers, so a difference between them comes from the parameters, not
from luck. The same command gives byte-identical files, on one core, a process pool or a Dask
cluster alike.

Written to --out:
- `summary.json` — `{"scenario": id, "conditions": [{"params": {...}, "runs": N, "spiral_rate",
  "tragic_spiral_rate", "war_rate", "mean_arms_growth", "cooperation_rate", "wars_by_label":
  {"preventive": n, "preemptive": n, "opportunistic": n, "alliance": n, ...}}]}`, where
  * a *rate* is the share of runs in which the thing happened at least once: a spiral episode
    (game.core.spirals), a *tragic* spiral (an episode between two security seekers), a war;
  * `mean_arms_growth` is the mean over runs of the arms growth per turn ΔM/M, averaged over
    every state and turn in which the state was alive and at peace (forces destroyed in war are
    not disarmament, so wars do not hide an arms race);
  * `cooperation_rate` is, in ordinary scenarios, the share of runs in which at least one
    arms-control agreement was formed; in the repeated dilemma (where there is no arms control),
    the mean share of rounds in which both sides restrained;
  * `wars_by_label` counts wars (all runs together) by the rules' label.
- `conditions.csv` — the same, one row per condition (wars_by_label as `wars_LABEL` columns).
- `runs.csv` — one row per run: its seed and outcomes (for a class's own analysis).
- `series.csv.gz` or `series.csv`, when asked for (`--series`, `--series csv`) — one row per run,
  turn and dyad: the condition's parameters and the run index first, then the columns of
  `simulate`'s series.csv.
- `worlds.png` — Jervis's 2×2 (whenever Ω and d are both varied): each world named, its rates in
  its cell; `wars_by_kind.png` — the wars of each kind in every condition; `comparison.png` — the
  rates (with 95 % intervals) and arms growth side by side; `condition_NN.png` — the world's arms
  over time in that condition (median and 10–90 % band).

Speed: a task is a chunk of runs of one condition, carrying its scenario and seeds, whose games
are played in step (match.play_together); it returns one small dict per run and its rows of the
series, already compressed (so workers share the compressing, and a cluster's workers need no
shared disk). Chunks depend only on the number of
games, never on the executor, so the files are the same bytes on any executor. While the
workers play, the parent appends the chunks' rows in order and draws each condition's chart as
soon as its runs are in, all in a scratch folder moved into --out at the end. The
mutual-restraint counterfactual is not computed here.
"""
from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import os
import shutil
from collections import Counter
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, Literal

import numpy as np

from game.core.engine import Engine
from game.core.state import WAR_LABELS
from game.scenario.models import Scenario
from game.errors import UserError
from game.sim.parallel import run_tasks

LABELS = WAR_LABELS[1:]  # preventive, preemptive, opportunistic, alliance, ...
SHORT_KEYS = {
    "world.offense_defense": "Ω",
    "world.perceived_offense_defense": "believed Ω",
    "world.distinguishability": "d",
    "world.intel_noise": "σ",
    "world.spiral_threshold": "γ*",
    "dilemma.noise": "noise",
}
SeriesFormat = Literal["gz", "csv"]
SERIES_FILES = {"gz": "series.csv.gz", "csv": "series.csv"}
# zlib level 1: the series (numbers as text) shrinks 4-fold for ~0.6 ms of CPU a game (the
# four-worlds batch: 93 MB to ~22 MB); the default level 6 shrinks it 5-fold for four times that.
GZIP_LEVEL = 1


# ---------------------------------------------------------------------------------------------
# Conditions


def conditions(base: Scenario, vary: list[tuple[str, list[object]]]) -> list[tuple[dict[str, object], Scenario]]:
    """Every combination of the varied values, each as (params, scenario). Bad keys or values
    raise UserError naming the key and what is allowed."""
    for key, values in vary:  # check each key and value once, so the message names just one
        parts = key.split(".")
        if parts[0] == "states" and parts[-1] == "id":
            raise UserError(f"--vary {key}: a state's id cannot be varied — alliances, terrain and the outputs refer "
                            f"to states by id. Vary its name or another field (states.ID.FIELD).")
        for value in values:
            try:
                base.with_overrides({key: value})
            except KeyError as err:
                raise UserError(f"--vary {key}: {err.args[0] if err.args else err}") from None
            except ValueError as err:
                raise UserError(f"--vary {key}={value_text(value)}: {err}") from None
    out = []
    keys = [k for k, _ in vary]
    for combo in itertools.product(*[v for _, v in vary]):
        params = dict(zip(keys, combo))
        try:
            sc = base.with_overrides(params) if params else base
        except (KeyError, ValueError) as err:  # values valid alone but not together
            shown = ", ".join(f"{k}={value_text(v)}" for k, v in params.items())
            raise UserError(f"--vary: the combination {shown} does not give a valid scenario: {err}") from None
        out.append((params, sc))
    return out


def run_seeds(seed: int, runs: int) -> list[int]:
    """Run r's seed, the same in every condition (common random numbers)."""
    return [int(np.random.SeedSequence(seed, spawn_key=(r,)).generate_state(1)[0]) for r in range(runs)]


def value_text(v: object) -> str:
    """A varied value as the command line and the CSV files write it: true/false, [0.2, 0.5]."""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value_text(x) for x in v) + "]"
    return str(v)


def condition_label(params: dict[str, object]) -> str:
    if not params:
        return "as written"
    parts = []
    for k, v in params.items():
        short = SHORT_KEYS.get(k) or (k.split(".", 2)[1] + " " + k.split(".")[-1] if k.startswith("states.") else k.split(".")[-1])
        parts.append(f"{short}={value_text(v)}")
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# One chunk of runs (in a worker)


def play_batch_game(sc: Scenario, seed: int) -> Engine:
    """One headless game with every state on its scenario doctrine (play_batch_games)."""
    return play_batch_games(sc, [seed])[0]


def play_batch_games(sc: Scenario, seeds: list[int]) -> list[Engine]:
    """Headless games, one per seed, with every state on its scenario doctrine, explanations off
    and no replay kept (they cost time and nobody reads them in a batch), played in step."""
    from game.match.games import run_games

    return [game.engine for game in run_games(sc, seeds, explain=False, record=False)]


def run_outcome(engine: Engine) -> dict[str, Any]:
    """What the summary needs from one finished game (a small dict)."""
    st = engine.state
    greedy = dict(zip(st.ids, st.greedy))
    episodes = engine.tracker.episodes
    labels = Counter(e.data.get("label") for e in engine.events if e.kind == "war_started")
    series = engine.series
    M = series["M"]
    growth = peacetime_arms_growth(series.growth(), series["alive"], series["war"])
    if st.dilemma:
        moves = engine.series["move"][1:]
        cooperation = float(np.mean((moves == 0).all(axis=1))) if len(moves) else 0.0
    else:
        cooperation = float(any(e.kind == "arms_control_formed" for e in engine.events))
    return {
        "spiral": bool(episodes),
        "tragic": any(not greedy[ep.a] and not greedy[ep.b] for ep in episodes),
        "war": sum(labels.values()) > 0,
        "wars": {lab: int(labels.get(lab, 0)) for lab in LABELS},
        "arms_growth": growth,
        "cooperation": cooperation,
        "world_arms": [round(float(x), 4) for x in M.sum(axis=1)],
    }


def peacetime_arms_growth(g: np.ndarray, alive: np.ndarray, war: np.ndarray) -> float:
    """Mean arms growth ΔM/M per state and turn, over the turns a state was alive and at peace
    (forces destroyed in war are not disarmament). g, alive: (turns+1, N); war: (turns+1, N, N)."""
    if len(g) < 2:
        return 0.0
    at_war = war.any(axis=2)
    ok = alive[1:] & alive[:-1] & ~at_war[1:] & ~at_war[:-1]
    return float(g[1:][ok].mean()) if ok.any() else 0.0


# (scenario, params, [(run, seed), ...], series format or None)
Chunk = tuple[Scenario, dict[str, object], list[tuple[int, int]], SeriesFormat | None]


def run_chunk(chunk: Chunk) -> tuple[list[dict[str, Any]], bytes]:
    """Play a chunk's runs: their outcomes, and their rows of the series as bytes (one gzip
    member when compressed; empty when no series is wanted)."""
    from game.match.outputs import series_text

    sc, params, runs, series = chunk
    outcomes, rows = [], []
    lead = {k: value_text(v) for k, v in params.items()}
    for (r, _), engine in zip(runs, play_batch_games(sc, [seed for _, seed in runs])):
        outcomes.append(run_outcome(engine))
        if series is not None:
            rows.append(series_text(engine, {**lead, "run": r}))
    data = "".join(rows).encode("utf-8")
    if series == "gz":
        data = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)  # no time stamp: same bytes every time
    return outcomes, data


# ---------------------------------------------------------------------------------------------
# The experiment


def chunk_runs(conds: int, runs: int) -> list[tuple[int, range]]:
    """(condition, runs) of every task: consecutive runs of one condition, about 100 tasks in
    all (enough to keep a cluster busy and to show progress, few enough that each is worth
    sending, and a chunk's games, played in step, cost less than one by one: 4 % less per game in
    chunks of 10 than alone). The chunks depend on the number of games only, so every executor
    writes the same files."""
    size = max(1, min(25, conds * runs // 100))
    return [(c, range(s, min(runs, s + size))) for c in range(conds) for s in range(0, runs, size)]


def summarise(params: dict[str, object], outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(outcomes)
    rate = lambda key: round(sum(bool(o[key]) for o in outcomes) / n, 4)  # noqa: E731
    return {
        "params": params,
        "runs": n,
        "spiral_rate": rate("spiral"),
        "tragic_spiral_rate": rate("tragic"),
        "war_rate": rate("war"),
        "mean_arms_growth": round(float(np.mean([o["arms_growth"] for o in outcomes])), 5),
        "cooperation_rate": round(float(np.mean([o["cooperation"] for o in outcomes])), 4),
        "wars_by_label": {lab: int(sum(o["wars"][lab] for o in outcomes)) for lab in LABELS},
    }


def run_experiment(base: Scenario, vary: list[tuple[str, list[object]]], runs: int, seed: int, out: Path | None,
                   executor: Executor | None = None, series: SeriesFormat | None = None,
                   progress: bool = True) -> dict[str, Any]:
    """Play every condition `runs` times on `executor` (in this process when None); write the
    files to `out` (when given), the series when `series` asks for it (gz or csv; by default
    none: it is a tenth of the work, and most classes use runs.csv); return the summary.

    Files are written while the games are played: the series grows as the chunks come in (in
    order), and a condition's chart is drawn as soon as its last run is in. Everything goes to
    a scratch folder first and into `out` only when the whole experiment has succeeded, so a
    failed run leaves no half-written files (and overwrites no earlier results)."""
    conds = conditions(base, vary)
    seeds = run_seeds(seed, runs)
    tasks = chunk_runs(len(conds), runs)
    wanted = series if out is not None else None
    chunks = [(conds[c][1], conds[c][0], [(r, seeds[r]) for r in rs], wanted) for c, rs in tasks]
    scratch = None
    if out is not None:
        scratch = out / ".experiment_in_progress"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
    writer = _OutputWriter(scratch, base, conds, tasks, wanted) if scratch is not None else None
    try:
        results = run_tasks(run_chunk, chunks, executor, units=lambda t: len(t[2]), desc=f"{base.id}",
                            progress=progress, on_result=writer.task_done if writer is not None else None)
        per_cond: list[list[dict]] = [[] for _ in conds]
        for (c, _), (outcomes, _rows) in zip(tasks, results):
            per_cond[c].extend(outcomes)
        summary = {"scenario": base.id, "conditions": [summarise(p, per_cond[c]) for c, (p, _) in enumerate(conds)]}
        if writer is not None:
            writer.finish(out, seeds, per_cond, summary)
    finally:
        if writer is not None:
            writer.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return summary


CONDITION_FIELDS = ["runs", "spiral_rate", "tragic_spiral_rate", "war_rate", "mean_arms_growth", "cooperation_rate"]


def conditions_csv(summary: dict[str, Any]) -> str:
    """summary.json's conditions as a table: the varied parameters, then the same fields, one
    row per condition (wars_by_label as one `wars_LABEL` column per label)."""
    keys = list(summary["conditions"][0]["params"])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(keys + CONDITION_FIELDS + [f"wars_{lab}" for lab in LABELS])
    for c in summary["conditions"]:
        w.writerow([value_text(c["params"][k]) for k in keys] + [json.dumps(c[f]) for f in CONDITION_FIELDS]
                   + [c["wars_by_label"][lab] for lab in LABELS])
    return buf.getvalue()


class _OutputWriter:
    """Writes an experiment's files into a scratch folder as the chunks finish."""

    def __init__(self, scratch: Path, base: Scenario, conds, tasks: list[tuple[int, range]],
                 series: SeriesFormat | None):
        from game.match.outputs import SERIES_COLUMNS

        self.scratch, self.base, self.conds, self.tasks = scratch, base, conds, tasks
        self.done: list[list[dict] | None] = [None] * len(tasks)
        self.waiting: dict[int, bytes] = {}  # rows of finished tasks that an earlier task still holds back
        self.next_rows = 0  # the series holds the rows of every task before this one
        self.left = Counter(c for c, _ in tasks)  # tasks still running, per condition
        self.labels = [condition_label(p) for p, _ in conds]
        self.series_name = SERIES_FILES[series] if series is not None else None
        self.series = open(scratch / self.series_name, "wb") if self.series_name else None
        if self.series is not None:
            header = (",".join(list(conds[0][0]) + ["run"] + list(SERIES_COLUMNS)) + "\n").encode("utf-8")
            self.series.write(gzip.compress(header, compresslevel=GZIP_LEVEL, mtime=0) if series == "gz" else header)

    def task_done(self, k: int, result: tuple[list[dict], bytes]) -> None:
        outcomes, rows = result
        self.done[k] = outcomes
        if self.series is not None:
            self.waiting[k] = rows  # gzip members, like plain text, join by concatenation
            while self.next_rows in self.waiting:
                self.series.write(self.waiting.pop(self.next_rows))
                self.next_rows += 1
        c = self.tasks[k][0]
        self.left[c] -= 1
        if self.left[c] == 0:
            self._condition_chart(c)

    def _condition_chart(self, c: int) -> None:
        from game.report.charts import condition_chart

        outcomes = [o for (cond, _), res in zip(self.tasks, self.done) if cond == c for o in res]
        longest = max(len(o["world_arms"]) for o in outcomes)
        arms = np.full((len(outcomes), longest), np.nan)  # a game that ended early stops there
        for r, o in enumerate(outcomes):
            arms[r, : len(o["world_arms"])] = o["world_arms"]
        condition_chart(arms, summarise(self.conds[c][0], outcomes), self.labels[c], self.base.scenario.title,
                        self.scratch / f"condition_{c + 1:02d}.png")

    def finish(self, out: Path, seeds: list[int], per_cond: list[list[dict]], summary: dict) -> None:
        from game.report.charts import comparison_chart, wars_by_kind_chart, worlds_chart

        self.close()
        keys = list(self.conds[0][0].keys())
        (self.scratch / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
        (self.scratch / "conditions.csv").write_text(conditions_csv(summary), encoding="utf-8")
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(keys + ["run", "seed", "spiral", "tragic_spiral", "war"] + [f"wars_{lab}" for lab in LABELS]
                   + ["arms_growth", "cooperation"])
        for c, (params, _) in enumerate(self.conds):
            for r, o in enumerate(per_cond[c]):
                w.writerow([value_text(params[k]) for k in keys] + [r, seeds[r], int(o["spiral"]), int(o["tragic"]),
                           int(o["war"])] + [o["wars"][lab] for lab in LABELS]
                           + [f"{o['arms_growth']:.5f}", f"{o['cooperation']:.4f}"])
        (self.scratch / "runs.csv").write_text(buf.getvalue(), encoding="utf-8")
        title = self.base.scenario.title
        names = ["summary.json", "conditions.csv", "runs.csv"] + ([self.series_name] if self.series_name else [])
        comparison_chart(summary["conditions"], self.labels, title, self.scratch / "comparison.png")
        wars_by_kind_chart(summary["conditions"], self.labels, title, self.scratch / "wars_by_kind.png")
        names += ["comparison.png", "wars_by_kind.png"]
        if worlds_chart(summary["conditions"], title, self.scratch / "worlds.png") is not None:
            names.append("worlds.png")
        names += [f"condition_{c + 1:02d}.png" for c in range(len(self.conds))]
        for name in names:
            os.replace(self.scratch / name, out / name)

    def close(self) -> None:
        if self.series is not None:
            self.series.close()


def format_summary(summary: dict[str, Any]) -> str:
    lines = [f"{summary['scenario']}: {len(summary['conditions'])} condition(s)",
             f"  {'condition':<36} {'runs':>5} {'spiral':>7} {'tragic':>7} {'war':>6} {'arms/turn':>10} {'coop':>6}"]
    for c in summary["conditions"]:
        lines.append(f"  {condition_label(c['params']):<36} {c['runs']:>5} {c['spiral_rate']:>7.0%} "
                     f"{c['tragic_spiral_rate']:>7.0%} {c['war_rate']:>6.0%} {c['mean_arms_growth']:>+10.2%} "
                     f"{c['cooperation_rate']:>6.0%}")
    return "\n".join(lines)
