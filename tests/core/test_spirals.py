"""The spiral definition (DESIGN.md §5), on hand-built series: a spiral episode is ≥ 3 consecutive
turns in which both sides build (growth ≥ γ*) and each fears the other more, coupled by
action–reaction rather than a common shock; its stage is emerging, spiral, runaway (Richardson
k·l > a·b), crisis (rung ≥ 2) or war; it ends after 2 turns below γ*, at war or at arms control."""
from __future__ import annotations

import numpy as np

from game.core.spirals import STAGES, DyadFrame, SpiralTracker, find_episodes

GAMMA = 0.05
IDS2 = ("aland", "borea")
IDS3 = ("aland", "borea", "cerulia")


def levels(start, growths):
    """Force levels from opening levels and per-turn growth rates (one row per turn)."""
    M = [np.asarray(start, float)]
    for g in growths:
        M.append(M[-1] * (1 + np.asarray(g, float)))
    return np.array(M)


def richardson(ma, mb, k, l, a, b, g, h, turns=8, calm=2):
    """Richardson's race ΔM_a = k·M_b − a·M_a + g, ΔM_b = l·M_a − b·M_b + h, switched on after
    `calm` level turns."""
    out = [(ma, mb)] * calm
    for _ in range(turns):
        ma, mb = ma + k * mb - a * ma + g, mb + l * ma - b * mb + h
        out.append((ma, mb))
    return np.array(out)


def rising_fear(turns, n, rate=None):
    """Threat series where [i, j] rises by rate[i][j] a turn (default: 0.1 for every pair)."""
    rate = np.full((n, n), 0.1) if rate is None else np.asarray(rate, float)
    T = np.array([rate * t for t in range(turns)])
    for t in T:
        np.fill_diagonal(t, 0.0)
    return T


def frames(M, T=None, rung_at=None, war_at=None, formed_at=None, dead_at=None):
    """DyadFrames for a series; rung_at / war_at / formed_at / dead_at: turn from which the 0–1
    dyad is at rung 2 / at war / forms arms control (that turn only) / Borea is conquered."""
    M = np.asarray(M, float)
    turns, n = M.shape
    T = rising_fear(turns, n) if T is None else T
    out = []
    for t in range(turns):
        rung = np.ones((n, n), dtype=int) - np.eye(n, dtype=int)
        war = np.zeros((n, n), dtype=bool)
        alive = np.ones(n, dtype=bool)
        if rung_at is not None and t >= rung_at:
            rung[0, 1] = rung[1, 0] = 2
        if war_at is not None and t >= war_at:
            war[0, 1] = war[1, 0] = True
        if dead_at is not None and t >= dead_at:
            alive[1] = False
        formed = frozenset({(0, 1)}) if formed_at == t else frozenset()
        out.append(DyadFrame(turn=t, M=M[t], threat=T[t], rung=rung, war=war, alive=alive, arms_control_formed=formed))
    return out


def episodes(fr, ids=IDS2):
    return find_episodes(fr, ids, GAMMA)


# A converging action–reaction race (a·b > k·l) from an uneven start: both build ≥ 5 % for four
# turns (2–5), then calm down.
CONVERGING = richardson(10, 14, k=0.2, l=0.2, a=0.5, b=0.5, g=8, h=6)
# A runaway race (k·l > a·b).
RUNAWAY = richardson(20, 30, k=0.3, l=0.25, a=0.1, b=0.1, g=1, h=1)
# Each side's step up follows the other's a turn later.
STAGGERED = levels([30, 30], [[0, 0], [0.08, 0.02], [0.06, 0.09], [0.10, 0.06], [0.06, 0.10], [0.09, 0.06],
                              [0.06, 0.09], [0.02, 0.03], [0.01, 0.01], [0.0, 0.0]])


def test_action_reaction_race_is_a_spiral():
    """A mutual action–reaction buildup with rising mutual fear is one spiral episode, starting at its
    first building-and-fearing turn, detected after three such turns, at stage spiral."""
    [ep] = episodes(frames(CONVERGING))
    assert (ep.a, ep.b) == IDS2
    assert ep.start == 2
    assert ep.stages[0] == (4, "spiral")


def test_staggered_steps_are_coupled():
    """Steps up that answer each other a turn later are action–reaction: a spiral episode."""
    [ep] = episodes(frames(STAGGERED))
    assert ep.start == 3
    assert ep.peak in ("spiral", "runaway")


def test_race_answered_from_the_same_first_turn_is_a_spiral():
    """Two states that start reacting to each other in the same turn, with different paths after,
    are an action–reaction race (Richardson), not a common shock."""
    M = richardson(10, 12, k=0.3, l=0.2, a=0.4, b=0.3, g=6, h=5)
    [ep] = episodes(frames(M))
    assert ep.start == 2 and ep.peak == "spiral"


def test_spiral_ends_after_two_calm_turns():
    """An episode ends in the second consecutive turn either side builds less than γ*."""
    [ep] = episodes(frames(CONVERGING))
    assert ep.ended_by == "calm" and ep.end == 7  # growth below 5 % from turn 6


def test_lockstep_step_up_is_a_common_shock():
    """Both states stepping up together in lockstep (same turn, same growth) is a common shock, not a spiral."""
    M = levels([30, 30], [[0, 0], [0, 0]] + [[0.1, 0.1]] * 6)
    assert episodes(frames(M)) == []


def test_proportional_step_up_is_a_common_shock():
    """Buildups that begin in the same turn and keep the same shape (one a fixed multiple of the
    other) are a common shock, even at different rates and sizes."""
    g = [0.1 * 0.9**t for t in range(6)]
    M = levels([30, 45], [[0, 0], [0, 0]] + [[x, 1.5 * x] for x in g])
    assert episodes(frames(M)) == []


def test_proportional_growth_without_a_visible_start_is_not_called_a_shock():
    """Lockstep is judged from a shared start the series shows. Two states already building at the
    same rate when their fear sets in may be deep in an old race (a runaway race settles into
    proportional growth), so they are not written off as a common shock."""
    M = levels([30, 30], [[0.1, 0.1]] * 9)
    T = rising_fear(10, 2)
    T[:4] = 0.0  # nobody afraid for the first turns
    [ep] = episodes(frames(M, T))
    assert ep.start == 4


def test_runaway_race_resumed_after_arms_control_is_a_new_episode():
    """After an episode ends at an arms-control agreement, a race that goes on is a new episode after
    three fresh turns (the old run does not restart it at once)."""
    first, second = episodes(frames(RUNAWAY, formed_at=6))
    assert first.end == 6 and first.ended_by == "arms_control"
    assert second.start == 7 and second.stages[0][0] == 9


def test_two_states_arming_against_a_third_are_not_a_spiral():
    """A and B both arm, and each fears the other a little more, but each fears C much more: the A–B
    dyad is no spiral (each fears C more); the A–C dyad, where fear is mutual and principal, is one."""
    M = levels([30, 30, 40], [[0, 0, 0], [0.08, 0.06, 0.12], [0.06, 0.09, 0.12], [0.10, 0.06, 0.12],
                              [0.06, 0.10, 0.12], [0.09, 0.06, 0.12], [0.06, 0.09, 0.12]])
    rate = [[0.0, 0.01, 0.10],  # Aland fears Borea a little more each turn, Cerulia much more
            [0.01, 0.0, 0.10],
            [0.05, 0.05, 0.0]]
    eps = episodes(frames(M, rising_fear(len(M), 3, rate)), IDS3)
    pairs = {(e.a, e.b) for e in eps}
    assert ("aland", "borea") not in pairs
    assert ("aland", "cerulia") in pairs


def test_one_sided_buildup_is_not_a_spiral():
    """One state building while the other does not is no spiral, whatever the fear."""
    M = levels([30, 30], [[0.1, 0.0], [0.1, 0.01], [0.1, 0.0], [0.1, 0.02], [0.1, 0.0], [0.1, 0.0]])
    assert episodes(frames(M)) == []


def test_buildup_without_fear_is_not_a_spiral():
    """Both building while neither fears the other more (threat perceptions flat or falling) is no spiral."""
    T = rising_fear(len(CONVERGING), 2, np.full((2, 2), -0.05))
    assert episodes(frames(CONVERGING, T)) == []


def test_emerging_before_three_turns():
    """One or two building-and-fearing turns show the dyad as emerging; the episode starts at three."""
    tracker = SpiralTracker(IDS2, GAMMA)
    stages = []
    for f in frames(CONVERGING)[:5]:
        tracker.update(f)
        stages.append(STAGES[tracker.stage[0, 1]])
    assert stages == ["calm", "calm", "emerging", "emerging", "spiral"]
    assert len(tracker.episodes) == 1


def test_crisis_stage_at_rung_two():
    """An ongoing spiral whose dyad reaches rung 2 or more is at the crisis stage."""
    [ep] = episodes(frames(CONVERGING, rung_at=5))
    assert (5, "crisis") in ep.stages
    assert ep.peak == "crisis"


def test_war_ends_the_episode():
    """War ends a spiral episode, which records the war stage."""
    [ep] = episodes(frames(RUNAWAY, war_at=6))
    assert ep.ended_by == "war" and ep.end == 6 and ep.stages[-1] == (6, "war")


def test_conquest_ends_the_episode_as_war():
    """A member conquered (even in a war that began and ended within one turn) ends the episode as a war."""
    [ep] = episodes(frames(RUNAWAY, dead_at=6))
    assert ep.ended_by == "war" and ep.end == 6


def test_arms_control_ends_the_episode():
    """An arms-control agreement between the two ends their spiral episode."""
    ep = episodes(frames(RUNAWAY, formed_at=6))[0]
    assert ep.ended_by == "arms_control" and ep.end == 6


def test_runaway_when_k_l_exceeds_a_b():
    """A race whose Richardson fit has k·l > a·b is at the runaway stage; the fit recovers the coefficients."""
    [ep] = episodes(frames(RUNAWAY))
    assert ep.peak == "runaway"
    fit = ep.richardson
    assert abs(fit["k"] - 0.3) < 1e-3 and abs(fit["l"] - 0.25) < 1e-3
    assert abs(fit["a"] - 0.1) < 1e-3 and abs(fit["b"] - 0.1) < 1e-3
    assert fit["k"] * fit["l"] > fit["a"] * fit["b"]


def test_converging_race_is_a_spiral_but_not_runaway():
    """A race with a·b > k·l is a spiral that never reaches the runaway stage."""
    [ep] = episodes(frames(CONVERGING))
    assert all(stage == "spiral" for _, stage in ep.stages)
    fit = ep.richardson
    assert fit["a"] * fit["b"] > fit["k"] * fit["l"]


def test_tracker_and_recorded_series_agree():
    """The live tracker (engine, UI) and find_episodes over recorded frames find the same episodes."""
    fr = frames(RUNAWAY, rung_at=7)
    tracker = SpiralTracker(IDS2, GAMMA)
    for f in fr:
        tracker.update(f)
    recorded = episodes(fr)
    assert [(e.a, e.b, e.start, e.stages) for e in tracker.episodes] == [(e.a, e.b, e.start, e.stages) for e in recorded]


def test_building_read_in_floats_is_the_array_form():
    """Who builds is read state by state in plain floats (cheaper on a small world); it must be
    what the array form gives: growth over the turn, or the two-turn pace, at least γ*, for forces
    of every size (none, tiny, near the threshold)."""
    from game.core.spirals import growth

    rng = np.random.default_rng(3)
    n, turns = 6, 200
    M = rng.uniform(0.0, 50.0, (turns, n))
    M[rng.random((turns, n)) < 0.1] = 0.0
    M[rng.random((turns, n)) < 0.05] = 1e-12
    near = rng.random((turns, n)) < 0.3  # grown by γ* over one or two turns, to the last bit or so
    for t in range(2, turns):
        M[t, near[t]] = (M[t - 1, near[t]] * (1 + GAMMA)) if t % 2 else (M[t - 2, near[t]] * (1 + GAMMA) ** 2)
    tracker = SpiralTracker(tuple(f"s{k}" for k in range(n)), GAMMA)
    seen = set()
    for t in range(1, turns):
        g = growth(M[t - 1], M[t])
        if t >= 2:
            g = np.maximum(g, np.sqrt(np.maximum(M[t], 0.0) / np.maximum(M[t - 2], 1e-9)) - 1.0)
        expected = (g >= GAMMA).tolist()
        recent = [M[t - 2].tolist(), M[t - 1].tolist()] if t >= 2 else [M[t - 1].tolist()]
        assert tracker._building(M[t].tolist(), recent) == expected, t
        seen.update(expected)
    assert seen == {True, False}
