"""The repeated-dilemma mode (DESIGN.md §3, §9.7): each turn is one round of the iterated
prisoner's dilemma with the scenario's payoff matrix, in place of the six phases. Moves are public
and exact; the only chance is the scenario's noise, which may flip a move.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core.perception import update_beliefs
from game.core.rules import narration
from game.core.state import RULES

if TYPE_CHECKING:
    from game.core.rules.turn import TurnContext

DILEMMA_SHARE = (0.05, 0.15)  # military share that goes with restrain / arm, so the charts show arms
DILEMMA_EVIDENCE = (-0.5, 0.8)  # log-likelihood ratio greedy : security seeker of restraint, arming


def dilemma_payoffs(move_a: int, move_b: int, payoffs: tuple[float, float, float, float]) -> tuple[float, float]:
    """One round of the prisoner's dilemma; 0 = restrain (C), 1 = arm (D). payoffs = (R, T, S, P)."""
    R_, T_, S_, P_ = payoffs
    table = ((R_, R_), (S_, T_)), ((T_, S_), (P_, P_))
    return table[move_a][move_b]


def resolve(tr: TurnContext) -> None:
    st = tr.st
    moves = np.where(st.last_move >= 0, st.last_move, 0)
    for i, o in tr.by_kind["dilemma"]:
        moves[i] = 1 if o.move == "arm" else 0
    intended = moves.copy()
    if st.dilemma_noise > 0:
        flips = tr.rng.random(st.n) < st.dilemma_noise
        moves = np.where(flips, 1 - moves, moves)
    a, b = 0, 1
    pa, pb = dilemma_payoffs(int(moves[a]), int(moves[b]), st.payoffs)
    st.dilemma_score[a] += pa
    st.dilemma_score[b] += pb
    st.last_move[:] = moves
    st.prev_M[:] = st.M
    share = np.where(moves == 1, DILEMMA_SHARE[1], DILEMMA_SHARE[0])
    st.s[:] = share
    buy = share * st.Y * RULES.force_per_output
    keep = 1 - RULES.depreciation
    st.O[:] = st.O * keep + st.mu * buy
    st.D[:] = st.D * keep + (1 - st.mu) * buy
    st.welfare += (1 - share) * st.Y
    flipped = [st.ids[k] for k in range(st.n) if moves[k] != intended[k]]
    tr.emit("dilemma_round", [a, b], narration.dilemma_round(tr.name(a), tr.name(b), moves[a], moves[b], pa, pb),
            data={"moves": [int(moves[a]), int(moves[b])], "payoffs": [pa, pb], "flipped_by_noise": flipped},
            cause={"rule": "payoff matrix"})
    M = st.M
    st.M_est[:] = M[None, :]
    st.M_est_prev[:] = st.prev_M[None, :]
    # Moves are public and exact: each side's belief about the other follows them (no noise, so
    # no draw from the generator — the repeated dilemma's random stream is its noise alone).
    evidence = np.where(moves == 1, DILEMMA_EVIDENCE[1], DILEMMA_EVIDENCE[0])[None, :] * np.ones((st.n, 1))
    np.fill_diagonal(evidence, 0.0)
    update_beliefs(st, evidence)
