"""The world state: numpy arrays per state (length N) and per dyad (N x N).

The state is plain data. Only `rules.resolve_turn` produces a new one (from a copy, or in place: Engine); the engine
owns the current one; views (perception.py) are read-only extracts of it.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from game.scenario.models import Scenario


@dataclass(frozen=True)
class RuleConstants:
    """Numbers of the rules that scenarios do not set. Shown in docs/rules.md."""

    depreciation: float = 0.05  # forces lost to age each turn
    force_per_output: float = 0.3  # force units bought by one unit of output
    growth_drag: float = 0.10  # growth lost per unit of military share (guns, not butter)
    contest_exponent: float = 2.0  # m in the Hirshleifer contest
    defender_offense_weight: float = 0.5  # λ: a defender's offensive forces count this much in defense
    war_output_cost: float = 0.03  # share of output each side loses per war turn
    war_force_loss: float = 0.15  # share of forces at stake in a war turn
    territory_share: float = 0.08  # output ceded by the loser of a war turn
    conquest_output_floor: float = 0.35  # conquered below this share of opening output, when outmatched...
    conquest_force_ratio: float = 0.5  # ... holding less than this share of the conqueror's forces...
    conquest_force_floor: float = 0.5  # ... or, in any case, below this many force units
    annexed_share: float = 0.5  # share of a conquered state's output the conqueror takes
    mobilisation_cost: float = 0.03  # share of output a mobilisation costs
    mobilisation_bonus: float = 0.25  # forces count this much more while mobilised
    mobilisation_turns: int = 3
    pledge_turns: int = 5
    pledge_tolerance: float = 0.02  # arms growth allowed under a pledge
    transparency_turns: int = 5
    arms_control_slack: float = 0.03  # growth over the cap that counts as a violation
    offer_turns: int = 2  # pact and arms-control offers stand this many turns
    call_turns: int = 2  # an ally has this many turns to answer a call to arms
    call_peace_turns: int = 8  # an ally that made peace with an aggressor is not called against it for this many turns
    peace_settlement_share: float = 0.10  # output the side behind in a decisive war cedes at peace
    reputation_recovery: float = 0.02
    leave_pact_reputation: float = 0.15
    back_down_reputation: float = 0.10  # plus the audience cost below if you had threatened
    audience_cost_reputation: float = 0.15
    audience_cost_welfare: float = 0.02  # share of output lost when a pledge or threat is broken
    refuse_call_reputation: float = 0.25
    concession_share: float = 0.02  # output conceded by the side that backs down in a crisis
    accident_base: float = 0.012  # chance per rung of an accidental step up (scaled by tension and Ω)
    border_clash_force_loss: float = 0.03
    second_strike_warheads: float = 10.0  # warheads needed for a survivable second strike
    limited_nuclear_output_loss: float = 0.20  # share of the target's output and forces a limited strike destroys
    general_nuclear_output_loss: float = 0.80  # the same for an all-out strike
    nuclear_welfare_turns: float = 5.0  # the dead and the ruined: welfare lost = output destroyed x this
    min_forces: float = 0.1


RULES = RuleConstants()


# Codes stored in int arrays; names used in events, saves and reports.
WAR_LABELS = ("none", "preventive", "preemptive", "opportunistic", "alliance", "accidental")
RUNG_NAMES = (
    "cooperation",
    "rivalry",
    "threat",
    "mobilisation",
    "border clash",
    "conventional war",
    "limited nuclear use",
    "general nuclear war",
)
NO_TURN = -1


def constant_array(value: float, shape: int | tuple[int, ...]) -> np.ndarray:
    """A read-only array holding `value` everywhere, made once a game: on a world this small,
    numpy's handling of a Python scalar in arithmetic costs more than the arithmetic."""
    arr = np.full(shape, value)
    arr.flags.writeable = False  # shared by every turn of the game
    return arr


def any_true(mask: np.ndarray) -> bool:
    """mask.any() for a bool array, at less than half the cost: whether its bytes hold a 1 (a bool
    array holds 0 or 1). numpy's reductions cost more than the rules that ask on a world this
    small, and the rules ask every turn."""
    return 1 in mask.tobytes()


def all_true(mask: np.ndarray) -> bool:
    """mask.all() for a bool array, likewise: whether none of its bytes is 0."""
    return 0 not in mask.tobytes()


def any_nonzero(values: np.ndarray) -> bool:
    """values.any() for an integer array, likewise: whether any of its bytes is not 0."""
    return values.tobytes() != bytes(values.nbytes)


@lru_cache(maxsize=None)
def _no_turn_bytes(nbytes: int) -> bytes:
    return np.full(nbytes // 8, NO_TURN, dtype=np.int64).tobytes()


def any_turn(turns: np.ndarray) -> bool:
    """(turns != NO_TURN).any() for an int64 array of turns, likewise: whether its bytes are not
    those of an array of NO_TURN."""
    return turns.tobytes() != _no_turn_bytes(turns.nbytes)


@lru_cache(maxsize=None)
def upper_pairs(n: int) -> np.ndarray:
    """(N, N) read-only mask of the pairs i < j: each dyad once (np.triu costs more than the
    rest of a check on a small world)."""
    mask = np.triu(np.ones((n, n), dtype=bool), 1)
    mask.flags.writeable = False
    return mask


@dataclass
class MindSets:
    """How each state reads the others (perception.py). Constant through a game; saved with it."""

    empathy: np.ndarray  # 0..1: how much a rival's arming is read as reaction to one's own
    lam_hostile: np.ndarray  # weight on hostile evidence (>= 1: Jervis's bias)
    lam_benign: np.ndarray  # weight on benign evidence (<= 1)
    forgetting: np.ndarray  # rho: pull of beliefs back toward 50 % each turn
    prior: np.ndarray  # opening P(rival is greedy)
    noise_mult: np.ndarray  # intelligence quality: multiplies σ (difficulty)

    def __post_init__(self) -> None:
        # Column forms used every turn (each observer's row of the belief matrices).
        p = np.clip(self.prior, 1e-6, 1 - 1e-6)
        self.prior_logit_col = np.log(p / (1 - p))[:, None]
        self.lam_hostile_col = self.lam_hostile[:, None]
        self.lam_benign_col = self.lam_benign[:, None]
        self.forgetting_col = self.forgetting[:, None]
        self.memory_col = 1 - self.forgetting_col  # the share of last turn's belief (less its prior) kept
        self.empathy_col = self.empathy[:, None]
        # No observer biased either way (λ⁺ = λ⁻ = 1): evidence is weighed as it stands.
        self.unbiased = bool((self.lam_hostile == 1.0).all() and (self.lam_benign == 1.0).all())


class GameCache:
    """Numbers derived from what stays fixed through a game, or seldom changes, kept because
    computing them on every read costs more than the rules that read them. perception.py and
    view.py fill and read them.

    One per game: build_state makes it and WorldState.copy shares it with every later state.
    Nothing in it goes stale in play, because each entry is keyed on all it is derived from, or
    derived from what never changes in a game:

    - `quality_by_openness`: perception's reading quality (σ, d and the constants that follow),
      keyed on the pattern of who is open to whose inspectors, the world's intelligence
      parameters and the mind-sets' noise: whatever a state's arrays say, the key says which
      entry applies.
    - `quality_stacks`: the readings of that quality with everyone open and with no one open,
      keyed on the world's intelligence parameters and the mind-sets' noise: a new pattern of
      openness takes each pair's readings from them (perception.py).
    - `last_quality`: the bytes of `transparent_until` and the world's key at the last reading,
      the turns through which its pattern of openness holds, and its quality (perception.py).
    - `perception_constants`: the constants of perception's readings as full arrays, for the
      number of states (perception.py).
    - `mind_arrays`: the mind-sets' prior and memory columns, and the same spread over N×N,
      used again while the columns are the same objects (perception.py).
    - `explained`: the bytes of `war` and `pact` at the last observation, where arming is
      explained by them, and whether anywhere (perception.py).
    - `unthreatening`: the bytes of `alive` and `pact` at the last threat reading, and the pairs
      that pose no threat by them (perception.py).
    - `proximity`: exp(−dist/ℓ) for every pair, from the map (`dist`), which no rule changes.
      Code that moves states by hand must start a new game (build_state), not edit `dist`.
    - `belief_probability`: the bytes of the last beliefs read as probabilities, and those
      probabilities (perception.py).
    - `rung_tension`: the bytes of the last rungs and their share of tension (perception.py).
    - `living_pairs`: which pairs of different states are both alive, keyed on `alive`
      (perception.py).
    - `apart_pairs`: the complement of `living_pairs`, keyed the same way (perception.py).
    - `last_pledge`: the last turn any restraint pledge runs to, keyed on `pledge_until`'s bytes
      (economy.py).
    - `open_crises`: the bytes of `rung`, `war` and `alive` at the last crisis phase, and the pairs
      in crisis they leave open to its moves (rules/crises.py).
    - `public_copies`, `public_lists`: the views' read-only copies of the public arrays of the
      last record made — under "map", the map's arrays and their copies (made once a game);
      under "changing", the other arrays, their bytes and copies — and the tuples made of them
      (view.py); a copy is used again only for the same bytes.
    - `private_rows`: every state's private rows as tuples at the last record, with the bytes of
      its estimates and of its seldom-changing rows (view.py); tuples are used again only for the
      same bytes.
    - `visible_tables`: the bytes of the tables of offers and calls at the last record, and each
      viewer's read-only copy of what it may see of them (view.py).
    """

    __slots__ = ("quality_by_openness", "quality_stacks", "last_quality", "perception_constants", "mind_arrays",
                 "explained", "unthreatening", "proximity", "belief_probability", "rung_tension", "living_pairs",
                 "apart_pairs", "last_pledge", "open_crises", "public_copies", "public_lists", "private_rows",
                 "visible_tables")

    def __init__(self) -> None:
        self.quality_by_openness: dict[tuple, Any] = {}
        self.quality_stacks: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self.last_quality: tuple | None = None
        self.perception_constants: Any = None
        self.mind_arrays: tuple[np.ndarray, ...] | None = None
        self.explained: tuple | None = None
        self.unthreatening: tuple | None = None
        self.proximity: np.ndarray | None = None
        self.belief_probability: tuple[bytes, np.ndarray] | None = None
        self.rung_tension: tuple[bytes, np.ndarray] | None = None
        self.living_pairs: dict[bytes, np.ndarray] = {}
        self.apart_pairs: dict[bytes, np.ndarray] = {}
        self.last_pledge: tuple[bytes, int] | None = None
        self.open_crises: tuple[tuple[bytes, ...], list[tuple[int, int]]] | None = None
        self.public_copies: dict[str, tuple] = {}
        self.public_lists: dict[str, tuple] = {}
        self.private_rows: tuple[list[list[tuple]], bytes, bytes] | None = None
        self.visible_tables: tuple[bytes, list[tuple[np.ndarray, ...]]] | None = None


@dataclass
class WorldState:
    # identity (static)
    ids: tuple[str, ...]
    names: tuple[str, ...]
    colors: tuple[str, ...]
    pos: np.ndarray  # (N, 2)
    dist: np.ndarray  # (N, N)
    geo: np.ndarray  # (N, N) terrain factor
    # world parameters (static)
    omega: float
    omega_perceived: float
    distinguishability: float
    intel_noise: float
    ambiguous_posture: float
    spiral_threshold: float
    dilemma: bool
    payoffs: tuple[float, float, float, float]  # R, T, S, P
    dilemma_noise: float
    max_turns: int
    mind: MindSets
    # clock
    turn: int = 0
    # per state
    greedy: np.ndarray = field(default=None)  # hidden type
    alive: np.ndarray = field(default=None)
    Y: np.ndarray = field(default=None)
    Y0: np.ndarray = field(default=None)
    growth: np.ndarray = field(default=None)
    O: np.ndarray = field(default=None)
    D: np.ndarray = field(default=None)
    N: np.ndarray = field(default=None)  # warheads
    s: np.ndarray = field(default=None)  # military share in force
    mu: np.ndarray = field(default=None)  # offensive share of procurement in force
    prev_M: np.ndarray = field(default=None)
    reputation: np.ndarray = field(default=None)
    welfare: np.ndarray = field(default=None)
    mobilised: np.ndarray = field(default=None)  # turns of mobilisation left
    wars_won: np.ndarray = field(default=None)
    wars_lost: np.ndarray = field(default=None)
    conquered_by: np.ndarray = field(default=None)  # index or NO_TURN
    dilemma_score: np.ndarray = field(default=None)
    last_move: np.ndarray = field(default=None)  # -1 none, 0 restrain, 1 arm
    # per dyad
    pact: np.ndarray = field(default=None)  # symmetric bool
    guarantee: np.ndarray = field(default=None)  # [i, j]: i guarantees j
    pact_offer: np.ndarray = field(default=None)  # [i, j]: turn i offered j a pact
    ac_offer: np.ndarray = field(default=None)  # [i, j]: turn i offered j arms control
    peace_offer: np.ndarray = field(default=None)  # [i, j]: turn i offered j peace
    arms_control: np.ndarray = field(default=None)  # symmetric bool
    ac_cap: np.ndarray = field(default=None)  # [i, j]: cap on M_i under the agreement with j
    pledge_until: np.ndarray = field(default=None)  # [i, j]: i pledged restraint to j until turn
    pledge_level: np.ndarray = field(default=None)  # [i, j]: M_i when the pledge was made
    transparent_until: np.ndarray = field(default=None)  # [i, j]: i open to j's inspectors until turn
    threat_made: np.ndarray = field(default=None)  # [i, j]: i stands on a public threat against j
    rung: np.ndarray = field(default=None)  # symmetric int
    crisis_since: np.ndarray = field(default=None)  # symmetric turn
    war: np.ndarray = field(default=None)  # symmetric bool
    war_attacker: np.ndarray = field(default=None)  # [i, j]: i attacked j
    war_start: np.ndarray = field(default=None)  # symmetric turn
    last_peace: np.ndarray = field(default=None)  # symmetric turn the last war between them ended
    broke_faith: np.ndarray = field(default=None)  # [i, j]: last turn i was caught breaking a commitment to j
    war_label: np.ndarray = field(default=None)  # symmetric code in WAR_LABELS
    call_turn: np.ndarray = field(default=None)  # [i, j]: turn i was called to fight j
    call_victim: np.ndarray = field(default=None)  # [i, j]: who called i against j
    # perception: [i, j] is what i believes about j
    noise: np.ndarray = field(default=None)  # persistent intelligence error (log scale)
    M_est: np.ndarray = field(default=None)
    M_est_prev: np.ndarray = field(default=None)
    mu_est: np.ndarray = field(default=None)
    belief: np.ndarray = field(default=None)  # logit P(j greedy) as i's mind-set reads it
    threat: np.ndarray = field(default=None)  # Walt threat i perceives from j
    posture_llr: np.ndarray = field(default=None)  # smoothed posture evidence inside `belief`
    war_net: np.ndarray = field(default=None)  # [i, j]: output i has taken from j in the current war
    nuclear_strike: np.ndarray = field(default=None)  # [i, j]: the turn i last used nuclear weapons on j
    # derived numbers kept for the game, shared by copies (not part of the world: no hash, no save)
    cache: GameCache = field(default_factory=GameCache, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def M(self) -> np.ndarray:
        return self.O + self.D

    def index(self, state_id: str) -> int:
        try:
            return self.ids.index(state_id)
        except ValueError:
            raise KeyError(state_id) from None

    def copy(self) -> "WorldState":
        """A copy whose arrays can be changed; the map (positions, distances, terrain), which
        never changes, is shared."""
        new = object.__new__(WorldState)
        d = self.__dict__
        new.__dict__.update(d)
        new.__dict__.update({name: d[name].copy() for name in _changing_field_names()})
        return new

    def array_fields(self) -> list[tuple[str, np.ndarray]]:
        return [(name, getattr(self, name)) for name in _array_field_names()]

    def digest(self) -> str:
        """A hash of everything that changes in play. Floats are rounded (9 decimals) so a replay
        on another machine, with another maths library, still agrees."""
        floats, others = [], []
        for _, arr in self.array_fields():
            (floats if arr.dtype.kind == "f" else others).append(arr.ravel())
        h = hashlib.sha256(str(self.turn).encode())
        h.update(np.round(np.concatenate(floats), 9).tobytes())
        for arr in others:
            h.update(arr.astype(np.int64, copy=False).tobytes())
        return h.hexdigest()[:32]


@lru_cache(maxsize=1)
def _array_field_names() -> tuple[str, ...]:
    """The fields of WorldState that hold numpy arrays (all but identity and world constants)."""
    scalars = {"ids", "names", "colors", "omega", "omega_perceived", "distinguishability", "intel_noise",
               "ambiguous_posture", "spiral_threshold", "dilemma", "payoffs", "dilemma_noise", "max_turns", "mind",
               "turn", "cache"}
    return tuple(f.name for f in fields(WorldState) if f.name not in scalars)


STATIC_ARRAYS = ("pos", "dist", "geo")


@lru_cache(maxsize=1)
def _changing_field_names() -> tuple[str, ...]:
    return tuple(name for name in _array_field_names() if name not in STATIC_ARRAYS)


def build_state(sc: Scenario, mind: MindSets) -> WorldState:
    n = len(sc.states)
    idx = {s.id: k for k, s in enumerate(sc.states)}
    pos = np.array([s.position for s in sc.states], dtype=float)
    dist = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(-1))
    geo = np.ones((n, n))
    for t in sc.terrain:
        a, b = idx[t.between[0]], idx[t.between[1]]
        geo[a, b] = geo[b, a] = t.factor
    O = np.array([s.offense for s in sc.states], dtype=float)
    D = np.array([s.defense for s in sc.states], dtype=float)
    Y = np.array([s.economy for s in sc.states], dtype=float)
    maintain = RULES.depreciation * (O + D) / (RULES.force_per_output * Y)
    share = np.array(
        [s.military_share if s.military_share is not None else min(0.5, m) for s, m in zip(sc.states, maintain)]
    )
    z = lambda dtype=float: np.zeros((n, n), dtype=dtype)  # noqa: E731
    st = WorldState(
        ids=tuple(s.id for s in sc.states),
        names=tuple(s.name for s in sc.states),
        colors=tuple(s.color for s in sc.states),
        pos=pos,
        dist=dist,
        geo=geo,
        omega=sc.world.offense_defense,
        omega_perceived=sc.world.believed_offense_defense,
        distinguishability=sc.world.distinguishability,
        intel_noise=sc.world.intel_noise,
        ambiguous_posture=sc.world.ambiguous_posture,
        spiral_threshold=sc.world.spiral_threshold,
        dilemma=sc.dilemma is not None,
        payoffs=(
            (sc.dilemma.payoffs.R, sc.dilemma.payoffs.T, sc.dilemma.payoffs.S, sc.dilemma.payoffs.P)
            if sc.dilemma
            else (3.0, 5.0, 0.0, 1.0)
        ),
        dilemma_noise=sc.dilemma.noise if sc.dilemma else 0.0,
        max_turns=sc.scenario.turns,
        mind=mind,
        greedy=np.array([s.type == "greedy" for s in sc.states]),
        alive=np.ones(n, dtype=bool),
        Y=Y,
        Y0=Y.copy(),
        growth=np.array([s.growth for s in sc.states], dtype=float),
        O=O,
        D=D,
        N=np.array([s.warheads for s in sc.states], dtype=float),
        s=share,
        mu=np.where(O + D > 0, O / np.maximum(O + D, 1e-9), 0.5),
        prev_M=O + D,
        reputation=np.ones(n),
        welfare=np.zeros(n),
        mobilised=np.zeros(n, dtype=np.int64),
        wars_won=np.zeros(n, dtype=np.int64),
        wars_lost=np.zeros(n, dtype=np.int64),
        conquered_by=np.full(n, NO_TURN, dtype=np.int64),
        dilemma_score=np.zeros(n),
        last_move=np.full(n, -1, dtype=np.int64),
        pact=z(bool),
        guarantee=z(bool),
        pact_offer=np.full((n, n), NO_TURN, dtype=np.int64),
        ac_offer=np.full((n, n), NO_TURN, dtype=np.int64),
        peace_offer=np.full((n, n), NO_TURN, dtype=np.int64),
        arms_control=z(bool),
        ac_cap=z(),
        pledge_until=np.full((n, n), NO_TURN, dtype=np.int64),
        pledge_level=z(),
        transparent_until=np.full((n, n), NO_TURN, dtype=np.int64),
        threat_made=z(bool),
        rung=np.ones((n, n), dtype=np.int64) - np.eye(n, dtype=np.int64),
        crisis_since=np.full((n, n), NO_TURN, dtype=np.int64),
        war=z(bool),
        war_attacker=z(bool),
        war_start=np.full((n, n), NO_TURN, dtype=np.int64),
        last_peace=np.full((n, n), NO_TURN, dtype=np.int64),
        broke_faith=np.full((n, n), NO_TURN, dtype=np.int64),
        war_label=z(np.int64),
        call_turn=np.full((n, n), NO_TURN, dtype=np.int64),
        call_victim=np.full((n, n), NO_TURN, dtype=np.int64),
        noise=z(),
        M_est=np.tile(O + D, (n, 1)),
        M_est_prev=np.tile(O + D, (n, 1)),
        mu_est=z(),
        belief=np.tile(np.log(mind.prior / (1 - mind.prior))[:, None], (1, n)),
        threat=z(),
        posture_llr=z(),
        war_net=z(),
        nuclear_strike=np.full((n, n), NO_TURN, dtype=np.int64),
    )
    # Everyone starts in plain rivalry (rung 1) unless the scenario says otherwise; allies at 0.
    for a in sc.alliances:
        members = [idx[m] for m in a.members]
        for x in members:
            for y in members:
                if x != y:
                    st.pact[x, y] = True
                    st.rung[x, y] = 0
    for g in sc.guarantees:
        st.guarantee[idx[g.guarantor], idx[g.protege]] = True
    for r in sc.rivalries:
        a, b = idx[r.between[0]], idx[r.between[1]]
        st.rung[a, b] = st.rung[b, a] = r.rung
        if r.rung >= 2:
            st.crisis_since[a, b] = st.crisis_since[b, a] = 0
    np.fill_diagonal(st.belief, 0.0)
    return st


def maintenance_share(M: float, Y: float) -> float:
    """The military share of output that buys back what depreciation takes: forces held level."""
    return float(min(0.5, RULES.depreciation * M / (RULES.force_per_output * max(Y, 1e-9))))
