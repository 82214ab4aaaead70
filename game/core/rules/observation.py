"""Observation, the last phase of a turn (DESIGN.md §4): every state observes the others and
updates its beliefs, the turn's public acts weighed as evidence; each state is told privately
when what it saw moved its reading of a rival.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

from game.core.perception import observe, sigmoid
from game.core.rules import narration

if TYPE_CHECKING:
    from game.core.rules.turn import TurnContext

INTEL_BELIEF_SHIFT = 0.08  # a change of belief worth an intelligence report


def resolve(trs: Sequence[TurnContext]) -> None:
    """Observe in each of the turns (several games' turns at once: perception.observe), and tell
    each state privately when what it saw moved its reading of a rival: the observation is the
    cause of the belief (the UI's dispatches, the debrief's chains)."""
    before = {id(tr): sigmoid(tr.st.belief) for tr in trs if tr.reports}
    evidence = observe([tr.st for tr in trs], [tr.rng for tr in trs], [tr.act_llr for tr in trs],
                       evidence_wanted=bool(before))
    for tr, ev in zip(trs, evidence):
        if tr.reports:
            _report(tr, before[id(tr)], ev)


def _report(tr: TurnContext, before: np.ndarray, evidence: np.ndarray) -> None:
    """One report per state and turn: the reading that moved most (a dispatch, not a flood)."""
    st = tr.st
    after = sigmoid(st.belief)
    shift = np.abs(after - before)
    np.fill_diagonal(shift, 0.0)
    shift[~st.alive, :] = 0.0
    shift[:, ~st.alive] = 0.0
    biggest = np.argmax(shift, axis=1)
    for i in np.nonzero(shift[np.arange(st.n), biggest] >= INTEL_BELIEF_SHIFT)[0]:
        i, j = int(i), int(biggest[i])
        seen = float(st.M_est[i, j] / max(st.M_est_prev[i, j], 1e-9) - 1)
        tr.emit("intelligence", [i, j],
                narration.intelligence(tr.name(i), tr.name(j), seen, st.mu_est[i, j], after[i, j] > before[i, j],
                                       after[i, j]),
                data={"belief_before": round(float(before[i, j]), 4), "belief": round(float(after[i, j]), 4),
                      "forces_seen": round(float(st.M_est[i, j]), 2), "growth_seen": round(seen, 4),
                      "offense_seen": round(float(st.mu_est[i, j]), 4)},
                cause={"observation": {"evidence": round(float(evidence[i, j]), 3),
                                       "acts": round(float(tr.act_llr[i, j]), 3)}},
                visible_to=[i])
