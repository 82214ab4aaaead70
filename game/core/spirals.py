"""Spiral detection (DESIGN.md §5) — the one definition the UI, reports, experiments and tests use.

For a dyad (i, j) at turn t, with arms growth g_i = ΔM_i / M_i:
- building: g_i ≥ γ* and g_j ≥ γ* (this turn, or on average over the last two turns);
- fearing: a side's threat perception of the other rose (ΔT_ij > 0), read over two turns
  (T_t > T_{t−2}) so that one turn of noisy intelligence does not break a real spiral. Both
  sides fearing is a mutual spiral; one side fearing is still an action–reaction race (a player
  who out-arms a frightened neighbour never fears, yet drives the race), and the episode says who
  fears whom (`Episode.fearing`);
- coupled: the buildups answer each other (action–reaction), not a common shock.

Coupling is judged over the episode's window, two ways:
- attribution: for each side whose fear rose, the partner is a principal source of it (its
  threat rose at least half as much as the fastest-rising threat that side faces) — two states
  arming against a third are not spiralling with each other;
- timing: the two growth series do not move in lockstep without a lagged response (a common
  shock: contemporaneous correlation ≥ 0.9 while the lag-one cross-correlation is clearly lower;
  or two buildups that began in the same turn and keep the same shape turn by turn, one growth
  path a fixed multiple of the other — correlation cannot see that, a constant series has none).

A spiral episode is ≥ 3 consecutive turns building and fearing, and coupled. Stage: emerging (1–2
turns, or not yet shown to be coupled), spiral (≥ 3), runaway (Richardson fit over the window
with k·l > a·b), crisis (rung ≥ 2), war. An episode ends after 2 turns below γ*, at war, or at an
arms-control agreement. A spiral between two security seekers is tragic (the debrief says so).

`SpiralTracker.update` runs the state machine turn by turn (the engine, the UI); `find_episodes`
runs the same machine over recorded series (reports, experiments, tests).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from game.core.state import upper_pairs

STAGES = ("calm", "emerging", "spiral", "runaway", "crisis", "war")
CALM, EMERGING, SPIRAL, RUNAWAY, CRISIS, WAR = range(6)
MIN_TURNS = 3
END_AFTER = 2
ATTRIBUTION_SHARE = 0.5
LOCKSTEP_CORR = 0.9
LAG_MARGIN = 0.3
HISTORY = 64  # turns of arms and threat an episode's window can reach back
LOCKSTEP_RATIO_CV = 0.1  # growth paths this close to proportional (coefficient of variation of their ratio) are in lockstep


@dataclass
class Episode:
    a: str
    b: str
    start: int  # first turn of the building-and-fearing run
    end: int | None = None  # last turn of the episode (None: still going)
    stages: list[tuple[int, str]] = field(default_factory=list)  # (turn, stage) at each change
    ended_by: str | None = None  # "calm" | "war" | "arms_control" | "end_of_game"
    richardson: dict[str, float] = field(default_factory=dict)  # k, l, a, b of the last fit
    fearing: list[str] = field(default_factory=list)  # ids of the sides whose fear of the other rose

    @property
    def mutual(self) -> bool:
        """Both sides afraid: the spiral of the spiral model; otherwise a one-sided race."""
        return len(self.fearing) == 2

    @property
    def peak(self) -> str:
        return max((s for _, s in self.stages), key=STAGES.index, default="spiral")

    @property
    def length(self) -> int:
        return (self.end if self.end is not None else self.stages[-1][0]) - self.start + 1

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "start": self.start, "end": self.end, "peak": self.peak,
                "stages": [list(s) for s in self.stages], "ended_by": self.ended_by,
                "richardson": self.richardson, "fearing": list(self.fearing)}


def growth(M_prev: np.ndarray, M: np.ndarray) -> np.ndarray:
    return (M - M_prev) / np.maximum(M_prev, 1e-9)


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) < 1e-9 or np.std(y) < 1e-9:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


def lockstep(g: np.ndarray, i: int, j: int, run: int, gamma: float) -> bool:
    """A common shock: both began building in the same turn (seen in the window) and over the
    building run (the last `run` rows of g) grow in proportion (one growth path a fixed multiple of
    the other, within LOCKSTEP_RATIO_CV): nobody's buildup followed anybody's. Where the start is
    not in the window (both were building before fear set in, or before an earlier episode ended)
    proportional growth is also what a runaway race settles into, so it is not called a shock."""
    if run < MIN_TURNS or len(g) < run:
        return False
    gi, gj = g[-run:, i], g[-run:, j]
    if (gi <= 0).any() or (gj <= 0).any():
        return False

    def onset(k: int) -> int:  # first row of the trailing run of building turns
        row = len(g)
        while row > 0 and g[row - 1, k] >= gamma:
            row -= 1
        return row

    ratio = gi / gj
    return 0 < onset(i) == onset(j) and float(np.std(ratio)) <= LOCKSTEP_RATIO_CV * float(np.mean(ratio))


def coupled(g: np.ndarray, dT: np.ndarray, i: int, j: int, run: int = 0, gamma: float = 0.0) -> bool:
    """Over a window: g is (turns, N) arms growth, dT is (turns, N, N) threat changes; the last
    `run` rows are the building-and-fearing run (0: skip the lockstep test, which needs it).
    Attribution is judged first: it costs less than timing, and most pairs examined fail it."""
    afraid = 0
    rises = dT.clip(min=0).mean(axis=0)  # [a, b]: how much a's threat from b rose, on average
    for a, b in ((i, j), (j, i)):
        rise = rises[a]
        rise[a] = 0.0
        if rise[b] <= 0:
            continue  # this side is not afraid (the one who out-arms): nothing to attribute
        if rise[b] < ATTRIBUTION_SHARE * rise.max():
            return False  # its fear comes mostly from elsewhere
        afraid += 1
    if not afraid:
        return False
    if run and lockstep(g, i, j, run, gamma):
        return False
    # Correlations over the run itself: the jump at its onset would dominate them, and two states
    # answering each other from the same first turn would then read as a common shock. With fewer
    # than four turns the lagged correlation has no three points to stand on: no verdict.
    seg = g[-run:] if run else g
    gi, gj = seg[:, i], seg[:, j]
    if run and len(seg) < 4:
        return True
    r0 = _corr(gi, gj)
    if r0 < LOCKSTEP_CORR:
        return True  # not in lockstep: the lagged correlation cannot make it a common shock
    r1 = 0.5 * (_corr(gi[1:], gj[:-1]) + _corr(gj[1:], gi[:-1]))
    return not r1 < r0 - LAG_MARGIN


def richardson_fit(M: np.ndarray, i: int, j: int) -> tuple[bool, dict[str, float]]:
    """Fit ΔM_i = k·M_j − a·M_i + g_i and ΔM_j = l·M_i − b·M_j + h over the window (M is
    (turns, N)); runaway when k·l > a·b. When the window cannot identify the four numbers (the
    two series move together), fall back to what the unstable solution looks like on a
    trajectory: absolute increments that keep growing for both sides."""
    # The two columns as a view (a strided slice when i < j, as the tracker asks), and the
    # differences and the design matrix built directly: np.diff, fancy indexing and
    # np.column_stack cost more than the solve itself on a window this small. The same numbers.
    pair = M[:, i:j + 1:j - i] if i < j else M[:, [i, j]]
    X = pair[:-1]
    dM = pair[1:] - X
    fit: dict[str, float] = {}
    if len(dM) >= 4:
        A = np.ones((len(X), 3))
        A[:, :2] = X
        coef, _, _, sv = np.linalg.lstsq(A, dM, rcond=None)  # both equations in one solve
        largest, _, smallest = sv.tolist()  # A's singular values
        if smallest > 0 and largest / smallest < 1e4:  # the condition number of A
            (i_in_i, i_in_j), (j_in_i, j_in_j), _ = coef.tolist()  # x_in_y: M_x's coefficient in ΔM_y
            k, a, l_, b = j_in_i, -i_in_i, i_in_j, -j_in_j
            fit = {"k": round(k, 4), "a": round(a, 4), "l": round(l_, 4), "b": round(b, 4)}
            if k > 0 and l_ > 0:
                return k * l_ > a * b, fit
            return False, fit
    if len(dM) >= 3:
        t = np.arange(len(dM)) - (len(dM) - 1) / 2
        rising = bool(((t[:, None] * dM).sum(axis=0) > 0).all())  # both least-squares slopes positive
        return bool(rising and (dM[-1] > 0).all()), fit
    return False, fit


@dataclass
class DyadFrame:
    """One turn of what the detector needs, for every dyad."""

    turn: int
    M: np.ndarray  # (N,)
    threat: np.ndarray  # (N, N)
    rung: np.ndarray  # (N, N)
    war: np.ndarray  # (N, N)
    alive: np.ndarray  # (N,)
    arms_control_formed: frozenset[tuple[int, int]] = frozenset()


class SpiralTracker:
    """The spiral state machine, fed one turn at a time.

    It keeps the arms and threat of the last HISTORY turns in two arrays it appends to, so that
    an episode's window is a slice, not a stack of every kept turn built again each turn; the
    frames themselves are not kept (the engine passes its own arrays, read during `update` only)."""

    def __init__(self, ids: tuple[str, ...], threshold: float):
        self.ids = ids
        self.n = len(ids)
        self.gamma = threshold
        # Rows [0, _rows) hold the turns fed so far (the oldest dropped once there is no room);
        # windows reach back at most HISTORY of them.
        self._turns = np.zeros(2 * HISTORY, dtype=np.int64)
        self._M = np.zeros((2 * HISTORY, self.n))
        self._threat = np.zeros((2 * HISTORY, self.n, self.n))
        self._rows = 0
        self.streak = np.zeros((self.n, self.n), dtype=int)  # consecutive building & fearing turns
        # consecutive turns not building, less the calm turns since it was last brought up to date
        # (`_calm_turns`: update adds them before it reads `below`)
        self.below = np.zeros((self.n, self.n), dtype=int)
        self.stage = np.zeros((self.n, self.n), dtype=int)
        self.active: dict[tuple[int, int], Episode] = {}
        self.episodes: list[Episode] = []
        # The constants of `update` as full arrays: at six states numpy's handling of a Python
        # scalar costs more than the arithmetic.
        n = self.n
        self._no_rise = np.zeros((n, n))
        self._zero = np.zeros((n, n), dtype=int)
        self._one = np.ones((n, n), dtype=int)
        self._min_turns = np.full((n, n), MIN_TURNS, dtype=int)
        self._calm = True  # the last turn was calm: no runs, every stage CALM
        self._calm_turns = 0  # calm turns not yet added to `below` (every pair was below on each)
        self._recent_M: list[list[float]] = []  # the arms of the last two turns fed, oldest first
        self._may_start: tuple[bytes, np.ndarray] | None = None  # bytes of `war`, pairs i < j not at war

    def _remember(self, frame: DyadFrame) -> None:
        rows = self._rows
        if rows == len(self._turns):  # full: move the last HISTORY - 1 turns to the front
            keep = slice(rows - HISTORY + 1, rows)
            rows = HISTORY - 1
            self._turns[:rows] = self._turns[keep]
            self._M[:rows] = self._M[keep]
            self._threat[:rows] = self._threat[keep]
        self._turns[rows] = frame.turn
        self._M[rows] = frame.M
        self._threat[rows] = frame.threat
        self._rows = rows + 1

    def _building(self, M: list[float], recent: list[list[float]]) -> list[bool]:
        """Which states build this turn: arms growth g = ΔM/M (`growth`) over the last turn of at
        least γ*, or over the last two turns at a pace (√ of the two turns' ratio, less one) of at
        least γ* — a state that grew 15 % and then 3 % is still building at the pace that counts
        (procurement is lumpy; one slow turn is no halt). `recent`: the arms of the one or two
        turns before, oldest first. In plain floats, state by state: at six states this costs
        less than the dozen numpy calls of the array form, and each number is the array form's
        (the same operations in the same order; math.sqrt is correctly rounded, as np.sqrt)."""
        gamma = self.gamma
        before = recent[-1]
        earlier = recent[0] if len(recent) == 2 else None
        building = []
        for k, m in enumerate(M):
            b = before[k]
            g = (m - b) / (b if b > 1e-9 else 1e-9)
            if g < gamma and earlier is not None:  # not over one turn: over two?
                e = earlier[k]
                g = math.sqrt((m if m > 0.0 else 0.0) / (e if e > 1e-9 else 1e-9)) - 1.0
            building.append(g >= gamma)
        return building

    def _row_of(self, turn: int) -> int:
        """The row of `turn`, or the oldest of the last HISTORY turns if it is older."""
        oldest = max(0, self._rows - HISTORY)
        return oldest + max(0, turn - int(self._turns[oldest]))

    def _window(self, start_turn: int) -> tuple[np.ndarray, np.ndarray]:
        """Arms growth and threat changes from two turns before `start_turn` to now."""
        rows = slice(self._row_of(start_turn - 2), self._rows)
        M = self._M[rows]
        return growth(M[:-1], M[1:]), np.diff(self._threat[rows], axis=0)

    def update(self, frame: DyadFrame) -> list[tuple[str, Episode, str]]:
        """Feed one turn; returns the changes: (what, episode, stage) with what in
        started / stage / ended."""
        changes: list[tuple[str, Episode, str]] = []
        self._remember(frame)
        M = frame.M.tolist()
        recent = self._recent_M
        self._recent_M = [recent[-1], M] if recent else [M]
        if not recent:
            return changes
        building = self._building(M, recent)
        t = frame.turn
        if not self.active and True not in building:
            # Nobody is building (the usual calm turn): every run is broken, nothing can start.
            self._calm_turns += 1  # (added to `below` when it is next read)
            if not self._calm:
                self.streak = np.zeros((self.n, self.n), dtype=int)
                self.stage = np.zeros((self.n, self.n), dtype=int)  # CALM
                self._calm = True
            return changes
        if self._calm_turns:
            self.below += self._calm_turns
            self._calm_turns = 0
        building = np.array(building)
        # Fear is read over two turns: a threat higher than two turns ago has risen, even if one
        # turn of noisy intelligence dipped (a one-turn blip should not break a real spiral).
        rows = self._rows
        earlier_threat = self._threat[rows - 3 if rows >= 3 else rows - 2]
        self._calm = False
        dT = frame.threat - earlier_threat
        afraid = np.greater(dT, self._no_rise)  # [i, j]: i's fear of j rose
        fear = afraid | afraid.T
        # Both building, both alive (a dead state's M is 0: it does not build, but say so).
        live_builders = building & frame.alive
        build_live = live_builders[:, None] & live_builders
        bf = build_live & fear
        streak = self.streak
        streak += self._one
        np.copyto(streak, self._zero, where=~bf)
        self.below += self._one
        np.copyto(self.below, self._zero, where=build_live)
        # Dyads with no episode: calm, or emerging while building and fearing; those with a long
        # enough run are examined below for a new episode, and active episodes one by one.
        self.stage = np.minimum(streak, self._one)  # EMERGING where the run is on, else CALM
        starting = np.greater_equal(streak, self._min_turns)
        starting &= self._not_at_war(frame.war)
        pairs = set(self.active) | {(int(i), int(j)) for i, j in zip(*starting.nonzero())}
        for i, j in sorted(pairs):
            key = (i, j)
            ep = self.active.get(key)
            if ep is None:
                run = int(streak[i, j])
                gw, dTw = self._window(t - run + 1)
                if coupled(gw, dTw, i, j, run=run, gamma=self.gamma):
                    ep = Episode(self.ids[i], self.ids[j], start=t - run + 1)
                    self._note_fear(ep, dTw[-run:], i, j)
                    self.active[key] = ep
                    self.episodes.append(ep)
                    stage = self._stage(frame, ep, i, j)
                    ep.stages.append((t, STAGES[stage]))
                    changes.append(("started", ep, STAGES[stage]))
                    self.stage[i, j] = self.stage[j, i] = stage
                continue
            # An active episode: does it end, or change stage?
            ended_by = None
            if frame.war[i, j]:
                ended_by = "war"
            elif key in frame.arms_control_formed:
                ended_by = "arms_control"
            elif not (frame.alive[i] and frame.alive[j]):
                ended_by = "war"  # states die only by conquest; the war may have begun and ended this turn
            elif self.below[i, j] >= END_AFTER:
                ended_by = "calm"
            if ended_by is not None:
                ep.end = t
                ep.ended_by = ended_by
                if ended_by == "war":
                    ep.stages.append((t, "war"))
                del self.active[key]
                # A new episode needs MIN_TURNS fresh turns: the old run does not restart it.
                self.streak[i, j] = self.streak[j, i] = 0
                self.stage[i, j] = self.stage[j, i] = WAR if ended_by == "war" else CALM
                changes.append(("ended", ep, ended_by))
                continue
            if not ep.mutual:
                self._note_fear(ep, dT[None], i, j)
            stage = self._stage(frame, ep, i, j)
            if STAGES[stage] != ep.stages[-1][1]:
                ep.stages.append((t, STAGES[stage]))
                changes.append(("stage", ep, STAGES[stage]))
            self.stage[i, j] = self.stage[j, i] = stage
        return changes

    def _not_at_war(self, war: np.ndarray) -> np.ndarray:
        """The pairs i < j not at war (read-only; the last one is kept, keyed on `war`'s bytes)."""
        raw = war.tobytes()
        last = self._may_start
        if last is None or last[0] != raw:
            pairs = ~war & upper_pairs(self.n)
            pairs.flags.writeable = False
            self._may_start = last = (raw, pairs)
        return last[1]

    def _note_fear(self, ep: Episode, dT: np.ndarray, i: int, j: int) -> None:
        """Add to `ep.fearing` each side whose fear of the other rose in these threat changes."""
        for a, b in ((i, j), (j, i)):
            if self.ids[a] not in ep.fearing and (dT[:, a, b] > 0).any():
                ep.fearing.append(self.ids[a])
                ep.fearing.sort(key=self.ids.index)

    def _stage(self, frame: DyadFrame, ep: Episode, i: int, j: int) -> int:
        """The stage of an episode between two states not at war (a war ends it)."""
        if frame.rung[i, j] >= 2:
            return CRISIS
        # Fit Richardson's equations to the race itself (from the level the first building turn
        # started from): the calm turns before it follow other dynamics and spoil the fit.
        runaway, fit = richardson_fit(self._M[self._row_of(ep.start - 1):self._rows], i, j)
        if fit:
            ep.richardson = fit
        return RUNAWAY if runaway else SPIRAL

    def close(self, last_turn: int) -> None:
        for ep in self.active.values():
            ep.end = last_turn
            ep.ended_by = "end_of_game"
        self.active.clear()


def find_episodes(frames: list[DyadFrame], ids: tuple[str, ...], threshold: float) -> list[Episode]:
    """Spiral episodes in recorded series (every frame in turn order); the same state machine."""
    tracker = SpiralTracker(ids, threshold)
    for f in frames:
        tracker.update(f)
    episodes = list(tracker.episodes)
    if frames:
        tracker.close(frames[-1].turn)
    return episodes
