"""The magnitudes of DESIGN.md §9 (not a test): each experiment played headless, printed as
markdown tables to paste into a note.

    python bench/magnitudes.py [--runs 40] [--seed 1000] [--only NAME]

NAME is one of: random_worlds, four_worlds, deterrence, chain_ganging, mad, tutorial.

Run r of every condition plays game seed `--seed + r` (common random numbers across conditions;
random worlds also draw map `--seed + r`). The default seeds start at 1000, away from the seeds
the tests were tuned on (mostly 0–20). One process, no workers.

Each experiment is a function `(runs, seed) -> list[dict]` (one dict a table row), so a test can
reuse it; `outcome(engine)` is what every row is computed from.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Mapping

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.core.controller import Controller  # noqa: E402
from game.core.engine import Engine  # noqa: E402
from game.core.spirals import EMERGING, SPIRAL  # noqa: E402
from game.core.state import WAR_LABELS  # noqa: E402
from game.scenario.loading import load_scenario  # noqa: E402
from game.scenario.models import Scenario  # noqa: E402
from game.match.policies import FixedBudget, Restrained  # noqa: E402
from game.match.games import doctrine_controllers, run_game  # noqa: E402

LABELS = WAR_LABELS[1:]  # preventive, preemptive, opportunistic, alliance, accidental
TUTORIAL_TURNS = 6  # §9: a spiral "within ~6 turns"


# ---------------------------------------------------------------------------------------------
# One game


def play(sc: Scenario, seed: int, doctrines: Mapping[str, str] | None = None,
         scripted: Mapping[str, Controller] | None = None) -> Engine:
    """One headless game: every state on its scenario doctrine, except those given another
    doctrine (`doctrines`: id -> doctrine id) or a scripted controller (`scripted`)."""
    controllers = doctrine_controllers(sc, doctrines)
    controllers.update(scripted or {})
    return run_game(sc, seed, controllers=controllers, explain=False, record=False).engine


def outcome(engine: Engine) -> dict:
    """What the tables are made of, from one finished game."""
    st = engine.state
    greedy = dict(zip(st.ids, st.greedy))
    labels = [e.data["label"] for e in engine.events if e.kind == "war_started"]
    episodes = engine.tracker.episodes
    s = engine.series
    rung = s["rung"]
    live = s["alive"][:, :, None] & s["alive"][:, None, :]
    crisis_turns = int((((rung >= 2) & (rung <= 4) & live).any(axis=(1, 2)))[1:].sum())
    return {
        "wars": labels,
        "conquered": int((~st.alive).sum()),
        "conquered_ids": [sid for sid, a in zip(st.ids, st.alive) if not a],
        "spiral": bool(episodes),
        "spirals": len(episodes),
        "tragic": any(not greedy[ep.a] and not greedy[ep.b] for ep in episodes),
        "max_rung": int(rung.max()),
        "crisis_turns": crisis_turns,
        "greedy_share": float(np.mean(st.greedy)),
    }


def stage_by(engine: Engine, turn: int) -> int:
    """The highest spiral stage any dyad reached in turns 1..`turn`."""
    s = engine.series
    rows = (s.turns[: s.length] >= 1) & (s.turns[: s.length] <= turn)
    return int(s["spiral"][rows].max()) if rows.any() else 0


# ---------------------------------------------------------------------------------------------
# Summaries


def rate(outs: list[dict], test: Callable[[dict], bool]) -> float:
    return float(np.mean([bool(test(o)) for o in outs]))


def mean(outs: list[dict], value: Callable[[dict], float]) -> float:
    return float(np.mean([value(o) for o in outs]))


def war_columns(outs: list[dict]) -> dict:
    return {"war rate": rate(outs, lambda o: o["wars"]), "wars/game": mean(outs, lambda o: len(o["wars"])),
            "conquered/game": mean(outs, lambda o: o["conquered"])}


def spiral_columns(outs: list[dict]) -> dict:
    return {"spiral rate": rate(outs, lambda o: o["spiral"]), "spirals/game": mean(outs, lambda o: o["spirals"]),
            "tragic spiral rate": rate(outs, lambda o: o["tragic"])}


# ---------------------------------------------------------------------------------------------
# The experiments of §9 "Magnitudes"


def random_worlds(runs: int, seed: int) -> list[dict]:
    """Random 6-state worlds, default mix, 40 turns (map r and game seed r are the same number)."""
    outs = [outcome(play(load_scenario(f"random:6:{seed + r}"), seed + r)) for r in range(runs)]
    labels = [lab for o in outs for lab in o["wars"]]
    row = {"games": runs, **war_columns(outs), **spiral_columns(outs)}
    for lab in LABELS:
        row[f"% {lab}"] = labels.count(lab) / len(labels) if labels else 0.0
    row["greedy share"] = mean(outs, lambda o: o["greedy_share"])
    return [row]


def four_worlds(runs: int, seed: int) -> list[dict]:
    """Ω ∈ {0.33, 1, 2} × d ∈ {0.1, 0.5, 0.9}."""
    base = load_scenario("four_worlds")
    rows = []
    for omega in (0.33, 1.0, 2.0):
        for d in (0.1, 0.5, 0.9):
            sc = base.with_overrides({"world.offense_defense": omega, "world.distinguishability": d})
            outs = [outcome(play(sc, seed + r)) for r in range(runs)]
            rows.append({"Ω": omega, "d": d, **spiral_columns(outs), **war_columns(outs)})
    return rows


HUMAN, RIVAL = "rubria", "verdia"  # two_neighbours: the player's state and the computer's


def deterrence(runs: int, seed: int) -> list[dict]:
    """Jervis's two models in two_neighbours: against a greedy rival with an offense advantage
    firmness should mean less war than appeasement; against a security seeker with low d,
    firmness should feed the spiral and reassurance calm it."""
    base = load_scenario("two_neighbours")
    cases = [("greedy rival", {f"states.{RIVAL}.type": "greedy", "world.offense_defense": omega}, doctrine)
             for omega in (1.5, 2.0) for doctrine in ("deterrence_hawk", "always_cooperate")]
    cases += [("security-seeking rival", {"world.distinguishability": 0.1}, doctrine)
              for doctrine in ("deterrence_hawk", "spiral_aware", "always_cooperate")]
    rows = []
    for model, overrides, doctrine in cases:
        sc = base.with_overrides(overrides)
        outs = [outcome(play(sc, seed + r, doctrines={HUMAN: doctrine})) for r in range(runs)]
        world = ", ".join(f"{k.split('.')[-1]}={v}" for k, v in overrides.items() if k.startswith("world."))
        rows.append({"rival": model, "world": world, f"{HUMAN} plays": doctrine, **war_columns(outs),
                     f"{HUMAN} conquered": rate(outs, lambda o: HUMAN in o["conquered_ids"]), **spiral_columns(outs)})
    return rows


def chain_ganging(runs: int, seed: int) -> list[dict]:
    """july_1914 under a believed Ω of 0.6, 1.0 and 1.8 (the true Ω is the scenario's)."""
    base = load_scenario("july_1914")
    rows = []
    for believed in (0.6, 1.0, 1.8):
        sc = base.with_overrides({"world.perceived_offense_defense": believed})
        outs = [outcome(play(sc, seed + r)) for r in range(runs)]
        rows.append({"believed Ω": believed, "alliance wars/game": mean(outs, lambda o: o["wars"].count("alliance")),
                     **war_columns(outs), "max wars in a game": max(len(o["wars"]) for o in outs)})
    return rows


def bloc_wars(engine: Engine, blocs: list[set[str]]) -> int:
    """Wars between members of two different blocs (a nuclear power and its allies at the start)."""
    def bloc(sid: str) -> int | None:
        return next((k for k, members in enumerate(blocs) if sid in members), None)

    return sum(1 for e in engine.events if e.kind == "war_started"
               and None is not bloc(e.actors[0]) != bloc(e.actors[1]) is not None)


def mad(runs: int, seed: int) -> list[dict]:
    """cold_war with both superpowers' warheads, and with none; as written and with an
    expansionist Krasnia. MAD's claim is about war between the nuclear powers' blocs."""
    rows = []
    for ref in ("cold_war", "cold_war:expansionist_rival"):
        base = load_scenario(ref)
        armed = [s.id for s in base.states if s.warheads > 0]
        blocs = [{sid} | {m for pair in base.alliances if sid in pair.members for m in pair.members} for sid in armed]
        for name, sc in (("with warheads", base),
                         ("no warheads", base.with_overrides({f"states.{sid}.warheads": 0.0 for sid in armed}))):
            engines = [play(sc, seed + r) for r in range(runs)]
            outs = [outcome(eng) for eng in engines]
            rows.append({"cold_war": ref.partition(":")[2] or "as written", "bomb": name,
                         "rung 6–7 reached": rate(outs, lambda o: o["max_rung"] >= 6),
                         "rung 7 reached": rate(outs, lambda o: o["max_rung"] >= 7), **war_columns(outs),
                         "wars between the blocs/game": float(np.mean([bloc_wars(e, blocs) for e in engines])),
                         "turns with a crisis (rung 2–4)": mean(outs, lambda o: o["crisis_turns"])})
    return rows


def tutorial(runs: int, seed: int) -> list[dict]:
    """two_neighbours with the player's state scripted: arming hard, or holding forces level
    with a defensive posture (the Restrained policy). Is a spiral seen within the first turns?"""
    sc = load_scenario("two_neighbours")
    players: list[tuple[str, Callable[[], Controller]]] = [
        ("arms hard (30 % of output, half offense)", lambda: FixedBudget(0.3, 0.5)),
        ("arms hard (40 % of output, half offense)", lambda: FixedBudget(0.4, 0.5)),
        ("reassures (restrained: level forces, defensive)", Restrained),
    ]
    rows = []
    for name, make in players:
        engines = [play(sc, seed + r, scripted={HUMAN: make()}) for r in range(runs)]
        outs = [outcome(e) for e in engines]
        rows.append({f"{HUMAN}": name,
                     f"emerging by turn {TUTORIAL_TURNS}": rate(engines, lambda e: stage_by(e, TUTORIAL_TURNS) >= EMERGING),
                     f"spiral by turn {TUTORIAL_TURNS}": rate(engines, lambda e: stage_by(e, TUTORIAL_TURNS) >= SPIRAL),
                     "spiral in the game": rate(outs, lambda o: o["spiral"]), **war_columns(outs)})
    return rows


EXPERIMENTS: dict[str, tuple[str, Callable[[int, int], list[dict]]]] = {
    "random_worlds": ("Random 6-state worlds, default mix, 40 turns", random_worlds),
    "four_worlds": ("Four worlds: Ω × d", four_worlds),
    "deterrence": ("Spiral model vs deterrence model (two_neighbours)", deterrence),
    "chain_ganging": ("Chain-ganging (july_1914, believed Ω)", chain_ganging),
    "mad": ("MAD and the stability–instability paradox (cold_war)", mad),
    "tutorial": (f"Tutorial (two_neighbours): a spiral within {TUTORIAL_TURNS} turns", tutorial),
}


# ---------------------------------------------------------------------------------------------
# Printing


def cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def markdown(rows: list[dict]) -> str:
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=40, help="games per condition (default 40)")
    ap.add_argument("--seed", type=int, default=1000, help="first game seed (default 1000)")
    ap.add_argument("--only", choices=list(EXPERIMENTS), help="run one experiment")
    args = ap.parse_args()
    names = [args.only] if args.only else list(EXPERIMENTS)
    print(f"Magnitudes (DESIGN.md §9): {args.runs} runs per condition, seeds {args.seed}–{args.seed + args.runs - 1}.\n")
    for name in names:
        title, experiment = EXPERIMENTS[name]
        start = time.perf_counter()
        rows = experiment(args.runs, args.seed)
        wall = time.perf_counter() - start
        print(f"### {title}\n\n{markdown(rows)}\n\n_{name}: {wall:.1f} s wall_\n", flush=True)


if __name__ == "__main__":
    main()
