"""What a finished (or running) game gives the outside world: its wars, its spiral episodes, the
summary and the per-turn series (summary.json and series.csv of simulate, the host and the
experiments; the debrief reads the same)."""
from __future__ import annotations

import csv
import io
from typing import Mapping

import numpy as np

from game.core.engine import Engine
from game.core.scores import Score, scores
from game.core.spirals import STAGES
from game.core.state import WAR_LABELS


def _r(x: float, nd: int = 4) -> float:
    return round(float(x), nd)


def wars_of(engine: Engine) -> list[dict]:
    wars: dict[tuple[str, str], dict] = {}
    out = []
    for e in engine.events:
        if e.kind == "war_started":
            w = {"attacker": e.actors[0], "defender": e.actors[1], "label": e.data["label"], "start": e.turn,
                 "end": None, "result": None}
            wars[(e.actors[0], e.actors[1])] = w
            out.append(w)
        elif e.kind in ("peace", "conquered"):
            for key in ((e.actors[0], e.actors[1]), (e.actors[1], e.actors[0])):
                if key in wars and wars[key]["end"] is None:
                    wars[key]["end"] = e.turn
                    wars[key]["result"] = e.data.get("winner", "draw") if e.kind == "peace" else f"{e.actors[0]} conquered {e.actors[1]}"
        if e.kind == "conquered":
            for key, w in wars.items():
                if e.actors[1] in key and w["end"] is None:
                    w["end"] = e.turn
                    w["result"] = f"{e.actors[1]} conquered"
    return out


def spirals_of(engine: Engine) -> list[dict]:
    st = engine.state
    greedy = dict(zip(st.ids, st.greedy))
    out = []
    for ep in engine.tracker.episodes:
        d = ep.to_dict()
        d["tragic"] = bool(not greedy[ep.a] and not greedy[ep.b])
        out.append(d)
    return out


def summary(engine: Engine, doctrines: Mapping[str, str] | None = None,
            counterfactual: dict[str, Score] | None = None) -> dict:
    """summary.json: `doctrines` names who governed each state (default: the scenario's)."""
    doctrines = doctrines or {}
    st = engine.state
    sc = engine.scenario
    final = scores(st)
    states = []
    for k, spec in enumerate(sc.states):
        entry = {
            "id": spec.id, "name": spec.name, "type": spec.type, "doctrine": doctrines.get(spec.id, spec.doctrine),
            "alive": bool(st.alive[k]), "output": _r(st.Y[k], 2), "forces": _r(st.M[k], 2),
            "offense": _r(st.O[k], 2), "defense": _r(st.D[k], 2), "welfare": _r(st.welfare[k], 2),
            "reputation": _r(st.reputation[k], 3), "wars_won": int(st.wars_won[k]), "wars_lost": int(st.wars_lost[k]),
            "score": final[spec.id].as_dict(),
        }
        if st.dilemma:
            entry["dilemma_score"] = _r(st.dilemma_score[k], 2)
        if counterfactual is not None:
            entry["mutual_restraint_score"] = counterfactual[spec.id].as_dict()
        states.append(entry)
    counts: dict[str, int] = {}
    for e in engine.events:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    wars = wars_of(engine)
    return {
        "scenario": sc.id,
        "title": sc.scenario.title,
        "seed": engine.seed,
        "turns": st.turn,
        "world": {"offense_defense": st.omega, "perceived_offense_defense": st.omega_perceived,
                  "distinguishability": st.distinguishability, "intel_noise": st.intel_noise,
                  "spiral_threshold": st.spiral_threshold},
        "states": states,
        "wars": wars,
        "wars_by_label": {lab: sum(1 for w in wars if w["label"] == lab) for lab in WAR_LABELS[1:]},
        "spirals": spirals_of(engine),
        "crises": counts.get("threat_made", 0) + counts.get("mobilised", 0),
        "events": dict(sorted(counts.items())),
        "final_hash": engine.state_hash(),
    }


SERIES_COLUMNS = (
    "turn", "a", "b", "arms_a", "arms_b", "growth_a", "growth_b", "output_a", "output_b", "threat_ab", "threat_ba",
    "belief_ab", "belief_ba", "tension", "rung", "war", "pact", "arms_control", "spiral_stage",
)


def series_text(engine: Engine, extra: Mapping[str, object] | None = None) -> str:
    """series.csv's rows (no header) as text: one line per turn and dyad, a before b in scenario
    order, each line starting with the values of `extra` (an experiment's condition and run).

    Experiments write about a million of these lines, so each line is one %-format of a tuple
    zipped from whole columns (no Python-level step per value), and a state's numbers, which
    appear in many dyads, are formatted once per turn."""
    s = engine.series
    n, length = len(engine.ids), s.length
    if not length:
        return ""
    a, b = np.triu_indices(n, 1)  # every dyad once, in the order (0, 1), (0, 2), ... (1, 2), ...

    def per_state(arr: np.ndarray, spec: str) -> tuple[list[str], list[str]]:
        text = np.array(list(map(spec.__mod__, arr.ravel().tolist())), dtype=object).reshape(arr.shape)
        return text[:, a].ravel().tolist(), text[:, b].ravel().tolist()

    def per_dyad(arr: np.ndarray, first: np.ndarray = a, second: np.ndarray = b) -> list:
        return arr[:, first, second].ravel().tolist()

    def ints(arr: np.ndarray) -> list[int]:
        return arr[:, a, b].ravel().astype(np.int64).tolist()

    ids = np.array(engine.ids, dtype=object)
    dyads = [f"{x},{y}" for x, y in zip(ids[a].tolist(), ids[b].tolist())] * length
    turns = np.repeat(s.turns[:length], len(a)).tolist()
    columns = [turns, dyads, *per_state(s["M"], "%.3f"), *per_state(s.growth(), "%.4f"),
               *per_state(s["Y"], "%.3f"),
               per_dyad(s["threat"]), per_dyad(s["threat"], b, a), per_dyad(s["belief"]), per_dyad(s["belief"], b, a),
               per_dyad(s["tension"]), ints(s["rung"]), ints(s["war"]), ints(s["pact"]), ints(s["arms_control"]),
               [STAGES[k] for k in s["spiral"][:, a, b].ravel().tolist()]]
    # turn, a,b, arms, growth, output (a then b), threats, beliefs, tension, rung .. arms_control, stage
    line = "%d," + "%s," * 7 + "%.4f," * 5 + "%d," * 4 + "%s\n"
    if extra:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(list(extra.values()))  # quotes text when it must
        line = buf.getvalue().replace("%", "%%") + "," + line
    return "".join(map(line.__mod__, zip(*columns)))


def series_csv(engine: Engine) -> str:
    return ",".join(SERIES_COLUMNS) + "\n" + series_text(engine)
