"""Headless games: every state played by a controller, turn by turn, through the Engine API."""
from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from game.core.controller import Controller
from game.core.engine import Engine, TurnReport
from game.core.perception import MindSet
from game.core.scores import Score, scores
from game.core.spirals import STAGES
from game.core.state import WAR_LABELS
from game.data.scenario import Scenario
from game.sim.policies import Restrained


def doctrine_controllers(scenario: Scenario, overrides: Mapping[str, str] | None = None) -> dict[str, Controller]:
    """Every state governed by its scenario doctrine (humans included: headless runs have no
    players). `overrides` maps state id -> doctrine id."""
    from game.ai.registry import make_controller

    overrides = overrides or {}
    return {s.id: make_controller(overrides.get(s.id, s.doctrine), s.difficulty) for s in scenario.states}


def minds_of(controllers: Mapping[str, Controller]) -> dict[str, MindSet]:
    return {sid: c.mindset for sid, c in controllers.items() if getattr(c, "mindset", None) is not None}


def play_turn(engine: Engine, controllers: Mapping[str, Controller]) -> TurnReport:
    """Ask every pending state's controller for its orders, then resolve the turn."""
    for sid in engine.pending():
        decision = controllers[sid].decide(engine.view_for(sid), engine.ai_rng(sid))
        explanation = decision.explanation.to_dict() if hasattr(decision.explanation, "to_dict") else decision.explanation
        engine.submit(sid, decision.orders, explanation, checked_against=decision.checked_against)
    return engine.advance()


@dataclass
class GameResult:
    engine: Engine
    controllers: dict[str, Controller]


def run_game(scenario: Scenario, seed: int | None = None, controllers: Mapping[str, Controller] | None = None,
             on_turn: Callable[[Engine, TurnReport], None] | None = None, explain: bool = True,
             record: bool = True) -> GameResult:
    """Play a whole game. `explain=False` switches the AI's reasons off and `record=False` keeps
    no replay (batch runs: both cost time nobody uses there)."""
    controllers = dict(controllers) if controllers is not None else doctrine_controllers(scenario)
    if not explain:
        for c in controllers.values():
            if hasattr(c, "explain"):
                c.explain = False
    engine = Engine(scenario, seed=seed, minds=minds_of(controllers), record=record)
    while not engine.finished:
        report = play_turn(engine, controllers)
        if on_turn is not None:
            on_turn(engine, report)
    return GameResult(engine, controllers)


def restraint_counterfactual(scenario: Scenario, seed: int | None = None) -> dict[str, Score]:
    """The same scenario and seed with every state restrained: the outcome "that neither party
    actually prefers" made visible (DESIGN.md §3)."""
    result = run_game(scenario, seed, {sid: Restrained() for sid in scenario.state_ids})
    return scores(result.engine.state)


# ---------------------------------------------------------------------------------------------
# Outputs


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


def summary(result: GameResult, counterfactual: dict[str, Score] | None = None) -> dict:
    engine = result.engine
    st = engine.state
    sc = engine.scenario
    final = scores(st)
    states = []
    for k, spec in enumerate(sc.states):
        c = result.controllers.get(spec.id)
        entry = {
            "id": spec.id, "name": spec.name, "type": spec.type, "doctrine": getattr(c, "name", spec.doctrine),
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

    Experiments write about a million of these lines, so the text is built column by column
    (a state's numbers formatted once per turn, not once per dyad they appear in) and each line
    is one join of ready strings."""
    s = engine.series
    n, length = len(engine.ids), s.length
    a, b = np.triu_indices(n, 1)  # every dyad once, in the order (0, 1), (0, 2), ... (1, 2), ...

    def per_state(arr: np.ndarray, spec: str) -> tuple[list[str], list[str]]:
        text = np.array([format(x, spec) for x in arr.ravel().tolist()], dtype=object).reshape(arr.shape)
        return text[:, a].ravel().tolist(), text[:, b].ravel().tolist()

    def per_dyad(arr: np.ndarray, spec: str, first: np.ndarray = a, second: np.ndarray = b) -> list[str]:
        return [format(x, spec) for x in arr[:, first, second].ravel().tolist()]

    def ints(arr: np.ndarray) -> list[str]:
        return [str(int(x)) for x in arr[:, a, b].ravel().tolist()]

    ids = np.array(engine.ids, dtype=object)
    dyads = [f"{x},{y}" for x, y in zip(ids[a].tolist(), ids[b].tolist())] * length
    turns = [str(t) for t in s.turns[:length].tolist() for _ in range(len(a))]
    columns = [turns, dyads, *per_state(s["M"], ".3f"), *per_state(s.growth(), ".4f"), *per_state(s["Y"], ".3f"),
               per_dyad(s["threat"], ".4f"), per_dyad(s["threat"], ".4f", b, a),
               per_dyad(s["belief"], ".4f"), per_dyad(s["belief"], ".4f", b, a), per_dyad(s["tension"], ".4f"),
               ints(s["rung"]), ints(s["war"]), ints(s["pact"]), ints(s["arms_control"]),
               [STAGES[k] for k in s["spiral"][:, a, b].ravel().tolist()]]
    if extra:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(list(extra.values()))  # quotes text when it must
        columns.insert(0, itertools.repeat(buf.getvalue()))
    if not turns:
        return ""
    return "\n".join(map(",".join, zip(*columns))) + "\n"


def series_csv(engine: Engine) -> str:
    return ",".join(SERIES_COLUMNS) + "\n" + series_text(engine)


def turn_lines(engine: Engine, report: TurnReport, explain: bool = False) -> list[str]:
    """A readable summary of one resolved turn: arms, tension, crises, wars, spirals."""
    st = engine.state
    s = engine.series
    k = s.length - 1
    g = s.growth()[k]
    arms = "  ".join(
        f"{st.names[i]} {st.M[i]:.1f} ({g[i]:+.0%})" if st.alive[i] else f"{st.names[i]} (conquered)"
        for i in range(st.n)
    )
    lines = [f"Turn {report.turn:>3}  arms: {arms}"]
    tense = []
    for i in range(st.n):
        for j in range(i + 1, st.n):
            if st.alive[i] and st.alive[j]:
                from game.core.state import RUNG_NAMES

                stage = STAGES[int(engine.tracker.stage[i, j])]
                tense.append((s["tension"][k, i, j], f"{st.names[i]}–{st.names[j]} {s['tension'][k, i, j]:.2f} "
                                                    f"{RUNG_NAMES[int(st.rung[i, j])]}" + (f", {stage}" if stage != "calm" else "")))
    tense.sort(key=lambda x: -x[0])
    if tense:
        lines.append("           tension: " + "; ".join(t for _, t in tense[:4]))
    skip = {"war_turn", "dilemma_round", "pact_offered", "arms_control_violation_hidden", "peace_offered"}
    if not explain:
        skip.add("intelligence")
    for e in report.events:
        if e.kind in skip and not (e.kind == "dilemma_round" and report.turn <= 5):
            continue
        lines.append(f"           - {e.text}")
    if explain:
        rec = engine.records[-1]
        for sid, exp in rec.explanations.items():
            for sentence in (exp or {}).get("sentences", []):
                lines.append(f"           > {sentence}")
    return lines
