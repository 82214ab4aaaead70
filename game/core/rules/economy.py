"""Economy and procurement, the first phase of a turn (DESIGN.md §3): budgets take effect, forces
are bought and wear out, output grows; then arming is held against the turn's commitments —
restraint pledges and arms-control caps.

`project_budget` is the same arithmetic for one state, for the AI and the orders panel.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.core.rules import narration
from game.core.rules.signals import break_pledge
from game.core.state import RULES, WorldState, all_true, any_nonzero, any_true

if TYPE_CHECKING:
    from game.core.rules.turn import TurnContext


@dataclass(frozen=True)
class BudgetProjection:
    cost: float      # output spent on forces this turn
    welfare: float   # output left for welfare
    offense: float   # offensive forces next turn
    defense: float
    forces: float
    growth: float    # forces' growth over the turn


def project_budget(O: float, D: float, Y: float, military_share: float, offense_share: float) -> BudgetProjection:
    """What a budget gives next turn, by the economy phase's own arithmetic (before any war)."""
    R = RULES
    buy = military_share * Y * R.force_per_output
    keep = 1 - R.depreciation
    O2 = O * keep + offense_share * buy
    D2 = D * keep + (1 - offense_share) * buy
    M, M2 = O + D, O2 + D2
    return BudgetProjection(cost=military_share * Y, welfare=(1 - military_share) * Y, offense=O2, defense=D2,
                            forces=M2, growth=(M2 - M) / max(M, 1e-9))


def _last_pledge(st: WorldState) -> int:
    """The last turn any restraint pledge runs to (kept for the last pledges, keyed on
    `pledge_until`'s bytes): a pledge is active this turn only if this is not before it."""
    key = st.pledge_until.tobytes()
    last = st.cache.last_pledge
    if last is None or last[0] != key:
        last = st.cache.last_pledge = (key, int(st.pledge_until.max()))
    return last[1]


def _procure_all_alive(st: WorldState, budgets: list) -> None:
    """The budgets (state index, order) take effect when every state is alive (the usual case):
    forces bought and worn, welfare, output, reputation recovered. In plain floats, state by
    state: at six states a numpy call costs more than a state's whole arithmetic here, and each
    number comes from the same operations in the same order as in the array form
    (`_procure_arrays`, for worlds with the conquered), so the numbers are the same."""
    R = RULES
    keep, per_output, drag, recovery = 1 - R.depreciation, R.force_per_output, R.growth_drag, R.reputation_recovery
    shares, offense = st.s.tolist(), st.mu.tolist()
    for i, o in budgets:
        shares[i] = o.military_share
        offense[i] = o.offense_share
    O, D, Y, welfare, reputation = st.O.tolist(), st.D.tolist(), st.Y.tolist(), st.welfare.tolist(), st.reputation.tolist()
    for k, g in enumerate(st.growth.tolist()):
        s, mu, y = shares[k], offense[k], Y[k]
        buy = s * y * per_output
        O[k] = O[k] * keep + mu * buy
        D[k] = D[k] * keep + (1 - mu) * buy
        welfare[k] += (1 - s) * y
        Y[k] = y * (1 + g - drag * s)
        reputation[k] = min(reputation[k] + recovery, 1.0)
    # (`[...] =` takes a list for less than `[:] =`)
    st.s[...] = shares
    st.mu[...] = offense
    st.O[...] = O
    st.D[...] = D
    st.Y[...] = Y
    st.welfare[...] = welfare
    st.reputation[...] = reputation


def _procure_arrays(st: WorldState, budgets: list) -> None:
    """The same as `_procure_all_alive` for any world, the conquered masked out (they buy,
    earn and recover nothing)."""
    R = RULES
    alive = st.alive
    for i, o in budgets:
        st.s[i] = o.military_share
        st.mu[i] = o.offense_share
    buy = st.s * st.Y
    buy *= R.force_per_output
    keep = 1 - R.depreciation
    st.O[:] = np.where(alive, st.O * keep + st.mu * buy, 0.0)
    st.D[:] = np.where(alive, st.D * keep + (1 - st.mu) * buy, 0.0)
    st.welfare += np.where(alive, (1 - st.s) * st.Y, 0.0)
    st.Y[:] = np.where(alive, st.Y * (1 + st.growth - R.growth_drag * st.s), st.Y)
    st.reputation += R.reputation_recovery * alive
    np.minimum(st.reputation, 1.0, out=st.reputation)


def resolve(tr: TurnContext) -> None:
    st, R = tr.st, RULES
    np.add(st.O, st.D, out=st.prev_M)
    if all_true(st.alive):  # the usual case
        _procure_all_alive(st, tr.by_kind["budget"])
    else:
        _procure_arrays(st, tr.by_kind["budget"])
    if any_nonzero(st.mobilised):  # (nobody mobilised: nothing to count down)
        st.mobilised -= 1
        np.maximum(st.mobilised, 0, out=st.mobilised)
    M = None
    # Broken restraint pledges (arming beyond the pledged level): an audience cost.
    if _last_pledge(st) >= st.turn:
        M = st.M
        active = st.pledge_until >= st.turn
        broken = active & (M[:, None] > st.pledge_level * (1 + R.pledge_tolerance))
        for i, j in zip(*np.nonzero(broken)):
            break_pledge(tr, int(i), int(j), "armed beyond the pledged level")
    # Arms-control caps: a violation is detected with probability d (or better, when open).
    if any_true(st.arms_control):
        M = st.M if M is None else M
        d = st.distinguishability
        over = st.arms_control & (M[:, None] > st.ac_cap * (1 + R.arms_control_slack))
        # A state at war is released from caps with third parties (force majeure): its war
        # footing is no violation and no evidence against it. (Most turns see no war.)
        if any_true(st.war):
            over &= ~st.war.any(axis=1)[:, None]
        for i, j in zip(*np.nonzero(over)):
            i, j = int(i), int(j)
            if not st.arms_control[i, j]:
                continue  # both broke the cap and the other was caught first: nothing left to break
            d_eff = max(d, 0.95) if st.transparent_until[i, j] >= st.turn else d
            if tr.rng.random() < d_eff:
                st.arms_control[i, j] = st.arms_control[j, i] = False
                st.broke_faith[i, j] = st.turn
                tr.lose_reputation(i, R.audience_cost_reputation)
                st.rung[i, j] = st.rung[j, i] = max(1, st.rung[i, j])
                tr.evidence(i, j, "arms_control_violated")
                tr.emit("arms_control_violated", [i, j], narration.arms_control_violated(tr.name(i), tr.name(j)),
                        data={"forces": round(float(M[i]), 2), "cap": round(float(st.ac_cap[i, j]), 2)},
                        cause={"rule": "violation detected", "probability": round(d_eff, 3)})
            else:
                tr.emit("arms_control_violation_hidden", [i, j],
                        narration.arms_control_violation_hidden(tr.name(i), tr.name(j)),
                        data={"forces": round(float(M[i]), 2), "cap": round(float(st.ac_cap[i, j]), 2)},
                        cause={"rule": "violation not detected", "probability": round(1 - d_eff, 3)},
                        visible_to=[i])
