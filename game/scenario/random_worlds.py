"""Random multipolar worlds for open play: `random:N` or `random:N:SEED` (N = 2..12 states).

The same N and seed always give the same world (numpy's Generator, seeded; nothing global).
Most states are security seekers, some greedy; economies and forces vary; states are spread over
the map; a few borders are sea or mountains (harder to attack across) or open plain; sometimes two
neighbours start allied. World parameters stay moderate, so every game can go either way.
"""
from __future__ import annotations

import re

import numpy as np

from game.scenario.models import MAX_STATES, Scenario
from game.errors import RandomSpecError

MIN_STATES = 2
DEFAULT_SEED = 0

# Twelve colours that stay apart for the common colour-vision deficiencies: the Okabe–Ito set
# (without black) first, then muted tones from Paul Tol's schemes. Fewer states take the first ones.
PALETTE = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermilion
    "#CC79A7",  # reddish purple
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
    "#332288",  # indigo
    "#AA7744",  # brown
)

# Invented names, so no real country is cast as the aggressor.
NAMES = (
    "Rubria", "Verdia", "Caspia", "Norvalia", "Ostrevia", "Mardova", "Tirenne", "Valdoria", "Kestrel Isles",
    "Aurelon", "Belmark", "Corvinia", "Drassia", "Elbaran", "Fennmoor", "Galdor", "Hestra", "Istavan",
    "Jorvik March", "Kalmora", "Lunessa", "Moravel", "Nythia", "Orsolan", "Pellandor", "Quessa", "Rovania",
    "Sarnath", "Tolvenia", "Umbria Nova", "Varkonia", "Westmarch", "Zelvary",
)

# Doctrines are drawn without regard to type: how a state reasons must not give away what it
# wants. The reciprocity strategies of the repeated dilemma are left out: they cannot ally or deter.
DOCTRINES = ("defensive_realist", "defensive_realist", "offensive_realist", "spiral_aware", "deterrence_hawk")


REF_FORMAT = f"random:N or random:N:SEED, with N from {MIN_STATES} to {MAX_STATES} and SEED a whole number 0 or more"


def parse_random_ref(ref: str) -> tuple[int, int]:
    """`random:6` -> (6, 0); `random:6:42` -> (6, 42)."""
    parts = ref.split(":")
    if parts[0] != "random" or len(parts) not in (2, 3):
        raise RandomSpecError(f"{ref!r} is not a random-world reference")
    try:
        n = int(parts[1])
    except ValueError:
        raise RandomSpecError(f"the number of states must be a whole number (got {parts[1]!r})") from None
    if not MIN_STATES <= n <= MAX_STATES:
        raise RandomSpecError(f"a random world has {MIN_STATES} to {MAX_STATES} states (got {n})")
    seed = DEFAULT_SEED
    if len(parts) == 3:
        try:
            seed = int(parts[2])
        except ValueError:
            raise RandomSpecError(f"the seed must be a whole number (got {parts[2]!r})") from None
        if not 0 <= seed < 2**32:
            raise RandomSpecError(f"the seed must be from 0 to {2**32 - 1} (got {seed})")
    return n, seed


def _spread_positions(rng: np.random.Generator, n: int) -> np.ndarray:
    """Points in [0.1, 0.9]² kept apart: each new state takes the best of a few candidates (the
    one farthest from those already placed), so the map is neither clumped nor a grid."""
    points = [rng.uniform(0.1, 0.9, size=2)]
    while len(points) < n:
        candidates = rng.uniform(0.1, 0.9, size=(12, 2))
        placed = np.array(points)
        nearest = np.sqrt(((candidates[:, None, :] - placed[None, :, :]) ** 2).sum(-1)).min(axis=1)
        points.append(candidates[int(np.argmax(nearest))])
    return np.round(np.array(points), 3)


def random_scenario(n: int, seed: int = DEFAULT_SEED) -> Scenario:
    """A valid multipolar scenario of `n` states, the same for the same (n, seed)."""
    if not MIN_STATES <= n <= MAX_STATES:
        raise RandomSpecError(f"a random world has {MIN_STATES} to {MAX_STATES} states (got {n})")
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([n, seed])))
    names = [NAMES[int(k)] for k in rng.choice(len(NAMES), size=n, replace=False)]
    positions = _spread_positions(rng, n)
    colours = [PALETTE[int(k)] for k in rng.permutation(n)]  # the first n colours, shuffled

    # About one in four greedy (each state with chance 1/4), at least one from four states up,
    # never all of them: 28 % of a six-state world on average.
    greedy_count = min(n - 1, max(int(rng.binomial(n, 0.25)), 1 if n >= 4 else 0))
    greedy = set(int(k) for k in rng.choice(n, size=greedy_count, replace=False))

    states = []
    for k in range(n):
        economy = float(np.round(rng.uniform(60, 160), 1))
        forces = economy * rng.uniform(0.2, 0.4)
        offense_share = rng.uniform(0.25, 0.5)  # the opening posture does not give the type away either
        states.append({
            "id": _slug(names[k]),
            "name": names[k],
            "color": colours[k],
            "position": [float(positions[k, 0]), float(positions[k, 1])],
            "economy": economy,
            "growth": float(np.round(rng.uniform(0.005, 0.035), 3)),
            "offense": float(np.round(forces * offense_share, 1)),
            "defense": float(np.round(forces * (1 - offense_share), 1)),
            "type": "greedy" if k in greedy else "security_seeker",
            "controller": "human" if k == 0 else "ai",
            "doctrine": DOCTRINES[int(rng.integers(len(DOCTRINES)))],
        })

    ids = [s["id"] for s in states]
    dist = np.sqrt(((positions[:, None, :] - positions[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(dist, np.inf)
    neighbours = sorted({tuple(sorted((a, int(np.argmin(dist[a]))))) for a in range(n)})
    terrain = []
    for idx in rng.permutation(len(neighbours))[: int(rng.integers(0, max(1, n // 2) + 1))]:
        a, b = neighbours[int(idx)]
        terrain.append({"between": [ids[a], ids[b]], "factor": float(rng.choice([0.5, 0.7, 1.3, 1.5]))})
    alliances = []
    seekers = [pair for pair in neighbours if pair[0] not in greedy and pair[1] not in greedy]
    if n >= 4 and seekers and rng.random() < 0.5:
        a, b = seekers[int(rng.integers(len(seekers)))]
        alliances.append({"members": [ids[a], ids[b]]})

    offense_defense = float(np.round(rng.uniform(0.7, 1.5), 2))
    distinguishability = float(np.round(rng.uniform(0.3, 0.7), 2))
    described_greed = "one of them is" if greedy_count == 1 else f"{greedy_count} of them are"
    description = (
        f"A randomly drawn world of {n} states (map {seed}). Most want nothing but to be safe; "
        + (f"{described_greed} greedy — but which? " if greedy_count else "none is greedy — but nobody can be sure. ")
        + f"Offense–defense balance {offense_defense}, distinguishability {distinguishability}."
    )
    return Scenario.model_validate({
        "scenario": {"id": f"random_{n}_{seed}", "title": f"Random World ({n} states, map {seed})",
                     "description": description, "turns": 40, "seed": seed},
        "world": {"offense_defense": offense_defense, "distinguishability": distinguishability,
                  "intel_noise": float(np.round(rng.uniform(0.15, 0.25), 2)), "spiral_threshold": 0.05},
        "states": states,
        "alliances": alliances,
        "terrain": terrain,
    })


def _slug(text: str) -> str:
    """An id from a name: lower case, runs of other characters as one _."""
    return re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "scenario"
