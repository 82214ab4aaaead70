"""Batches of headless games over conditions: `python main.py experiment` (DESIGN.md §7).

    python main.py experiment four_worlds --runs 250 --vary world.offense_defense=0.33,2 \
        --vary world.distinguishability=0.1,0.9 --seed 1 --out runs/four_worlds

Every combination of the --vary values is a *condition*; each condition is played `--runs`
times. Run r of every condition uses the same seed (derived from --seed and r): conditions are
compared on common random numbers, so a difference between them comes from the parameters, not
from luck. The same command gives byte-identical files.

Written to --out:
- `summary.json` — `{"scenario": id, "conditions": [{"params": {...}, "runs": N, "spiral_rate",
  "tragic_spiral_rate", "war_rate", "mean_arms_growth", "cooperation_rate", "wars_by_label":
  {"preventive": n, "preemptive": n, "opportunistic": n, "alliance": n}}]}`, where
  * a *rate* is the share of runs in which the thing happened at least once: a spiral episode
    (game.core.spirals), a *tragic* spiral (an episode between two security seekers), a war;
  * `mean_arms_growth` is the mean over runs of the arms growth per turn ΔM/M, averaged over
    every state and turn in which the state was alive and at peace (forces destroyed in war are
    not disarmament, so wars do not hide an arms race);
  * `cooperation_rate` is, in ordinary scenarios, the share of runs in which at least one
    arms-control agreement was formed; in the repeated dilemma (where there is no arms control),
    the mean share of rounds in which both sides restrained;
  * `wars_by_label` counts wars (all runs together) by the rules' label.
- `series.csv` — one row per run, turn and dyad: the condition's parameters and the run index
  first, then the columns of `simulate`'s series.csv.
- `runs.csv` — one row per run: its seed and outcomes (for a class's own analysis).
- `comparison.png` — spiral rate, war rate and arms growth side by side for every condition, and
  `condition_NN.png` — the world's arms over time in that condition (median and 10–90 % band).

Speed: each worker process receives the scenarios once; a task is a chunk of runs of one
condition; it returns one small dict per run and writes its rows of series.csv to a part file.
While the workers play, the parent joins the part files in order and draws each condition's
chart as soon as its runs are in, all in a scratch folder moved into --out at the end. The
mutual-restraint counterfactual is not computed here.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from game.core.engine import Engine
from game.core.state import WAR_LABELS
from game.data.scenario import Scenario
from game.errors import UserError

LABELS = WAR_LABELS[1:]  # preventive, preemptive, opportunistic, alliance
SHORT_KEYS = {
    "world.offense_defense": "Ω",
    "world.perceived_offense_defense": "believed Ω",
    "world.distinguishability": "d",
    "world.intel_noise": "σ",
    "world.spiral_threshold": "γ*",
    "dilemma.noise": "noise",
}


# ---------------------------------------------------------------------------------------------
# Running many things on all cores


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_parallel(work: Callable[[Any], list], tasks: Sequence[Any], workers: int,
                 initializer: Callable[..., None], initargs: tuple, units: Callable[[Any], int] = lambda t: 1,
                 desc: str = "", progress: bool = True,
                 on_result: Callable[[int, Any], None] | None = None) -> list:
    """Run `work(task)` for every task, on `workers` processes (in this process when 1), and
    return the results in task order. `initializer(*initargs)` runs once per process, so large
    inputs (the scenarios) travel once, not with every task. A tqdm bar on stderr counts units.
    `on_result(k, result)` runs here, in this process, as each task finishes (in any order), so
    the caller can write what is ready while the workers go on."""
    from tqdm import tqdm

    results: list = [None] * len(tasks)
    total = sum(units(t) for t in tasks)
    with tqdm(total=total, desc=desc, unit="game", disable=not progress, mininterval=0.5, leave=False) as bar:
        if workers <= 1 or len(tasks) <= 1:
            initializer(*initargs)
            for k, task in enumerate(tasks):
                results[k] = work(task)
                bar.update(units(task))
                if on_result is not None:
                    on_result(k, results[k])
            return results
        with ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs) as pool:
            futures = {pool.submit(work, task): k for k, task in enumerate(tasks)}
            for fut in as_completed(futures):
                k = futures[fut]
                results[k] = fut.result()
                bar.update(units(tasks[k]))
                if on_result is not None:
                    on_result(k, results[k])
    return results


# ---------------------------------------------------------------------------------------------
# Conditions


def conditions(base: Scenario, vary: list[tuple[str, list[object]]]) -> list[tuple[dict[str, object], Scenario]]:
    """Every combination of the varied values, each as (params, scenario). Bad keys or values
    raise UserError naming the key and what is allowed."""
    for key, values in vary:  # check each key and value once, so the message names just one
        for value in values:
            try:
                base.with_overrides({key: value})
            except KeyError as err:
                raise UserError(f"--vary {key}: {err.args[0] if err.args else err}") from None
            except ValueError as err:
                raise UserError(f"--vary {key}={value}: {err}") from None
    out = []
    keys = [k for k, _ in vary]
    for combo in itertools.product(*[v for _, v in vary]):
        params = dict(zip(keys, combo))
        try:
            sc = base.with_overrides(params) if params else base
        except (KeyError, ValueError) as err:  # values valid alone but not together
            shown = ", ".join(f"{k}={v}" for k, v in params.items())
            raise UserError(f"--vary: the combination {shown} does not give a valid scenario: {err}") from None
        out.append((params, sc))
    return out


def run_seeds(seed: int, runs: int) -> list[int]:
    """Run r's seed, the same in every condition (common random numbers)."""
    return [int(np.random.SeedSequence(seed, spawn_key=(r,)).generate_state(1)[0]) for r in range(runs)]


def condition_label(params: dict[str, object]) -> str:
    if not params:
        return "as written"
    parts = []
    for k, v in params.items():
        short = SHORT_KEYS.get(k) or (k.split(".", 2)[1] + " " + k.split(".")[-1] if k.startswith("states.") else k.split(".")[-1])
        parts.append(f"{short}={v}")
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# One run (in a worker)

_WORKER: dict[str, Any] = {}


def _init_worker(scenarios: list[Scenario], seeds: list[int], parts_dir: str | None,
                 params: list[dict[str, object]]) -> None:
    _WORKER.update(scenarios=scenarios, seeds=seeds, parts_dir=parts_dir, params=params)
    quiet_garbage_collector()


def quiet_garbage_collector() -> None:
    """For a process that will play many games: everything loaded so far (modules, schemas, the
    scenarios) lives for the whole run, so the cycle collector stops re-examining it, and runs
    less often. Games free almost everything by reference counting; this saves ~3 % of a batch."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def play_batch_game(sc: Scenario, seed: int) -> Engine:
    """One headless game with every state on its scenario doctrine, explanations off and no
    replay kept (they cost time and nobody reads them in a batch)."""
    from game.match.games import run_game

    return run_game(sc, seed=seed, explain=False, record=False).engine


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


def _run_chunk(task: tuple[int, list[int]]) -> list[dict[str, Any]]:
    from game.match.outputs import series_text

    cond, runs = task
    sc = _WORKER["scenarios"][cond]
    params = _WORKER["params"][cond]
    out = []
    parts: list[str] = []
    for r in runs:
        engine = play_batch_game(sc, _WORKER["seeds"][r])
        out.append(run_outcome(engine))
        if _WORKER["parts_dir"] is not None:
            parts.append(series_text(engine, {**{k: _csv_value(v) for k, v in params.items()}, "run": r}))
    if _WORKER["parts_dir"] is not None:
        path = Path(_WORKER["parts_dir"]) / _part_name(cond, runs)
        path.write_text("".join(parts), encoding="utf-8")
    return out


def _csv_value(v: object) -> object:
    return str(v).lower() if isinstance(v, bool) else v


# ---------------------------------------------------------------------------------------------
# The experiment


def chunks(conds: int, runs: int, workers: int) -> list[tuple[int, list[int]]]:
    """Tasks of consecutive runs of one condition, small enough to keep every core busy."""
    size = max(1, min(25, runs // max(1, 3 * workers) or 1))
    return [(c, list(range(s, min(runs, s + size)))) for c in range(conds) for s in range(0, runs, size)]


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
                   workers: int = 1, progress: bool = True) -> dict[str, Any]:
    """Play every condition `runs` times; write the files to `out` (when given); return the summary.

    Files are written while the games are played: series.csv grows as the chunks come in (in
    order), and a condition's chart is drawn as soon as its last run is in. Everything goes to
    a scratch folder first and into `out` only when the whole experiment has succeeded, so a
    failed run leaves no half-written files (and overwrites no earlier results)."""
    conds = conditions(base, vary)
    seeds = run_seeds(seed, runs)
    tasks = chunks(len(conds), runs, workers)
    scratch = None
    if out is not None:
        scratch = out / ".experiment_in_progress"
        shutil.rmtree(scratch, ignore_errors=True)
        (scratch / "parts").mkdir(parents=True)
    writer = _OutputWriter(scratch, base, conds, tasks) if scratch is not None else None
    try:
        results = run_parallel(_run_chunk, tasks, workers, _init_worker,
                               ([sc for _, sc in conds], seeds, str(scratch / "parts") if scratch else None,
                                [p for p, _ in conds]),
                               units=lambda t: len(t[1]), desc=f"{base.id}", progress=progress,
                               on_result=writer.task_done if writer is not None else None)
        per_cond: list[list[dict]] = [[] for _ in conds]
        for (c, _), res in zip(tasks, results):
            per_cond[c].extend(res)
        summary = {"scenario": base.id, "conditions": [summarise(p, per_cond[c]) for c, (p, _) in enumerate(conds)]}
        if writer is not None:
            writer.finish(out, seeds, per_cond, summary)
    finally:
        if writer is not None:
            writer.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return summary


class _OutputWriter:
    """Writes an experiment's files into a scratch folder as the chunks finish."""

    def __init__(self, scratch: Path, base: Scenario, conds, tasks: list[tuple[int, list[int]]]):
        from game.match.outputs import SERIES_COLUMNS

        self.scratch, self.base, self.conds, self.tasks = scratch, base, conds, tasks
        self.done: list[list[dict] | None] = [None] * len(tasks)
        self.next_part = 0  # series.csv holds the parts of every task before this one
        self.left = Counter(c for c, _ in tasks)  # tasks still running, per condition
        self.labels = [condition_label(p) for p, _ in conds]
        self.series = open(scratch / "series.csv", "wb")  # parts are copied as bytes, never decoded
        keys = list(conds[0][0].keys())
        self.series.write((",".join(keys + ["run"] + list(SERIES_COLUMNS)) + "\n").encode("utf-8"))

    def task_done(self, k: int, result: list[dict]) -> None:
        self.done[k] = result
        while self.next_part < len(self.tasks) and self.done[self.next_part] is not None:
            part = self.scratch / "parts" / _part_name(*self.tasks[self.next_part])
            with open(part, "rb") as src:
                shutil.copyfileobj(src, self.series, 1 << 20)
            part.unlink()
            self.next_part += 1
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
        from game.report.charts import comparison_chart

        self.series.close()
        keys = list(self.conds[0][0].keys())
        (self.scratch / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(keys + ["run", "seed", "spiral", "tragic_spiral", "war"] + [f"wars_{lab}" for lab in LABELS]
                   + ["arms_growth", "cooperation"])
        for c, (params, _) in enumerate(self.conds):
            for r, o in enumerate(per_cond[c]):
                w.writerow([_csv_value(params[k]) for k in keys] + [r, seeds[r], int(o["spiral"]), int(o["tragic"]),
                           int(o["war"])] + [o["wars"][lab] for lab in LABELS]
                           + [f"{o['arms_growth']:.5f}", f"{o['cooperation']:.4f}"])
        (self.scratch / "runs.csv").write_text(buf.getvalue(), encoding="utf-8")
        comparison_chart(summary["conditions"], self.labels, self.base.scenario.title, self.scratch / "comparison.png")
        names = ["summary.json", "series.csv", "runs.csv", "comparison.png"] + [
            f"condition_{c + 1:02d}.png" for c in range(len(self.conds))]
        for name in names:
            os.replace(self.scratch / name, out / name)

    def close(self) -> None:
        self.series.close()


def _part_name(cond: int, runs: list[int]) -> str:
    return f"c{cond:04d}_r{runs[0]:06d}.csv"


def format_summary(summary: dict[str, Any]) -> str:
    lines = [f"{summary['scenario']}: {len(summary['conditions'])} condition(s)",
             f"  {'condition':<36} {'runs':>5} {'spiral':>7} {'tragic':>7} {'war':>6} {'arms/turn':>10} {'coop':>6}"]
    for c in summary["conditions"]:
        lines.append(f"  {condition_label(c['params']):<36} {c['runs']:>5} {c['spiral_rate']:>7.0%} "
                     f"{c['tragic_spiral_rate']:>7.0%} {c['war_rate']:>6.0%} {c['mean_arms_growth']:>+10.2%} "
                     f"{c['cooperation_rate']:>6.0%}")
    return "\n".join(lines)
