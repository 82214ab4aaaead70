"""What each state observes of the others, what it comes to believe, and how threatened it feels.

Observation (DESIGN.md §4.1): forces are seen as `M̂_ij = M_j·exp(η_ij)` where the intelligence
error η is persistent (an AR(1) process: an agency misjudges a country consistently, so growth is
read better than levels); offensive share as `μ̂_ij = d·μ_j + (1−d)·μ_amb + noise` — when forces
cannot be told apart (low d) every buildup looks like the ambiguous, offense-capable posture.

Belief (Kydd's Bayesian logic with Jervis's biases, §4.2) is kept here, in the core, rather than in
the AI package: it is a deterministic function of each state's observations and its *mind-set*
(empathy, bias, memory, prior, intelligence quality), so it is part of the world state, lands in
the state hash, replays and saves without any AI code, and gives human players the same
"advisor" reading the AI uses (a neutral mind-set). AI doctrines choose their mind-set.

Threat (Walt, §4.3): `T_ij = π_ij · (M̂_j/M_i) · exp(−dist_ij/ℓ) · (1 + c·Ω̃·μ̂_ij·M̂_j/D_i)`, zero
for allies. Ω̃ is the *perceived* offense–defense balance.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import is_
from typing import Any, Callable, Sequence

import numpy as np

from game.core.state import RULES, MindSets, WorldState, any_true, constant_array

NOISE_PERSISTENCE = 0.95  # φ of the AR(1) intelligence error
OPEN_PERSISTENCE = 0.3  # φ while the observed state is open to inspection
TRANSPARENT_NOISE = 0.3  # σ multiplier while the observed state is open to inspection
TRANSPARENT_D = 0.95  # distinguishability while open to inspection
POSTURE_NOISE = 0.5  # posture reading noise, as a multiple of σ
THREAT_RANGE = 0.5  # ℓ: how fast threat fades with distance (map units)
THREAT_OFFENSE_WEIGHT = 0.5  # c
BELIEF_LIMIT = 4.0  # beliefs are kept within logit ±4 (1.8 % .. 98.2 %): never certain


@dataclass(frozen=True)
class LikelihoodModel:
    """What each type is expected to do; the evidence is weighed against these expectations."""

    greedy_extra_growth: float = 0.04  # greedy states build this much faster per turn
    behaviour_sd: float = 0.05
    growth_cap: float = 0.4  # one turn of growth evidence moves a belief at most this far (logit)
    mu_security: float = 0.35  # typical offensive share of a security seeker
    mu_greedy: float = 0.65
    mu_sd: float = 0.12
    posture_memory: float = 0.7  # posture evidence is a level, smoothed, not accumulated
    posture_cap: float = 2.0
    burden_normal: float = 0.10  # military share a security seeker sustains in peacetime
    burden_scale: float = 0.08  # each this much more is one unit of evidence of greed
    burden_range: tuple[float, float] = (0.0, 1.5)  # a light burden proves nothing: one-sided


LIKELIHOOD = LikelihoodModel()


@dataclass(frozen=True)
class MindSet:
    """How one state reads the others. The neutral ADVISOR is what a human player's advisor uses."""

    empathy: float = 0.5  # how much of a rival's arming is read as a reaction to one's own
    lam_hostile: float = 1.0  # ≥ 1: hostile evidence weighs more (Jervis)
    lam_benign: float = 1.0  # ≤ 1: benign evidence weighs less
    forgetting: float = 0.05  # pull back toward the prior each turn
    prior: float = 0.3  # opening P(rival is greedy)
    noise_mult: float = 1.0  # intelligence quality (difficulty): multiplies σ

    def as_dict(self) -> dict[str, float]:
        return {k: float(getattr(self, k)) for k in self.__dataclass_fields__}


ADVISOR = MindSet()

DIFFICULTY_NOISE = {"easy": 1.6, "normal": 1.0, "hard": 0.6}


def stack_mindsets(minds: list[MindSet]) -> MindSets:
    arr = lambda name: np.array([getattr(m, name) for m in minds], dtype=float)  # noqa: E731
    return MindSets(
        empathy=arr("empathy"),
        lam_hostile=arr("lam_hostile"),
        lam_benign=arr("lam_benign"),
        forgetting=arr("forgetting"),
        prior=np.clip(arr("prior"), 0.01, 0.99),
        noise_mult=arr("noise_mult"),
    )


def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class _Quality:
    """How well each observer sees each state this turn, and the constants of this turn's
    readings that follow from it. It changes only when someone opens to inspection or closes
    again, so it is computed once per pattern of openness and kept for the game."""

    open_to: np.ndarray  # [i, j]: j is open to i's inspectors
    any_open: bool
    phi: np.ndarray | float  # persistence of each standing error
    sigma: np.ndarray  # σ_ij
    d: np.ndarray  # d_ij
    innovation: np.ndarray  # √(1−φ²)·σ: the spread of this turn's fresh error
    posture_sd: np.ndarray
    blur: np.ndarray  # (1 − d)·μ_amb: how far every reading drifts to the ambiguous posture
    e_sec: np.ndarray  # expected reading of a security seeker's posture
    e_greedy: np.ndarray
    two_var_mu: np.ndarray
    two_var_g: np.ndarray  # twice the variance of one turn's growth reading


def _quality(st: WorldState) -> _Quality:
    # Kept for the game (GameCache): the key holds everything the quality is computed from. The
    # last one is at hand without working out the pattern, for as long as the same openings last.
    world = (st.intel_noise, st.distinguishability, st.ambiguous_posture, st.mind.noise_mult.tobytes())
    until = st.transparent_until
    raw = until.tobytes()
    turn = st.turn
    last = st.cache.last_quality
    if last is not None and last[0] == raw and last[1] == world and last[2] <= turn <= last[3]:
        return last[4]
    open_now = until >= turn
    open_to = open_now.T
    key = (open_to.tobytes(),) + world
    by_openness = st.cache.quality_by_openness
    q = by_openness.get(key)
    if q is None:
        if open_to.any():
            q = _mixed_quality(st, open_to, world)
        else:
            q = _Quality(open_to, False, NOISE_PERSISTENCE, *_readings(st, open_to, False))
        for arr in (q.sigma, q.d):
            arr.flags.writeable = False  # shared by every turn with this pattern
        by_openness[key] = q
    # The pattern holds until the first turn at which an opening lapses.
    lapse = int(until[open_now].min()) if q.any_open else _NEVER
    st.cache.last_quality = (raw, world, turn, lapse, q)
    return q


_NEVER = 2**62


def _mixed_quality(st: WorldState, open_to: np.ndarray, world: tuple) -> _Quality:
    """The quality for a pattern with someone open. Every reading is the same function of each
    pair's openness alone, so it is taken pair by pair from two stacks of readings worked out once
    a game — everyone open, no one open (the formulas of a pattern with someone open) — in one
    np.where instead of a score of array operations for each new pattern (transparency comes and
    goes: a game meets dozens of patterns)."""
    stacks = st.cache.quality_stacks.get(world)
    if stacks is None:
        everyone = np.ones((st.n, st.n), dtype=bool)
        stacks = (np.stack(_readings(st, everyone, True)), np.stack(_readings(st, ~everyone, True)))
        st.cache.quality_stacks[world] = stacks
    fields = np.where(open_to, *stacks)
    return _Quality(open_to, True, *fields)


def _readings(st: WorldState, open_to: np.ndarray, any_open: bool) -> tuple:
    """phi (the float NOISE_PERSISTENCE when no one is open: not returned then), then σ, d,
    innovation, posture_sd, blur, e_sec, e_greedy, two_var_mu, two_var_g (the order of _Quality)."""
    lk = LIKELIHOOD
    base = st.intel_noise * st.mind.noise_mult[:, None]
    sigma = np.where(open_to, base * TRANSPARENT_NOISE, base)
    d = np.where(open_to, max(st.distinguishability, TRANSPARENT_D), st.distinguishability)
    if any_open:
        phi = np.where(open_to, OPEN_PERSISTENCE, NOISE_PERSISTENCE)
        innovation = np.sqrt(1 - phi**2) * sigma
    else:
        innovation = _INNOVATION * sigma
    m_amb = st.ambiguous_posture
    posture_sd = POSTURE_NOISE * sigma
    readings = (sigma, d, innovation, posture_sd, (1 - d) * m_amb,
                d * lk.mu_security + (1 - d) * m_amb, d * lk.mu_greedy + (1 - d) * m_amb,
                2 * ((d * lk.mu_sd) ** 2 + posture_sd**2 + 1e-6),
                2 * (lk.behaviour_sd**2 + 2 * (1 - NOISE_PERSISTENCE) * sigma**2))
    return (phi,) + readings if any_open else readings


def effective_view_quality(st: WorldState) -> tuple[np.ndarray, np.ndarray]:
    """(σ_ij, d_ij): intelligence noise and distinguishability for observer i looking at j
    (read-only: kept for the game, one pair per pattern of openness)."""
    q = _quality(st)
    return q.sigma, q.d


@dataclass(frozen=True)
class _Constants:
    """The constants of a turn's readings as full arrays, N×N or N (read-only), made once a game:
    at six states numpy's handling of a Python scalar, or of an (N, 1) column broadcast over a
    row, costs more than the arithmetic. The same numbers, so the same results."""

    n: int
    zero: np.ndarray
    one: np.ndarray
    persistence: np.ndarray  # NOISE_PERSISTENCE
    two: np.ndarray
    half: np.ndarray
    threat_tension: np.ndarray  # the share of tension mutual threat can make: 0.6
    extra_growth: np.ndarray  # LIKELIHOOD.greedy_extra_growth
    posture_memory: np.ndarray
    posture_weight: np.ndarray  # 1 − posture_memory
    depreciation: np.ndarray
    burden_normal: np.ndarray
    burden_scale: np.ndarray
    bounds: dict[str, tuple[np.ndarray, np.ndarray]]  # the clips: mu, posture, burden, growth, belief
    tiny_n: np.ndarray  # 1e-9
    zero_n: np.ndarray
    force_per_output_n: np.ndarray
    min_forces_n: np.ndarray  # RULES_MIN


def _constants(st: WorldState) -> _Constants:
    c = st.cache.perception_constants
    if c is None or c.n != st.n:
        n, lk = st.n, LIKELIHOOD

        def full(value: float, shape: tuple[int, ...] = (n, n)) -> np.ndarray:
            return constant_array(value, shape)

        c = _Constants(
            n=n, zero=full(0.0), one=full(1.0), persistence=full(NOISE_PERSISTENCE), two=full(2.0),
            half=full(0.5), threat_tension=full(0.6),
            extra_growth=full(lk.greedy_extra_growth), posture_memory=full(lk.posture_memory),
            posture_weight=full(1 - lk.posture_memory), depreciation=full(RULES.depreciation),
            burden_normal=full(lk.burden_normal), burden_scale=full(lk.burden_scale),
            bounds={"mu": (full(0.0), full(1.0)), "posture": (full(-lk.posture_cap), full(lk.posture_cap)),
                    "burden": tuple(full(b) for b in lk.burden_range),
                    "growth": (full(-lk.growth_cap), full(lk.growth_cap)),
                    "belief": (full(-BELIEF_LIMIT), full(BELIEF_LIMIT))},
            tiny_n=full(1e-9, (n,)), zero_n=full(0.0, (n,)), force_per_output_n=full(RULES.force_per_output, (n,)),
            min_forces_n=full(RULES_MIN, (n,)),
        )
        st.cache.perception_constants = c
    return c


def _clip(x: np.ndarray, lo, hi) -> np.ndarray:
    """np.clip in place, without its Python-level overhead (this runs a dozen times a turn); the
    bounds are numbers or arrays of them (_Constants.bounds)."""
    np.maximum(x, lo, out=x)
    np.minimum(x, hi, out=x)
    return x


def belief_probability(st: WorldState) -> np.ndarray:
    """sigmoid(st.belief): P(j greedy) as i reads it (read-only). The threat, the series and the
    views each read it from the same beliefs every turn: it is computed once for each set of
    beliefs (the last one is kept, keyed on its bytes)."""
    raw = st.belief.tobytes()
    last = st.cache.belief_probability
    if last is not None and last[0] == raw:
        return last[1]
    p = sigmoid(st.belief)
    p.flags.writeable = False
    st.cache.belief_probability = (raw, p)
    return p


def living_pairs(st: WorldState) -> np.ndarray:
    """[i, j]: i and j are two different states, both alive (read-only). Made once for each set
    of survivors in a game: it changes only at a conquest, and three readings a turn use it."""
    key = st.alive.tobytes()
    pairs = st.cache.living_pairs.get(key)
    if pairs is None:
        pairs = st.alive[:, None] & st.alive[None, :]
        pairs.flat[:: st.n + 1] = False
        pairs.flags.writeable = False
        st.cache.living_pairs[key] = pairs
    return pairs


def proximity(st: WorldState) -> np.ndarray:
    """exp(−dist/ℓ) for every pair: the map never changes, so it is computed once a game."""
    cache = st.cache
    if cache.proximity is None:
        cache.proximity = np.exp(-st.dist / THREAT_RANGE)
        cache.proximity.flags.writeable = False  # shared by every state of the game
    return cache.proximity


def observe(states: Sequence[WorldState], rngs: Sequence[np.random.Generator], act_llrs: Sequence[np.ndarray],
            evidence_wanted: bool = True) -> list[np.ndarray | None]:
    """Update every state's observations, beliefs and threat, in each of several games at once
    (the games of an experiment advance together: at six states, one array operation on all the
    games costs little more than on one); return each game's evidence this turn (log-likelihood
    ratio greedy : security seeker, [i, j] about j as seen by i) for the events, unless it is not
    wanted (batch runs write no intelligence reports).

    Each game draws its own random numbers from its own generator (`rngs`, one per game) and is
    worked out in the same operations, in the same order, as it would be alone: a game's world
    does not depend on which games advanced with it. `act_llrs`: each game's evidence of this
    turn's public acts."""
    sizes = {st.n for st in states}
    if len(sizes) > 1:  # games of different sizes do not stack: each size apart
        out: list[np.ndarray | None] = [None] * len(states)
        for n in sizes:
            ks = [k for k, st in enumerate(states) if st.n == n]
            for k, ev in zip(ks, observe([states[k] for k in ks], [rngs[k] for k in ks],
                                         [act_llrs[k] for k in ks], evidence_wanted)):
                out[k] = ev
        return out
    n = states[0].n
    c = _constants(states[0])
    q = _cached("quality", [_quality(st) for st in states], _QualityStack)
    mind = _cached("minds", [st.mind for st in states], _MindStack)
    explained, any_explained = _cached("explained", [_explained(st)[0] for st in states],
                                       lambda masks: (_stack(masks), any(map(any_true, masks))))
    alive_pair = _cached("living_pairs", [living_pairs(st) for st in states], _stack)
    eps = _stacked([rng.standard_normal((2, n, n)) for rng in rngs])
    eps_error, eps_posture = eps[:, 0], eps[:, 1]
    # Inspectors replace the standing error quickly: an open state's error decays fast toward
    # the small error of inspection, instead of lingering at the agency's usual persistence.
    old_noise = _stacked([st.noise for st in states])
    noise = q.phi * old_noise
    noise += q.innovation * eps_error
    O, D = _stacked([st.O for st in states]), _stacked([st.D for st in states])
    M = O + D
    M_est = np.exp(noise)
    M_est *= M[:, None, :]
    # A state at war arms because it is at war: its buildup says nothing about its type (its
    # attack, if it attacked, was evidence enough). Nor does an ally's: partners arm against a
    # common threat, and are read in that light.
    mu_est = np.empty_like(M_est)
    llr_level = _posture_evidence(mu_est, q.d, _stacked([st.mu for st in states]), q.blur, q.posture_sd, eps_posture,
                                  q.e_sec, q.e_greedy, q.two_var_mu, c)
    Y = _stacked([st.Y for st in states])
    llr_level += _burden_evidence(M_est, Y, explained if any_explained else None, c)

    # Growth evidence. What is seen is the true growth plus the change in the agency's error;
    # what a security seeker would do is a reaction to my own arming, as far as my empathy lets
    # me see it; a greedy state builds more on top.
    prev_M = _stacked([st.prev_M for st in states])
    own_growth = np.log(np.maximum(M, c.tiny_n) / np.maximum(prev_M, c.tiny_n))
    seen_growth = noise - old_noise
    seen_growth += own_growth[:, None, :]
    if q.any_open:
        # Inspectors report the change itself: the correction of an old misjudgement is not growth.
        seen_growth = np.where(q.open_to, own_growth[:, None, :] + q.sigma * eps_error, seen_growth)
    g_sec = mind.empathy * np.maximum(own_growth, c.zero_n)[:, :, None]
    extra = c.extra_growth
    # ((x − g_s)² − (x − g_s − Δ)²) / 2v  =  Δ(2(x − g_s) − Δ) / 2v, worked out in place
    llr_growth = seen_growth
    llr_growth -= g_sec
    llr_growth *= c.two
    llr_growth -= extra
    llr_growth *= extra
    llr_growth /= q.two_var_g
    # One turn of intelligence is a weak, noisy witness: cap what it can prove on its own.
    _clip(llr_growth, *c.bounds["growth"])
    if any_explained:
        np.minimum(llr_growth, c.zero, out=llr_growth, where=explained)

    evidence = llr_growth
    evidence += _stacked(act_llrs)
    # belief = accumulated evidence (with memory) + the smoothed posture reading
    old_belief = _stacked([st.belief for st in states])
    posture_llr = _stacked([st.posture_llr for st in states])
    belief = _accumulate_evidence(old_belief - posture_llr, mind.prior, mind.memory, mind.weigh(evidence))
    posture_llr *= c.posture_memory
    posture_llr += c.posture_weight * mind.weigh(llr_level)
    belief += posture_llr
    _clip(belief, *c.bounds["belief"])
    np.copyto(old_belief, belief, where=alive_pair)  # a state's belief about itself stays 0
    belief = old_belief
    pi = sigmoid(belief)
    pi.flags.writeable = False
    weight = np.array([THREAT_OFFENSE_WEIGHT * st.omega_perceived for st in states])[:, None, None]
    threat = _threat(pi, M, D, weight, mu_est, M_est, _cached("proximity", [proximity(st) for st in states], _stack),
                     _cached("unthreatening", [_unthreatening(st) for st in states], _stack), c)
    for k, st in enumerate(states):
        st.noise = noise[k]
        # Last turn's readings become the previous ones.
        st.M_est_prev, st.M_est = st.M_est, M_est[k]
        st.mu_est, st.belief, st.posture_llr, st.threat = mu_est[k], belief[k], posture_llr[k], threat[k]
        st.cache.belief_probability = (st.belief.tobytes(), pi[k])  # (belief_probability's cache)
    if not evidence_wanted:
        return [None] * len(states)
    return list(np.where(alive_pair, evidence + llr_level, 0.0))


# Stacks of per-game arrays that change seldom (a game's quality of intelligence, its mind-sets,
# its masks), made again only when some game's array is another object than at the last call:
# {purpose: (the games' objects, the stack)}. Entries hold their objects, so an object's identity
# cannot pass to a new one while its entry stands.
_STACKS: dict[str, tuple[tuple, Any]] = {}


def _cached(purpose: str, objects: list, make: Callable[[list], Any]) -> Any:
    """make(objects), or the last one made for `purpose` if it was made of these very objects."""
    last = _STACKS.get(purpose)
    if last is not None and len(last[0]) == len(objects) and all(map(is_, objects, last[0])):
        return last[1]
    value = make(objects)
    _STACKS[purpose] = (tuple(objects), value)
    return value


def _stacked(arrays: list[np.ndarray]) -> np.ndarray:
    """The games' arrays one above the other: for one game, a window on its own array (the
    arrays observe changes in place, beliefs and posture evidence, it was to change anyway)."""
    return arrays[0][None] if len(arrays) == 1 else np.array(arrays)


def _stack(arrays: list[np.ndarray]) -> np.ndarray:
    """The arrays one above the other (read-only)."""
    out = np.array(arrays)
    out.flags.writeable = False
    return out


class _QualityStack:
    """Several games' qualities of intelligence (_Quality), each field one above the other."""

    def __init__(self, qualities: list[_Quality]):
        self.any_open = any(q.any_open for q in qualities)
        persistence = constant_array(NOISE_PERSISTENCE, qualities[0].sigma.shape)  # φ where no one is open
        self.phi = _stack([q.phi if q.any_open else persistence for q in qualities])
        for name in ("open_to", "sigma", "d", "innovation", "posture_sd", "blur", "e_sec", "e_greedy", "two_var_mu",
                     "two_var_g"):
            setattr(self, name, _stack([getattr(q, name) for q in qualities]))


class _MindStack:
    """Several games' mind-sets as the belief update reads them, one above the other."""

    def __init__(self, minds: list[MindSets]):
        shape = (len(minds[0].prior),) * 2
        self.prior = _stack([np.broadcast_to(m.prior_logit_col, shape) for m in minds])  # as _mind_arrays spreads them
        self.memory = _stack([np.broadcast_to(m.memory_col, shape) for m in minds])
        self.empathy = _stack([m.empathy_col for m in minds])
        self.unbiased = all(m.unbiased for m in minds)
        self.lam_hostile = _stack([m.lam_hostile_col for m in minds])
        self.lam_benign = _stack([m.lam_benign_col for m in minds])

    def weigh(self, evidence: np.ndarray) -> np.ndarray:
        """_weigh for every game (an unbiased observer's λ is 1, and 1·x is x)."""
        return evidence if self.unbiased else _weighed(evidence, self.lam_hostile, self.lam_benign)


_INNOVATION = float(np.sqrt(1 - NOISE_PERSISTENCE**2))


def _explained(st: WorldState) -> tuple[np.ndarray, bool]:
    """[i, j]: j's arming is explained — j is at war, or i's ally — and whether it is anywhere
    (read-only). Wars and pacts seldom change: the last answer is kept, keyed on their bytes."""
    war, pact = st.war.tobytes(), st.pact.tobytes()
    last = st.cache.explained
    if last is None or last[0] != war or last[1] != pact:
        explained = np.logical_or.reduce(st.war, axis=1)[None, :] | st.pact
        explained.flags.writeable = False
        last = st.cache.explained = (war, pact, explained, any_true(explained))
    return last[2], last[3]


def _read_burden(st: WorldState, explained: np.ndarray | None | bool = True) -> np.ndarray:
    """Evidence from the burden a state carries (_burden_evidence) in one game. (`explained`:
    where arming is explained, when the caller knows; None when nowhere; True: work it out.)"""
    if explained is True:
        explained = _explained(st)[0]
    return _burden_evidence(st.M_est, st.Y, explained, _constants(st))


def _burden_evidence(M_est: np.ndarray, Y: np.ndarray, explained: np.ndarray | None, c: _Constants) -> np.ndarray:
    """Evidence from the burden a state carries: the share of its (public) output that its forces,
    as seen, take to keep up. Security seldom needs more than a tenth of output in peacetime; a
    state carrying far more is telling something about its aims — unless it is at war, or an ally
    arming against a common threat (`explained`: where that is so; None when nowhere). One game's
    arrays, or several games' one above the other."""
    implied = c.depreciation * M_est
    implied /= (c.force_per_output_n * np.maximum(Y, c.tiny_n))[..., None, :]
    implied -= c.burden_normal
    implied /= c.burden_scale
    llr = _clip(implied, *c.bounds["burden"])
    if explained is not None:
        np.copyto(llr, c.zero, where=explained)
    return llr


def _read_posture(st: WorldState, q: _Quality, eps: np.ndarray) -> np.ndarray:
    """Read every offensive share of one game (into st.mu_est): _posture_evidence."""
    return _posture_evidence(st.mu_est, q.d, st.mu, q.blur, q.posture_sd, eps, q.e_sec, q.e_greedy, q.two_var_mu,
                             _constants(st))


def _posture_evidence(mu_est: np.ndarray, d, mu: np.ndarray, blur, posture_sd, eps: np.ndarray, e_sec, e_greedy,
                      two_var_mu, c: _Constants) -> np.ndarray:
    """Read every offensive share (into mu_est) and return the evidence of this reading:
    expected shares of both types are blurred toward the ambiguous posture as d falls, so with
    low d a defensive posture cannot show. One game's arrays, or several games' one above the
    other (the quality's readings, d to two_var_mu, likewise)."""
    np.multiply(d, mu[..., None, :], out=mu_est)
    mu_est += blur
    mu_est += posture_sd * eps
    _clip(mu_est, *c.bounds["mu"])
    # ((μ̂ − e_sec)² − (μ̂ − e_greedy)²) / 2v, worked out in place
    llr = np.square(mu_est - e_sec)
    llr -= np.square(mu_est - e_greedy)
    llr /= two_var_mu
    return _clip(llr, *c.bounds["posture"])


def update_beliefs(st: WorldState, evidence: np.ndarray) -> None:
    """Bayesian update from evidence alone (no observation noise): memory, bias, clip — the same
    rule as in `observe`, for modes where acts are all there is to see."""
    _clip(_accumulate(st, st.belief, evidence), -BELIEF_LIMIT, BELIEF_LIMIT)
    np.fill_diagonal(st.belief, 0.0)


def _weigh(st: WorldState, evidence: np.ndarray) -> np.ndarray:
    """Jervis's bias: hostile evidence weighed by λ⁺, benign by λ⁻ (each observer its own).
    Unbiased observers' evidence is returned as it is (1·x is x: the same numbers, three array
    operations fewer); callers do not change what this returns."""
    if st.mind.unbiased:
        return evidence
    return _weighed(evidence, st.mind.lam_hostile_col, st.mind.lam_benign_col)


def _weighed(evidence: np.ndarray, lam_hostile: np.ndarray, lam_benign: np.ndarray) -> np.ndarray:
    return np.where(evidence > 0, lam_hostile, lam_benign) * evidence


def _accumulate(st: WorldState, accumulated: np.ndarray, evidence: np.ndarray) -> np.ndarray:
    """_accumulate_evidence in one game, with its mind-sets."""
    prior, memory = _mind_arrays(st)
    return _accumulate_evidence(accumulated, prior, memory, _weigh(st, evidence))


def _accumulate_evidence(accumulated: np.ndarray, prior: np.ndarray, memory: np.ndarray,
                         weighed: np.ndarray) -> np.ndarray:
    """Kydd's update with memory: logit π' = prior + (1 − ρ)(logit π − prior) + λ·LLR, worked
    out in `accumulated` (logit π), which this changes and returns (`weighed`: λ·LLR)."""
    accumulated -= prior
    accumulated *= memory
    accumulated += prior
    accumulated += weighed
    return accumulated


def _mind_arrays(st: WorldState) -> tuple[np.ndarray, np.ndarray]:
    """The mind-sets' prior (logit) and memory columns spread over full N×N arrays (read-only),
    made once for each pair of columns (the mind-sets make them once)."""
    mind = st.mind
    last = st.cache.mind_arrays
    if last is None or last[0] is not mind.prior_logit_col or last[1] is not mind.memory_col:
        shape = (st.n, st.n)
        prior = np.broadcast_to(mind.prior_logit_col, shape).copy()
        memory = np.broadcast_to(mind.memory_col, shape).copy()
        prior.flags.writeable = memory.flags.writeable = False
        last = st.cache.mind_arrays = (mind.prior_logit_col, mind.memory_col, prior, memory)
    return last[2], last[3]


def threat_matrix(st: WorldState, belief_logit: np.ndarray | None = None, M: np.ndarray | None = None) -> np.ndarray:
    """Walt's threat in one game, [i, j] = how threatened i feels by j (_threat). (`M`: st.M,
    when the caller has it already.)"""
    pi = belief_probability(st) if belief_logit is None else sigmoid(belief_logit)
    return _threat(pi, st.M if M is None else M, st.D, THREAT_OFFENSE_WEIGHT * st.omega_perceived, st.mu_est,
                   st.M_est, proximity(st), _unthreatening(st), _constants(st))


def _threat(pi: np.ndarray, M: np.ndarray, D: np.ndarray, weight, mu_est: np.ndarray, M_est: np.ndarray,
            near: np.ndarray, unthreatening: np.ndarray, c: _Constants) -> np.ndarray:
    """Walt's threat, [i, j] = how threatened i feels by j: π·power·proximity·(1 + c·Ω̃·μ̂·M̂/D)
    (`weight`: c·Ω̃, `near`: proximity). Allies and the dead pose none. One game's arrays, or
    several games' one above the other."""
    M = np.maximum(M, c.min_forces_n)
    D = np.maximum(D, c.min_forces_n)
    # worked out in place in the order written
    offense = weight * mu_est
    offense *= M_est
    offense /= D[..., :, None]
    offense += c.one
    t = M_est / M[..., :, None]
    t *= pi
    t *= near
    t *= offense
    np.copyto(t, c.zero, where=unthreatening)
    return t


def _unthreatening(st: WorldState) -> np.ndarray:
    """[i, j]: j poses i no threat — j is i itself, an ally, or either is dead (read-only). Kept
    for the last survivors and pacts, keyed on their bytes."""
    alive, pact = st.alive.tobytes(), st.pact.tobytes()
    last = st.cache.unthreatening
    if last is None or last[0] != alive or last[1] != pact:
        mask = ~(living_pairs(st) & ~st.pact)
        mask.flags.writeable = False
        last = st.cache.unthreatening = (alive, pact, mask)
    return last[2]


RULES_MIN = 0.1


def tension_matrix(st: WorldState) -> np.ndarray:
    """A 0..1 reading of how tense each dyad is: mutual perceived threat and the crisis rung."""
    c = _constants(st)
    t = st.threat + st.threat.T  # 0.6·tanh(mutual threat) + the rungs' share, in place
    t *= c.half
    np.tanh(t, out=t)
    t *= c.threat_tension
    t += _rung_tension(st)
    np.copyto(t, c.zero, where=_apart(st))
    return t


def _apart(st: WorldState) -> np.ndarray:
    """~living_pairs: a state and itself, or a pair with one dead (read-only; kept for each set of
    survivors, like living_pairs)."""
    key = st.alive.tobytes()
    apart = st.cache.apart_pairs.get(key)
    if apart is None:
        apart = ~living_pairs(st)
        apart.flags.writeable = False
        st.cache.apart_pairs[key] = apart
    return apart


def _rung_tension(st: WorldState) -> np.ndarray:
    """The crisis rungs' share of tension (read-only). Rungs seldom change: the last one is kept,
    keyed on the rungs' bytes."""
    raw = st.rung.tobytes()
    last = st.cache.rung_tension
    if last is not None and last[0] == raw:
        return last[1]
    part = 0.4 * np.minimum(st.rung, 5) / 5.0
    part.flags.writeable = False
    st.cache.rung_tension = (raw, part)
    return part


def initial_observation_noise(rng: np.random.Generator, n_states: int) -> np.ndarray:
    """The draws of the opening observation, [0] for each agency's standing error and [1] for its
    first posture reading. Whoever needs the world generator as it stands after the opening (the
    tournament's fast matches) draws them the same way."""
    return rng.standard_normal((2, n_states, n_states))


def initial_observation(st: WorldState, rng: np.random.Generator) -> None:
    """The opening picture: each agency's standing error drawn from its stationary spread; no
    growth has been seen yet, so beliefs hold the prior plus a first posture reading."""
    q = _quality(st)
    eps = initial_observation_noise(rng, st.n)
    st.noise[:] = q.sigma * eps[0]
    st.M_est[:] = st.M[None, :] * np.exp(st.noise)
    st.M_est_prev[:] = st.M_est
    llr = _read_posture(st, q, eps[1])
    np.fill_diagonal(llr, 0.0)
    st.posture_llr[:] = (1 - LIKELIHOOD.posture_memory) * _weigh(st, llr)
    st.belief[:] = np.clip(logit(st.mind.prior)[:, None] + st.posture_llr, -BELIEF_LIMIT, BELIEF_LIMIT)
    np.fill_diagonal(st.belief, 0.0)
    st.threat[:] = threat_matrix(st)
