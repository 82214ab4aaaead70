"""Headless games told as text: what simulate prints, turn by turn."""
from __future__ import annotations

from game.core.engine import Engine, TurnReport
from game.core.spirals import STAGES
from game.core.state import RUNG_NAMES


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
