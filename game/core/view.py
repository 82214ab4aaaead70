"""What one state may know: its own state, the public record, and its own perception of rivals.

A view never holds a rival's hidden type, budget, offensive share, true forces or pending orders.
Public arrays keep the names they have in the world state so the legality checks of rules/legality.py read
either. Arrays are read-only copies.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core.events import Event
from game.core.perception import effective_view_quality, sigmoid
from game.core.state import WorldState


@dataclass(frozen=True)
class View:
    me: int
    turn: int
    max_turns: int
    ids: tuple[str, ...]
    names: tuple[str, ...]
    colors: tuple[str, ...]
    pos: np.ndarray
    dist: np.ndarray
    geo: np.ndarray
    # the world as this state believes it to be
    omega: float  # perceived offense–defense balance
    distinguishability: float
    intel_noise: float
    spiral_threshold: float
    dilemma: bool
    payoffs: tuple[float, float, float, float]
    dilemma_noise: float
    # own (private to me)
    my_type: str
    my_Y: float
    my_growth: float
    my_O: float
    my_D: float
    my_prev_M: float
    my_s: float
    my_mu: float
    my_welfare: float
    my_caps: np.ndarray  # [j]: my force cap under an arms-control agreement with j (0 where none)
    # public, per state
    alive: np.ndarray
    Y: np.ndarray
    N: np.ndarray  # warheads (arsenals are public knowledge)
    reputation: np.ndarray
    mobilised: np.ndarray
    wars_won: np.ndarray
    wars_lost: np.ndarray
    conquered_by: np.ndarray
    dilemma_score: np.ndarray
    last_move: np.ndarray
    # public, per dyad
    pact: np.ndarray
    guarantee: np.ndarray
    pact_offer: np.ndarray  # only offers made by or to me are filled in
    ac_offer: np.ndarray
    peace_offer: np.ndarray  # only offers made by or to me are filled in
    arms_control: np.ndarray
    pledge_until: np.ndarray
    transparent_until: np.ndarray
    threat_made: np.ndarray
    rung: np.ndarray
    crisis_since: np.ndarray
    war: np.ndarray
    war_attacker: np.ndarray
    war_start: np.ndarray
    last_peace: np.ndarray
    nuclear_strike: np.ndarray
    war_label: np.ndarray
    call_turn: np.ndarray  # only calls to me are filled in
    call_victim: np.ndarray
    # my perception of each state (my own row; my own entry is the truth)
    M_est: np.ndarray
    M_est_prev: np.ndarray
    mu_est: np.ndarray
    error: np.ndarray  # one standard error of M_est, as a share
    distinguishability_seen: np.ndarray  # d toward each state (higher where it is open to me)
    belief: np.ndarray  # P(greedy) as my mind-set reads it (the advisor's reading for a human)
    threat: np.ndarray  # Walt threat I perceive from each
    # the public record and my private events, newest last
    events: tuple[Event, ...] = ()
    # history, one row per resolved turn from turn 0: what I saw of everyone's forces (my own
    # column is the truth), and the public moves of the repeated dilemma (-1 before the first)
    seen_M: np.ndarray = None  # (turns + 1, N)
    moves: np.ndarray = None  # (turns + 1, N)

    # The same names the legality checks read on the world state.
    @property
    def O(self) -> np.ndarray:  # noqa: N802 - mirrors WorldState
        out = np.zeros(len(self.ids))
        out[self.me] = self.my_O
        return out

    @property
    def D(self) -> np.ndarray:  # noqa: N802
        out = np.zeros(len(self.ids))
        out[self.me] = self.my_D
        return out

    @property
    def s(self) -> np.ndarray:
        out = np.zeros(len(self.ids))
        out[self.me] = self.my_s
        return out

    @property
    def mu(self) -> np.ndarray:
        out = np.zeros(len(self.ids))
        out[self.me] = self.my_mu
        return out

    @property
    def my_id(self) -> str:
        return self.ids[self.me]

    @property
    def my_M(self) -> float:
        return self.my_O + self.my_D

    @property
    def n(self) -> int:
        return len(self.ids)

    def index(self, state_id: str) -> int:
        return self.ids.index(state_id)

    def lists(self, name: str) -> tuple:
        """The array `name` as plain Python tuples (of tuples, for a table), made once: the AI
        reads single entries of these small arrays many times, and a tuple entry costs a
        fraction of a numpy one. Public arrays' are made once a turn for every view."""
        d = self.__dict__
        cache = d.get("_public_lists") if name in _PUBLIC_SET else None
        if cache is None:
            cache = d.get("_lists")
            if cache is None:
                cache = {}
                object.__setattr__(self, "_lists", cache)
        out = cache.get(name)
        if out is None:
            arr = getattr(self, name)
            out = cache[name] = tuple(arr.tolist()) if arr.ndim == 1 else tuple(map(tuple, arr.tolist()))
        return out

    def rivals(self) -> tuple[int, ...]:
        """Every other state still alive (computed once: views are immutable)."""
        cached = self.__dict__.get("_rivals")
        if cached is None:
            me = self.me
            cached = tuple(k for k, alive in enumerate(self.alive.tolist()) if alive and k != me)
            object.__setattr__(self, "_rivals", cached)
        return cached


def _own(a: np.ndarray) -> np.ndarray:
    """A read-only copy of one state's private row. Not a window: a window's `base` would lead
    back to every other state's perceptions."""
    out = a.copy()
    out.setflags(write=False)
    return out


_PUBLIC_ARRAYS = (
    "pos", "dist", "geo", "alive", "Y", "N", "reputation", "mobilised", "wars_won", "wars_lost", "conquered_by",
    "dilemma_score", "last_move", "pact", "guarantee", "ac_offer", "arms_control", "pledge_until",
    "transparent_until", "threat_made", "rung", "crisis_since", "war", "war_attacker", "war_start", "war_label",
    "last_peace", "nuclear_strike",
)
_PUBLIC_SET = frozenset(_PUBLIC_ARRAYS)


# A state's private rows, gathered in one block per state so that a view copies one array, not a
# dozen (views are built for every state every turn). Float rows, each [j] about state j:
_FLOAT_ROWS = ("M_est", "M_est_prev", "mu_est", "error", "distinguishability_seen", "belief", "threat", "my_caps")
# and the (N, N) tables of offers and calls each state may see: [v] holds the offers made by or
# to v, and the calls to v.
_TABLES = ("pact_offer", "peace_offer", "call_turn", "call_victim")
_TABLE_MASKS: dict[int, np.ndarray] = {}


def _table_mask(n: int) -> np.ndarray:
    """(4, N, N, N): [t, v, i, j] is True where viewer v may see entry [i, j] of table t."""
    mask = _TABLE_MASKS.get(n)
    if mask is None:
        v = np.arange(n)
        by_or_to = (v[:, None, None] == v[None, :, None]) | (v[:, None, None] == v[None, None, :])
        to = np.broadcast_to(v[:, None, None] == v[None, :, None], by_or_to.shape)
        mask = _TABLE_MASKS[n] = np.stack([by_or_to, by_or_to, to, to])
    return mask


def shared_record(st: WorldState, moves: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Everything the views of one turn share, built once: copies of the public arrays (with
    `moves`, the public history of dilemma moves), and every state's private block, from which a
    view copies its own."""
    # Copies, once a turn: a window's `base` would be the world's own (writable) array.
    out = {name: _own(getattr(st, name)) for name in _PUBLIC_ARRAYS}
    n = st.n
    sigma, d = effective_view_quality(st)
    rows = np.empty((len(_FLOAT_ROWS), n, n))
    rows[0] = st.M_est
    rows[1] = st.M_est_prev
    rows[2] = st.mu_est
    rows[3] = sigma
    rows[4] = d
    rows[5] = sigmoid(st.belief)
    rows[6] = st.threat
    np.multiply(st.arms_control, st.ac_cap, out=rows[7])
    # Each state's own entry is the truth about itself (no error, no belief, no cap on itself).
    k = np.arange(n)
    rows[0, k, k] = st.M
    rows[1, k, k] = st.prev_M
    rows[2, k, k] = st.mu
    rows[3:8:2, k, k] = 0.0  # error, belief and caps (d and threat keep theirs)
    out["_private"] = rows.transpose(1, 0, 2)  # [state, row, j]
    tables = np.stack([st.pact_offer, st.peace_offer, st.call_turn, st.call_victim])
    out["_tables"] = np.where(_table_mask(n), tables[:, None], -1).transpose(1, 0, 2, 3)  # [viewer, table, i, j]
    # What every view of the turn holds alike, ready to be copied into each in one step.
    common = {name: out[name] for name in _PUBLIC_ARRAYS}
    common.update(
        turn=st.turn, max_turns=st.max_turns, ids=st.ids, names=st.names, colors=st.colors,
        omega=st.omega_perceived, distinguishability=st.distinguishability, intel_noise=st.intel_noise,
        spiral_threshold=st.spiral_threshold, dilemma=st.dilemma, payoffs=st.payoffs, dilemma_noise=st.dilemma_noise,
        moves=_own(st.last_move[None, :] if moves is None else moves),
        _public_lists={},  # the public arrays as tuples, made when a view first asks (View.lists)
    )
    out["_common"] = common
    return out


def make_view(st: WorldState, me: int, events: tuple[Event, ...] = (), seen_M: np.ndarray | None = None,
              moves: np.ndarray | None = None, shared: dict[str, np.ndarray] | None = None) -> View:
    """`shared` (shared_record(st)) is the same for every state's view in a turn; a caller
    building many views passes it in."""
    sh = shared_record(st) if shared is None else shared
    # Filled in directly rather than through the dataclass's __init__: one dict update instead of
    # sixty-odd frozen-attribute writes (views are built for every state every turn).
    view = object.__new__(View)
    fields = view.__dict__
    fields.update(sh["_common"])
    # A state's own numbers are read from the world each time (a player's own budget shows at once).
    fields.update(
        me=me, my_type="greedy" if st.greedy[me] else "security_seeker", my_Y=float(st.Y[me]),
        my_growth=float(st.growth[me]), my_O=float(st.O[me]), my_D=float(st.D[me]), my_prev_M=float(st.prev_M[me]),
        my_s=float(st.s[me]), my_mu=float(st.mu[me]), my_welfare=float(st.welfare[me]), events=events,
        seen_M=_own(seen_M if seen_M is not None else st.M_est[me][None, :]),
    )
    if moves is not None:
        fields["moves"] = _own(moves)
    fields.update(zip(_FLOAT_ROWS, _own(sh["_private"][me])))  # one copy of my rows: its `base` holds nothing else
    fields.update(zip(_TABLES, _own(sh["_tables"][me])))
    return view
