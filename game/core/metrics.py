"""Per-turn series: arms, output, tension, beliefs, threat, rung, spiral stage.

One row per resolved turn (turn 0 is the opening position). Charts, the debrief, experiments and
`series.csv` read these arrays; nothing here changes the world.

Tension is not worked out as a turn is recorded but when it is first read, from the recorded
threat, rungs and survivors (the same function of the same numbers: the same numbers): batch
runs never read it, and it cost a quarter of the recording.
"""
from __future__ import annotations

import numpy as np

from game.core.perception import belief_probability, tension_matrix
from game.core.state import GameCache, WorldState

STATE_SERIES = ("M", "O", "D", "Y", "N", "s", "mu", "reputation", "welfare", "dilemma_score", "alive", "move")
DYAD_SERIES = ("rung", "war", "pact", "arms_control", "threat", "belief", "tension", "spiral", "M_est")


class _TensionInputs:
    """What `tension_matrix` reads of a state, taken from one recorded row (and a cache of its own
    for the numbers it keeps)."""

    __slots__ = ("threat", "rung", "alive", "n", "cache")

    def __init__(self, n: int):
        self.n = n
        self.cache = GameCache()


class Series:
    """Preallocated arrays: state series are (turns+1, N), dyad series (turns+1, N, N)."""

    def __init__(self, ids: tuple[str, ...], max_turns: int):
        self.ids = ids
        n = len(ids)
        rows = max_turns + 1
        self.length = 0
        self.turns = np.zeros(rows, dtype=np.int64)
        self._data: dict[str, np.ndarray] = {}
        for name in STATE_SERIES:
            dtype = bool if name == "alive" else (np.int64 if name == "move" else float)
            self._data[name] = np.zeros((rows, n), dtype=dtype)
        for name in DYAD_SERIES:
            dtype = bool if name in ("war", "pact", "arms_control") else (np.int64 if name in ("rung", "spiral") else float)
            self._data[name] = np.zeros((rows, n, n), dtype=dtype)
        self._tension_rows = 0  # rows [0, this) of "tension" are worked out
        self._tension_inputs = _TensionInputs(n)

    @property
    def data(self) -> dict[str, np.ndarray]:
        """Every series by name, all rows allocated (those past `length` unused)."""
        self._work_out_tension()
        return self._data

    def record(self, st: WorldState, spiral_stage: np.ndarray) -> None:
        k = self.length
        if k >= len(self.turns):
            self._grow()
        d = self._data
        self.turns[k] = st.turn
        M = d["M"][k]
        np.add(st.O, st.D, out=M)
        d["O"][k] = st.O
        d["D"][k] = st.D
        d["Y"][k] = st.Y
        d["N"][k] = st.N
        d["s"][k] = st.s
        d["mu"][k] = st.mu
        d["reputation"][k] = st.reputation
        d["welfare"][k] = st.welfare
        d["dilemma_score"][k] = st.dilemma_score
        d["alive"][k] = st.alive
        d["move"][k] = st.last_move
        d["rung"][k] = st.rung
        d["war"][k] = st.war
        d["pact"][k] = st.pact
        d["arms_control"][k] = st.arms_control
        d["threat"][k] = st.threat
        d["belief"][k] = belief_probability(st)
        self._tension_rows = min(self._tension_rows, k)  # (a row recorded again after `truncate`)
        d["spiral"][k] = spiral_stage
        seen = d["M_est"][k]
        seen[...] = st.M_est
        seen.flat[:: st.n + 1] = M  # what each state knows of itself is the truth
        self.length = k + 1

    def _grow(self) -> None:
        extra = max(16, len(self.turns))
        self.turns = np.concatenate([self.turns, np.zeros(extra, dtype=np.int64)])
        for name, arr in self._data.items():
            self._data[name] = np.concatenate([arr, np.zeros((extra,) + arr.shape[1:], dtype=arr.dtype)])

    def _work_out_tension(self) -> None:
        """Fill in the tension of the rows recorded since it was last read: `tension_matrix` of
        each row's threat, rungs and survivors."""
        d, inputs = self._data, self._tension_inputs
        for k in range(self._tension_rows, self.length):
            inputs.threat, inputs.rung, inputs.alive = d["threat"][k], d["rung"][k], d["alive"][k]
            d["tension"][k] = tension_matrix(inputs)
        self._tension_rows = max(self._tension_rows, self.length)

    def __getitem__(self, name: str) -> np.ndarray:
        """The recorded rows of one series."""
        if name == "tension":
            self._work_out_tension()
        return self._data[name][: self.length]

    def growth(self) -> np.ndarray:
        """Arms growth per turn, (turns, N); row 0 is zero."""
        M = self["M"]
        g = np.zeros_like(M)
        g[1:] = (M[1:] - M[:-1]) / np.maximum(M[:-1], 1e-9)
        return g

    def truncate(self, length: int) -> None:
        self.length = length
