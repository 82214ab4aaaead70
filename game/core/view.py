"""What one state may know: its own state, the public record, and its own perception of rivals.

A view never holds a rival's hidden type, budget, offensive share, true forces or pending orders.
Public arrays keep the names they have in the world state so the legality checks of rules/legality.py read
either. Arrays are read-only copies.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field, fields
from itertools import compress
from operator import eq, is_, itemgetter, not_

import numpy as np

from game.core.events import Event
from game.core.perception import belief_probability, effective_view_quality
from game.core.state import STATIC_ARRAYS, WorldState


@dataclass(slots=True, eq=False)
class View:
    """Read-only by convention: nothing writes to a view but its own caches of derived values
    (`lists`, `rivals`), and its arrays are read-only copies, none a window on the world's or
    another state's data. Only make_view builds one (a _TurnView), filling its slots directly: the
    first group, in the order below, comes whole from the turn's SharedRecord (_SHARED_FIELDS).
    (A network client rebuilds one by keyword, wire.view_from_json.)"""

    # --- the same in every view of a turn ---
    turn: int
    max_turns: int
    ids: tuple[str, ...]
    names: tuple[str, ...]
    colors: tuple[str, ...]
    # the world as the states believe it to be
    omega: float  # perceived offense–defense balance
    distinguishability: float
    intel_noise: float
    spiral_threshold: float
    dilemma: bool
    payoffs: tuple[float, float, float, float]
    dilemma_noise: float
    # the map
    pos: np.ndarray
    dist: np.ndarray
    geo: np.ndarray
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
    ac_offer: np.ndarray
    arms_control: np.ndarray
    pledge_until: np.ndarray
    transparent_until: np.ndarray
    threat_made: np.ndarray
    rung: np.ndarray
    crisis_since: np.ndarray
    war: np.ndarray
    war_attacker: np.ndarray
    war_start: np.ndarray
    war_label: np.ndarray
    last_peace: np.ndarray
    broke_faith: np.ndarray  # [i, j]: the last turn i was caught breaking a commitment to j (a cap, a pledge)
    nuclear_strike: np.ndarray  # [i, j]: the turn i last used nuclear weapons on j
    # history, one row per resolved turn from turn 0: the public moves of the repeated dilemma
    # (-1 before the first)
    moves: np.ndarray  # (turns + 1, N)
    _public_lists: dict = field(repr=False)  # the public arrays as tuples, shared by the turn's views (`lists`)
    # --- own (private to me) ---
    me: int
    my_type: str
    my_Y: float
    my_growth: float
    my_O: float
    my_D: float
    my_prev_M: float
    my_s: float
    my_mu: float
    my_welfare: float
    events: tuple[Event, ...]  # the public record and my private events, newest last
    seen_M: np.ndarray  # (turns + 1, N): what I saw of everyone's forces each turn (my own column is the truth)
    # --- my perception of each state (my own row; my own entry is the truth) ---
    M_est: np.ndarray
    M_est_prev: np.ndarray
    mu_est: np.ndarray
    error: np.ndarray  # one standard error of M_est, as a share
    distinguishability_seen: np.ndarray  # d toward each state (higher where it is open to me)
    belief: np.ndarray  # P(greedy) as my mind-set reads it (the advisor's reading for a human)
    threat: np.ndarray  # Walt threat I perceive from each
    my_caps: np.ndarray  # [j]: my force cap under an arms-control agreement with j (0 where none)
    # --- the tables of offers and calls, as far as they concern me ---
    pact_offer: np.ndarray  # only offers made by or to me are filled in
    peace_offer: np.ndarray  # only offers made by or to me are filled in
    call_turn: np.ndarray  # only calls to me are filled in
    call_victim: np.ndarray
    # the values derived from the public record, made once a turn for all its views (`shared`)
    _readings: dict = field(default_factory=dict, repr=False)
    # --- made on first use ---
    _lists: dict = field(default_factory=dict, init=False, repr=False)
    _rivals: tuple[int, ...] | None = field(default=None, init=False, repr=False)

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
        out = self._lists.get(name)
        if out is None:  # first asked in this view: made already for another view of the turn?
            out = self._public_lists.get(name)
            if out is None:
                out = self._make_lists(name)
            self._lists[name] = out
        return out

    def _make_lists(self, name: str) -> tuple:
        """The tuples of array `name`, put in the turn's shared cache when the array is public."""
        arr = getattr(self, name)
        out = tuple(arr.tolist()) if arr.ndim == 1 else tuple(map(tuple, arr.tolist()))
        if name in _PUBLIC_SET:
            self._public_lists[name] = out
        return out

    def shared(self, key: tuple, make):
        """`make(self)`, made once a turn for all the turn's views: a value derived only from public
        data every view holds alike (the AI's readings of the public record)."""
        out = self._readings.get(key)
        if out is None:
            out = self._readings[key] = make(self)
        return out

    def rivals(self) -> tuple[int, ...]:
        """Every other state still alive (computed once: a view does not change)."""
        if self._rivals is None:
            me = self.me
            self._rivals = tuple(k for k, alive in enumerate(self.alive.tolist()) if alive and k != me)
        return self._rivals


@dataclass(slots=True, eq=False, init=False)
class _TurnView(View):
    """The View make_view builds: the same data, but its private rows (_FLOAT_ROWS) become arrays
    only when first read as arrays (_RowOnFirstRead). The AI reads them as tuples (`lists`),
    which come filled in, and in batch games never as arrays; eight windows on a copy per view
    cost more than the rest of a view's private part.

    No __init__: make_view sets its slots one by one, the shared ones by unpacking the record's
    tuple (passing sixty-odd values as arguments costs about as much as setting them)."""


class _RowOnFirstRead:
    """A private row of a _TurnView: made at its first read from the view's own tuples, so its
    `base` holds nothing of another state's, read-only like every array of a view, and kept in
    the view's slot for later reads.

    A descriptor on the class and not `__getattr__`: a class with `__getattr__` loses Python's
    fast path for reading every one of its attributes."""

    __slots__ = ("name", "slot")

    def __init__(self, name: str):
        self.name = name
        self.slot = View.__dict__[name]  # the slot's own descriptor, which View keeps

    def __get__(self, view: _TurnView | None, owner: type | None = None):
        if view is None:
            return self
        try:
            return self.slot.__get__(view, owner)
        except AttributeError:  # not read yet
            out = np.array(view._lists[self.name])
            out.setflags(write=False)
            self.slot.__set__(view, out)
            return out


def _own(a: np.ndarray) -> np.ndarray:
    """A read-only copy of one state's private row. Not a window: a window's `base` would lead
    back to every other state's perceptions."""
    out = a.copy()
    out.setflags(False)  # write=False, passed by position: numpy reads a keyword at several times the cost
    return out


_PUBLIC_ARRAYS = (
    "pos", "dist", "geo", "alive", "Y", "N", "reputation", "mobilised", "wars_won", "wars_lost", "conquered_by",
    "dilemma_score", "last_move", "pact", "guarantee", "ac_offer", "arms_control", "pledge_until",
    "transparent_until", "threat_made", "rung", "crisis_since", "war", "war_attacker", "war_start", "war_label",
    "last_peace", "broke_faith", "nuclear_strike",
)
_PUBLIC_SET = frozenset(_PUBLIC_ARRAYS)
# The map comes first among them, and never changes in a game (state.STATIC_ARRAYS).
_STATIC_PUBLIC = _PUBLIC_ARRAYS[: len(STATIC_ARRAYS)]
if set(_STATIC_PUBLIC) != set(STATIC_ARRAYS):
    raise TypeError("_PUBLIC_ARRAYS must begin with the map's arrays (state.STATIC_ARRAYS)")
_CHANGING_PUBLIC = _PUBLIC_ARRAYS[len(STATIC_ARRAYS):]
_STATIC_GETTER = itemgetter(*_STATIC_PUBLIC)
_CHANGING_GETTER = itemgetter(*_CHANGING_PUBLIC)
_CHANGING_INDICES = range(len(_CHANGING_PUBLIC))
# Keys of GameCache.public_copies.
_STATIC_KEY, _CHANGING_KEY = "map", "changing"


# A state's private rows, which its views hold as tuples (SharedRecord.private_rows) and make
# arrays of when first read so (_TurnView). Float rows, each [j] about state j: first those that
# change every turn, then those that seldom do (_private_rows).
_FLOAT_ROWS = ("M_est", "mu_est", "threat", "belief", "M_est_prev", "error", "distinguishability_seen", "my_caps")
_EVERY_TURN = 4  # the first four; M_est_prev follows them
_M_EST, _M_EST_PREV = _FLOAT_ROWS.index("M_est"), _FLOAT_ROWS.index("M_est_prev")
if _M_EST_PREV != _EVERY_TURN:
    raise TypeError("M_est_prev must follow the rows that change every turn (_private_rows)")
for _name in _FLOAT_ROWS:
    setattr(_TurnView, _name, _RowOnFirstRead(_name))
# and the (N, N) tables of offers and calls each state may see: [v] holds the offers made by or
# to v, and the calls to v.
_TABLES = ("pact_offer", "peace_offer", "call_turn", "call_victim")
# A block's rows as a tuple, each row taken by index: iterating or unpacking a numpy array ends
# in an IndexError, whose message alone costs more than taking all the rows.
_TABLE_ROWS = itemgetter(*range(len(_TABLES)))
_TABLE_MASKS: dict[int, np.ndarray] = {}
_FLOAT_ROW_STRUCTS: dict[int, struct.Struct] = {}
# The world's parameters every view repeats (`omega` is the believed balance).
_WORLD_FIELDS = ("turn", "max_turns", "ids", "names", "colors", "omega", "distinguishability", "intel_noise",
                 "spiral_threshold", "dilemma", "payoffs", "dilemma_noise")
# The fields every view of a turn holds alike, in the order of SharedRecord.view_fields: View's
# first fields (the module checks it on import; a test, that make_view sets them so).
_SHARED_FIELDS = _WORLD_FIELDS + _PUBLIC_ARRAYS + ("moves", "_public_lists")
if tuple(f.name for f in fields(View))[: len(_SHARED_FIELDS)] != _SHARED_FIELDS:
    raise TypeError("View's first fields must be those of SharedRecord.view_fields (_SHARED_FIELDS)")
_new_view = object.__new__


def _float_row_struct(n: int) -> struct.Struct:
    """Unpacks one row of n float64 (native, as numpy keeps them) into a tuple of floats."""
    unpacker = _FLOAT_ROW_STRUCTS.get(n)
    if unpacker is None:
        unpacker = _FLOAT_ROW_STRUCTS[n] = struct.Struct(f"{n}d")
    return unpacker


def _table_mask(n: int) -> np.ndarray:
    """(4, N, N, N): [t, v, i, j] is True where viewer v may see entry [i, j] of table t."""
    mask = _TABLE_MASKS.get(n)
    if mask is None:
        v = np.arange(n)
        by_or_to = (v[:, None, None] == v[None, :, None]) | (v[:, None, None] == v[None, None, :])
        to = np.broadcast_to(v[:, None, None] == v[None, :, None], by_or_to.shape)
        mask = _TABLE_MASKS[n] = np.stack([by_or_to, by_or_to, to, to])
    return mask


class SharedRecord:
    """What the views of one turn hold alike, built once a turn by shared_record (views are
    built for every state every turn). Read-only, like the views that share it.

    `view_fields`: the values of View's first fields (world parameters, copies of the public
    arrays, the public moves, the shared cache of public lists), in View's order.
    `private_rows`: [row][state], every state's private rows (_FLOAT_ROWS) as `View.lists` gives
    them (tuples), made for every state at once (_private_rows); a view puts its own in its dict
    of lists, and makes arrays of them only if asked (_TurnView).
    `visible_tables`: [viewer], the tables of offers and calls (_TABLES) as that viewer may see
    them (-1 elsewhere): read-only windows on a block of its own, which its views hold as they
    are (_visible_tables). `readings`: the values the views derive from the public record
    (View.shared), filled by them."""

    __slots__ = ("view_fields", "private_rows", "visible_tables", "readings")

    def __init__(self, view_fields: tuple, private_rows: list[list[tuple]],
                 visible_tables: list[tuple[np.ndarray, ...]]):
        self.view_fields = view_fields
        self.private_rows = private_rows
        self.visible_tables = visible_tables
        self.readings = {}


def _private_rows(st: WorldState, rows: np.ndarray) -> list[list[tuple]]:
    """[row][state]: every state's private rows as tuples, from `rows` ([row, state, j], in
    _FLOAT_ROWS' order, one contiguous block).

    Unpacked row by row as plain floats (numpy's tolist makes a window for every row on the way).
    The first rows change every turn. The others take the tuples of the game's last record again
    where their bytes are the same (unpacking costs several times comparing): the estimates held
    as "previous" are the last record's estimates, and the errors, distinguishabilities and caps
    seldom change."""
    n = rows.shape[1]
    unpack = _float_row_struct(n).iter_unpack
    fresh = list(unpack(rows[:_EVERY_TURN]))  # row-major: row r of state k at r * n + k
    out = [fresh[r * n:(r + 1) * n] for r in range(_EVERY_TURN)]
    raw = rows.tobytes()
    size = len(raw) // len(_FLOAT_ROWS)
    previous, seldom = raw[_M_EST_PREV * size:(_M_EST_PREV + 1) * size], raw[(_M_EST_PREV + 1) * size:]
    last = st.cache.private_rows  # (its output, the bytes of its M_est and of its seldom rows)
    out.append(last[0][_M_EST] if last is not None and previous == last[1] else list(unpack(rows[_M_EST_PREV])))
    if last is not None and seldom == last[2]:  # (most turns)
        out += last[0][_M_EST_PREV + 1:]
    else:
        for r in range(_M_EST_PREV + 1, len(_FLOAT_ROWS)):
            at = slice((r - _M_EST_PREV - 1) * size, (r - _M_EST_PREV) * size)
            same = last is not None and seldom[at] == last[2][at]
            out.append(last[0][r] if same else list(unpack(rows[r])))
    st.cache.private_rows = (out, raw[_M_EST * size:(_M_EST + 1) * size], seldom)
    return out


def shared_record(st: WorldState, moves: np.ndarray | None = None) -> SharedRecord:
    """Everything the views of state `st` share: copies of the public arrays (with `moves`, the
    public history of dilemma moves; the last move alone without it), and every state's private
    rows and visible tables, from which a view takes its own."""
    n = st.n
    sigma, d = effective_view_quality(st)
    rows = np.empty((len(_FLOAT_ROWS), n, n))  # in _FLOAT_ROWS' order
    rows[0] = st.M_est
    rows[1] = st.mu_est
    rows[2] = st.threat
    rows[3] = belief_probability(st)
    rows[4] = st.M_est_prev
    rows[5] = sigma
    rows[6] = d
    np.multiply(st.arms_control, st.ac_cap, out=rows[7])
    # Each state's own entry is the truth about itself (no error, no belief, no cap on itself).
    own_entries = rows.reshape(len(_FLOAT_ROWS), n * n)[:, :: n + 1]  # [row, k]: rows[row, k, k]
    own_entries[0] = st.M
    own_entries[1] = st.mu
    own_entries[4] = st.prev_M
    own_entries[3:8:2] = 0.0  # belief, error and caps (threat and d keep theirs)
    public_copies, public_lists = _public_copies(st)
    view_fields = (
        st.turn, st.max_turns, st.ids, st.names, st.colors, st.omega_perceived, st.distinguishability, st.intel_noise,
        st.spiral_threshold, st.dilemma, st.payoffs, st.dilemma_noise,
        # Copies: a window's `base` would be the world's own (writable) array.
        *public_copies,
        _own(st.last_move[None, :] if moves is None else moves),
        public_lists,  # the public arrays as tuples, made when a view first asks (View.lists)
    )
    return SharedRecord(view_fields, _private_rows(st, rows), _visible_tables(st))


def _public_copies(st: WorldState) -> tuple[tuple[np.ndarray, ...], dict[str, tuple]]:
    """Read-only copies of the public arrays, in _PUBLIC_ARRAYS' order, and the views' shared
    cache of them as tuples (View.lists), holding already those of the arrays unchanged since the
    last record of the game.

    Most public arrays (pacts, wars, offers...) change seldom: an array whose bytes are those of
    its last copy gets that copy again (reading the bytes costs less than copying), and the tuples
    made of it, when a view asked for them (converting costs more still). The map (pos, dist,
    geo) never changes in a game: it is copied once. While the world holds the very arrays of the
    last record (a batch game resolves turns in place), their dtypes and shapes are those of the
    copies; other arrays are checked for them too."""
    cache = st.cache
    world = st.__dict__  # WorldState's fields, read without the attribute lookup's detour through the class
    lists = dict(cache.public_lists)  # less those of the arrays changed, below
    map_arrays = _STATIC_GETTER(world)
    static = cache.public_copies.get(_STATIC_KEY)  # (world arrays, copies) of the map
    if static is None or not all(map(is_, map_arrays, static[0])):
        static = cache.public_copies[_STATIC_KEY] = (map_arrays, tuple(map(_own, map_arrays)))
        for name in _STATIC_PUBLIC:
            lists.pop(name, None)
    arrays = _CHANGING_GETTER(world)
    raws = list(map(np.ndarray.tobytes, arrays))
    last = cache.public_copies.get(_CHANGING_KEY)  # (world arrays, their bytes, copies) of the last record
    if last is None:
        copies, same = [None] * len(arrays), [False] * len(arrays)
    else:
        copies = list(last[2])
        same = list(map(eq, raws, last[1]))
        if not all(map(is_, arrays, last[0])):
            same = [s and arr.dtype == copy.dtype and arr.shape == copy.shape
                    for s, arr, copy in zip(same, arrays, copies)]
    for k in compress(_CHANGING_INDICES, map(not_, same)):
        copies[k] = _own(arrays[k])
        lists.pop(_CHANGING_PUBLIC[k], None)
    cache.public_copies[_CHANGING_KEY] = (arrays, raws, copies)
    cache.public_lists = lists  # filled further by this record's views
    return static[1] + tuple(copies), lists


def _visible_tables(st: WorldState) -> list[tuple[np.ndarray, ...]]:
    """[viewer]: the tables of offers and calls as that viewer may see them, read-only windows on
    a block of its own. Offers and calls change seldom: while the tables' bytes are those of the
    last record of the game, its blocks serve again."""
    tables = [getattr(st, name) for name in _TABLES]
    raw = b"".join([table.tobytes() for table in tables])
    last = st.cache.visible_tables
    if last is not None and last[0] == raw:
        return last[1]
    visible = np.where(_table_mask(st.n), np.array(tables)[:, None], -1).transpose(1, 0, 2, 3)
    per_viewer = [_TABLE_ROWS(_own(block)) for block in visible]  # one copy each: its `base` holds nothing else
    st.cache.visible_tables = (raw, per_viewer)
    return per_viewer


def make_view(st: WorldState, me: int, events: tuple[Event, ...] = (), seen_M: np.ndarray | None = None,
              shared: SharedRecord | None = None) -> View:
    """State `me`'s view of `st`. `shared` (shared_record(st)) is the same for every state's view
    in a turn; a caller building many views passes it in."""
    sh = shared_record(st) if shared is None else shared
    view = _new_view(_TurnView)
    (view.turn, view.max_turns, view.ids, view.names, view.colors, view.omega, view.distinguishability,
     view.intel_noise, view.spiral_threshold, view.dilemma, view.payoffs, view.dilemma_noise,
     view.pos, view.dist, view.geo, view.alive, view.Y, view.N, view.reputation, view.mobilised, view.wars_won,
     view.wars_lost, view.conquered_by, view.dilemma_score, view.last_move, view.pact, view.guarantee,
     view.ac_offer, view.arms_control, view.pledge_until, view.transparent_until, view.threat_made, view.rung,
     view.crisis_since, view.war, view.war_attacker, view.war_start, view.war_label, view.last_peace,
     view.broke_faith, view.nuclear_strike,
     view.moves, view._public_lists) = sh.view_fields  # (_SHARED_FIELDS)
    # A state's own numbers are read from the world each time (a player's own budget shows at once).
    view.me = me
    view.my_type = "greedy" if st.greedy.item(me) else "security_seeker"
    view.my_Y = st.Y.item(me)
    view.my_growth = st.growth.item(me)
    view.my_O = st.O.item(me)
    view.my_D = st.D.item(me)
    view.my_prev_M = st.prev_M.item(me)
    view.my_s = st.s.item(me)
    view.my_mu = st.mu.item(me)
    view.my_welfare = st.welfare.item(me)
    view.events = events
    view.seen_M = _own(seen_M if seen_M is not None else st.M_est[me][None, :])
    view.pact_offer, view.peace_offer, view.call_turn, view.call_victim = sh.visible_tables[me]  # (_TABLES)
    view._readings = sh.readings
    # its own cache of lists, my rows already in (a display of constant keys costs a fifth of
    # dict(zip(...)); a test checks it names the rows right)
    M_est, mu_est, threat, belief, M_est_prev, error, d_seen, my_caps = sh.private_rows
    view._lists = {"M_est": M_est[me], "mu_est": mu_est[me], "threat": threat[me], "belief": belief[me],
                   "M_est_prev": M_est_prev[me], "error": error[me], "distinguishability_seen": d_seen[me],
                   "my_caps": my_caps[me]}
    view._rivals = None
    return view
