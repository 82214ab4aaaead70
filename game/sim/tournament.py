"""Round-robin tournaments of doctrines (Axelrod 1984): `python main.py tournament`.

    python main.py tournament --out runs/t                       the classic strategies, 200 rounds
    python main.py tournament --doctrines tit_for_tat,grudger,my_rule.toml --noise 0.05 --reps 20 --out runs/t
    python main.py tournament --scenario two_neighbours --doctrines tit_for_tat,defensive_realist --out runs/t2
    python main.py tournament --ecological --out runs/eco          also the population dynamics

Every entrant meets every other entrant and its own twin, `--reps` times. In the repeated
dilemma a match is `--turns` rounds of the scenario's payoff matrix with `--noise` (the chance a
move is flipped by accident); in an ordinary two-state scenario a match is a whole game through
the Engine, seats alternating between repetitions so neither entrant always gets the same state.

Scores: in the repeated dilemma, the sum of a match's payoffs; in an ordinary scenario, the
state's final score (security and prosperity, game.core.scores). A pair's score is the mean over
repetitions. Cooperation: the share of rounds an entrant restrained (in an ordinary scenario, the
share of turns its forces grew by less than the spiral threshold). The ranking orders entrants by
their mean score per match against the *other* entrants (twins left out, as in the axelrod
library), ties broken by id.

The fast path (repeated dilemma, entrants with a `move` rule): the same rule function as the
engine (`game.core.rules.dilemma_payoffs`, tabulated once per match) and the strategies' `move`,
without an Engine per round. Noise flips come from the same world generator the Engine would
draw them from, so a match of deterministic strategies scores exactly what the Engine scores (a
test checks it). Stochastic strategies draw from one generator per player and match, seeded like
everything else, rather than the Engine's per-turn child generators: their results agree with
the Engine's in distribution, not round by round. Matches between deterministic strategies
without noise are the same every repetition, so they are played once.

Ecological variant (Axelrod 1984, ch. 2): a population starts with equal shares of every entrant;
each generation a share grows in proportion to its mean score against the current population
(discrete replicator dynamics on the pair scores, twins included). It shows which strategies
survive once the exploitable ones have died out.

Writes `results.json` — `{"ranking": [ids, best first], "pairs": [{"a", "b", "score_a",
"score_b", "cooperation_a", "cooperation_b"}], "table": [...], "settings": {...}, "ecological":
{...} (with --ecological)}` — and the charts `scores.png`, `pairs.png` (and `ecological.png`).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from game.ai.doctrines.repeated import REPEATED_STRATEGIES, RepeatedStrategy
from game.core.perception import initial_observation_noise
from game.core.rules import dilemma_payoffs
from game.scenario.models import DOCTRINE_IDS, Scenario
from game.errors import DoctrineFileError, UserError

DEFAULT_ENTRANTS = tuple(REPEATED_STRATEGIES)
ECOLOGY_GENERATIONS = 300


# ---------------------------------------------------------------------------------------------
# Entrants


@dataclass(frozen=True)
class Entrant:
    """One doctrine in the tournament: a built-in id, or a student's doctrine file."""

    id: str
    title: str
    kind: str  # "builtin" | "file"
    text: str = ""  # the doctrine file's text (workers rebuild the class from it)
    source: str = ""

    def make(self):
        """A fresh controller for one match."""
        if self.kind == "file":
            from game.ai.doctrine_files import parse_doctrine

            return parse_doctrine(self.text, self.source)()
        if self.id in REPEATED_STRATEGIES:
            return REPEATED_STRATEGIES[self.id]()
        from game.ai.registry import make_controller

        return make_controller(self.id)


def entrants_from(spec: str | None) -> list[Entrant]:
    """`--doctrines a,b,file.toml` -> entrants (the classic strategies when not given)."""
    from game.ai.doctrine_files import load_doctrine_file

    items = [s.strip() for s in spec.split(",")] if spec else list(DEFAULT_ENTRANTS)
    if any(not s for s in items):
        raise UserError(f"--doctrines {spec!r}: an empty name between commas.")
    out: list[Entrant] = []
    for item in items:
        if item.endswith(".toml") or "/" in item or "\\" in item:
            try:
                cls = load_doctrine_file(item)
            except DoctrineFileError as err:
                raise UserError(str(err)) from None
            out.append(Entrant(cls.name, cls.title, "file", Path(item).read_text(encoding="utf-8"), item))
        elif item in DOCTRINE_IDS:
            title = REPEATED_STRATEGIES[item].title if item in REPEATED_STRATEGIES else _registry_title(item)
            out.append(Entrant(item, title, "builtin"))
        else:
            raise UserError(f"--doctrines: unknown doctrine {item!r}. Known: {', '.join(DOCTRINE_IDS)}; "
                            f"or a doctrine file ending in .toml (see docs/teaching.md).")
    ids = [e.id for e in out]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise UserError(f"--doctrines: {', '.join(twice)} entered twice; each doctrine enters once.")
    if len(out) < 2:
        raise UserError("--doctrines: a tournament needs at least two doctrines.")
    return out


def _registry_title(doctrine_id: str) -> str:
    from game.ai.registry import make_controller

    return getattr(make_controller(doctrine_id), "title", doctrine_id)


# ---------------------------------------------------------------------------------------------
# Matches


@dataclass(frozen=True)
class MatchResult:
    score_a: float
    score_b: float
    cooperation_a: float
    cooperation_b: float


def match_seed(seed: int, a: str, b: str, rep: int) -> int:
    """A match's seed from the tournament seed, the two ids and the repetition — adding an entrant
    does not change the other matches."""
    key = (zlib.crc32(a.encode()), zlib.crc32(b.encode()), rep)
    return int(np.random.SeedSequence(seed, spawn_key=key).generate_state(1)[0])


def world_generator(seed: int, n_states: int = 2) -> np.random.Generator:
    """The Engine's world generator for `seed`, advanced past the draws of the opening
    observation (game.core.perception.initial_observation) — so the noise flips drawn next are
    the ones the Engine draws, round after round (checked by a test)."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    initial_observation_noise(rng, n_states)
    return rng


def payoff_tables(payoffs: tuple[float, float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The rule's payoffs for every pair of moves: A[m_a, m_b] for the first player, B for the second."""
    A, B = np.zeros((2, 2)), np.zeros((2, 2))
    for ma in (0, 1):
        for mb in (0, 1):
            A[ma, mb], B[ma, mb] = dilemma_payoffs(ma, mb, payoffs)
    return A, B


def play_fast(a: RepeatedStrategy, b: RepeatedStrategy, turns: int, payoffs: tuple[float, float, float, float],
              noise: float, seed: int) -> MatchResult:
    """One repeated-dilemma match without the Engine (see the module docstring)."""
    a.configure(payoffs)
    b.configure(payoffs)
    flips = None
    if noise > 0:
        flips = (world_generator(seed).random((turns, 2)) < noise).astype(np.int8)
    rng_a = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(2, 0)))) if a.stochastic else None
    rng_b = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(2, 1)))) if b.stochastic else None
    seq_a = a.sequence(turns, rng_a) if a.memory_depth == 0 else None
    seq_b = b.sequence(turns, rng_b) if b.memory_depth == 0 else None
    if seq_a is not None and seq_b is not None:
        ha, hb = seq_a.astype(np.int8), seq_b.astype(np.int8)
        if flips is not None:
            ha, hb = ha ^ flips[:, 0], hb ^ flips[:, 1]
    else:
        ha = np.zeros(turns, dtype=np.int8)
        hb = np.zeros(turns, dtype=np.int8)
        move_a, move_b = a.move, b.move
        for t in range(turns):
            ma = seq_a[t] if seq_a is not None else move_a(ha[:t], hb[:t], rng_a)
            mb = seq_b[t] if seq_b is not None else move_b(hb[:t], ha[:t], rng_b)
            if flips is not None:
                ma ^= flips[t, 0]
                mb ^= flips[t, 1]
            ha[t] = ma
            hb[t] = mb
    A, B = payoff_tables(payoffs)
    ia, ib = ha.astype(np.intp), hb.astype(np.intp)
    return MatchResult(float(A[ia, ib].sum()), float(B[ia, ib].sum()),
                       1.0 - float(ha.mean()) if turns else 0.0, 1.0 - float(hb.mean()) if turns else 0.0)


def play_engine(sc: Scenario, a, b, seed: int, swap: bool = False) -> MatchResult:
    """One match as a whole game through the Engine; `swap` seats a in the second state."""
    from game.core.scores import scores
    from game.match.games import run_game

    for c in (a, b):
        if hasattr(c, "explain"):
            c.explain = False
    s0, s1 = sc.state_ids
    seats = {s1: a, s0: b} if swap else {s0: a, s1: b}
    engine = run_game(sc, seed=seed, controllers=seats).engine
    st = engine.state
    ka, kb = (1, 0) if swap else (0, 1)
    if st.dilemma:
        moves = engine.series["move"][1:]
        sa, sb = float(st.dilemma_score[ka]), float(st.dilemma_score[kb])
        ca = 1.0 - float(moves[:, ka].mean()) if len(moves) else 0.0
        cb = 1.0 - float(moves[:, kb].mean()) if len(moves) else 0.0
    else:
        final = scores(st)
        sa, sb = final[st.ids[ka]].total, final[st.ids[kb]].total
        g = engine.series.growth()[1:]
        restrained = g < st.spiral_threshold
        ca = float(restrained[:, ka].mean()) if len(g) else 0.0
        cb = float(restrained[:, kb].mean()) if len(g) else 0.0
    return MatchResult(sa, sb, ca, cb)


# ---------------------------------------------------------------------------------------------
# The tournament

_WORKER: dict[str, Any] = {}


def _init_worker(sc: Scenario, entrants: list[Entrant]) -> None:
    _WORKER.update(scenario=sc, entrants=entrants)


def _engine_chunk(tasks: list[tuple[int, int, int, int, bool]]) -> list[tuple[int, int, MatchResult]]:
    sc, ents = _WORKER["scenario"], _WORKER["entrants"]
    return [(i, j, play_engine(sc, ents[i].make(), ents[j].make(), seed, swap)) for i, j, _rep, seed, swap in tasks]


def tournament_scenario(ref: str | Scenario, turns: int | None, noise: float) -> Scenario:
    from game.scenario.loading import load_scenario

    sc = load_scenario(ref) if isinstance(ref, str) else ref
    if len(sc.states) != 2:
        raise UserError(f"--scenario {sc.id}: a tournament is played between two states; this scenario has "
                        f"{len(sc.states)}. Use repeated_dilemma, two_neighbours or another two-state scenario.")
    overrides: dict[str, object] = {}
    if turns is not None:
        if turns < 1:
            raise UserError(f"--turns must be at least 1 (got {turns}).")
        overrides["scenario.turns"] = turns
    if not 0 <= noise <= 0.5:
        raise UserError(f"--noise must be a chance from 0 to 0.5 (got {noise}).")
    if noise > 0:
        if sc.dilemma is None:
            raise UserError(f"--noise flips moves of the repeated dilemma; {sc.id} is an ordinary scenario "
                            f"(its noise is world.intel_noise in the scenario file).")
        overrides["dilemma.noise"] = noise
    try:
        return sc.with_overrides(overrides) if overrides else sc
    except ValueError as err:  # beyond the scenario's bounds (more than 1000 turns)
        raise UserError(str(err)) from None


def run_tournament(entrants: Sequence[Entrant], sc: Scenario, reps: int, seed: int, workers: int = 1,
                   ecological: bool = False, progress: bool = True) -> dict[str, Any]:
    """Play the round robin; return results.json's content."""
    from tqdm import tqdm

    from game.sim.parallel import run_parallel

    n = len(entrants)
    turns = sc.scenario.turns
    dilemma = sc.dilemma is not None
    noise = sc.dilemma.noise if dilemma else 0.0
    payoffs = (sc.dilemma.payoffs.R, sc.dilemma.payoffs.T, sc.dilemma.payoffs.S, sc.dilemma.payoffs.P) if dilemma else None
    makers = [e.make for e in entrants]
    fast = [isinstance(m(), RepeatedStrategy) for m in makers]
    totals = np.zeros((n, n))  # summed scores of i against j over the repetitions
    coop = np.zeros((n, n))
    engine_tasks: list[tuple[int, int, int, int, bool]] = []
    pairs = [(i, j) for i in range(n) for j in range(i, n)]
    with tqdm(total=len(pairs), desc="fast matches", unit="pair", disable=not progress, leave=False) as bar:
        for i, j in pairs:
            ida, idb = entrants[i].id, entrants[j].id
            if dilemma and fast[i] and fast[j]:
                a, b = makers[i](), makers[j]()
                same_every_time = noise == 0 and not a.stochastic and not b.stochastic
                for rep in range(1 if same_every_time else reps):
                    r = play_fast(a, b, turns, payoffs, noise, match_seed(seed, ida, idb, rep))
                    weight = reps if same_every_time else 1
                    _add(totals, coop, i, j, r, weight)
                bar.update(1)
            else:
                for rep in range(reps):
                    engine_tasks.append((i, j, rep, match_seed(seed, ida, idb, rep), (not dilemma) and rep % 2 == 1))
    if engine_tasks:
        size = max(1, min(20, len(engine_tasks) // max(1, 4 * workers)))
        chunks = [engine_tasks[k:k + size] for k in range(0, len(engine_tasks), size)]
        results = run_parallel(_engine_chunk, chunks, workers, _init_worker, (sc, list(entrants)),
                               units=len, desc="games", progress=progress)
        for chunk in results:
            for i, j, r in chunk:
                _add(totals, coop, i, j, r, 1)
    mean = totals / reps
    mean_coop = coop / reps
    return assemble(entrants, mean, mean_coop, sc, reps, seed, ecological)


def _add(totals: np.ndarray, coop: np.ndarray, i: int, j: int, r: MatchResult, weight: int) -> None:
    if i == j:  # twins: each seat is the same doctrine; count the mean of the two
        totals[i, i] += weight * 0.5 * (r.score_a + r.score_b)
        coop[i, i] += weight * 0.5 * (r.cooperation_a + r.cooperation_b)
        return
    totals[i, j] += weight * r.score_a
    totals[j, i] += weight * r.score_b
    coop[i, j] += weight * r.cooperation_a
    coop[j, i] += weight * r.cooperation_b


def assemble(entrants: Sequence[Entrant], mean: np.ndarray, mean_coop: np.ndarray, sc: Scenario, reps: int,
             seed: int, ecological: bool) -> dict[str, Any]:
    n = len(entrants)
    ids = [e.id for e in entrants]
    others = ~np.eye(n, dtype=bool)
    avg = np.array([mean[i][others[i]].mean() for i in range(n)])
    avg_coop = np.array([mean_coop[i][others[i]].mean() for i in range(n)])
    order = sorted(range(n), key=lambda i: (-round(float(avg[i]), 9), ids[i]))
    pairs = [{"a": ids[i], "b": ids[j], "score_a": round(float(mean[i, j]), 4), "score_b": round(float(mean[j, i]), 4),
              "cooperation_a": round(float(mean_coop[i, j]), 4), "cooperation_b": round(float(mean_coop[j, i]), 4)}
             for i in range(n) for j in range(i, n)]
    table = [{"rank": r + 1, "id": ids[i], "title": entrants[i].title, "mean_score": round(float(avg[i]), 4),
              "cooperation": round(float(avg_coop[i]), 4),
              "wins": int(sum(mean[i, j] > mean[j, i] for j in range(n) if j != i))}
             for r, i in enumerate(order)]
    result: dict[str, Any] = {
        "ranking": [ids[i] for i in order],
        "pairs": pairs,
        "table": table,
        "settings": {"scenario": sc.id, "turns": sc.scenario.turns, "reps": reps, "seed": seed,
                     "noise": sc.dilemma.noise if sc.dilemma else 0.0, "mode": "repeated dilemma" if sc.dilemma else "game"},
    }
    if ecological:
        result["ecological"] = ecology(ids, mean)
    return result


def ecology(ids: Sequence[str], mean: np.ndarray, generations: int = ECOLOGY_GENERATIONS) -> dict[str, Any]:
    """Discrete replicator dynamics on the pair scores (Axelrod 1984, ch. 2): share_i grows in
    proportion to its mean score against the current population. Scores are shifted to be
    positive if a payoff matrix has negative entries (fitness must be positive)."""
    M = np.asarray(mean, dtype=float)
    if M.min() <= 0:
        M = M - M.min() + 1e-6
    p = np.full(len(ids), 1.0 / len(ids))
    history = [p.copy()]
    for _ in range(generations):
        fitness = M @ p
        p = p * fitness
        p = p / p.sum()
        history.append(p.copy())
    hist = np.array(history)
    final = hist[-1]
    return {
        "generations": generations,
        "shares": {ids[k]: [round(float(x), 6) for x in hist[:, k]] for k in range(len(ids))},
        "final": {ids[k]: round(float(final[k]), 6) for k in range(len(ids))},
        "survivors": [ids[k] for k in np.argsort(-final, kind="stable") if final[k] >= 1e-3],
    }


def format_table(result: dict[str, Any]) -> str:
    s = result["settings"]
    what = "rounds" if s["mode"] == "repeated dilemma" else "turns"
    head = f"Tournament on {s['scenario']}: {s['turns']} {what}, {s['reps']} repetitions" + \
        (f", noise {s['noise']:.0%}" if s["noise"] else "")
    lines = [head, f"  {'rank':>4}  {'doctrine':<22} {'':<30} {'mean score':>10} {'cooperation':>12} {'wins':>5}"]
    for row in result["table"]:
        lines.append(f"  {row['rank']:>4}  {row['id'][:22]:<22} {row['title'][:30]:<30} {row['mean_score']:>10.1f} "
                     f"{row['cooperation']:>12.0%} {row['wins']:>5}")
    if "ecological" in result:
        eco = result["ecological"]
        shares = ", ".join(f"{k} {eco['final'][k]:.0%}" for k in eco["survivors"])
        lines.append(f"  ecological, after {eco['generations']} generations: {shares}")
    return "\n".join(lines)
