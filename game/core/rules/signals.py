"""Signals, the third phase of a turn (DESIGN.md §3): reassurance (restraint pledges, unilateral
cuts, transparency, arms-control offers) and deterrence (public threats, mobilisation).

Also the commitments other phases break: a pledge broken by arming, a threat or an attack, and a
threat or mobilisation opening a crisis.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core.rules import narration
from game.core.rules.legality import offer_open
from game.core.state import NO_TURN, RULES, WorldState

if TYPE_CHECKING:
    from game.core.rules.turn import TurnContext

GREEDY_TRUST_GAIN = 0.06  # share of a victim's output a greedy state expects to gain by being trusted
CUT_EVIDENCE = -1.5  # log-likelihood ratio greedy : security seeker of a cut costly enough to separate


def threat_evidence(d: float) -> float:
    """A public threat is read through distinguishability: when forces cannot be told apart, a
    deterrent threat looks like aggression (deterrence can backfire)."""
    return 0.3 + 0.9 * (1.0 - d)


def _cut_evidence(st: WorldState, actor: int, cut_units: float) -> np.ndarray:
    """Kydd: reassurance separates types only if it costs more than a greedy state would pay to
    be trusted. The cost is the output the scrapped forces took to buy; a greedy state's gain
    from trust grows with the observer's output and the believed offense advantage."""
    cost = cut_units / RULES.force_per_output
    gain = GREEDY_TRUST_GAIN * st.omega_perceived * st.Y
    ev = np.where(cost > gain, CUT_EVIDENCE, 0.0)
    ev[actor] = 0.0
    return ev


def resolve(tr: TurnContext) -> None:
    st, R, t = tr.st, RULES, tr.st.turn
    d = st.distinguishability
    for i, o in tr.by_kind["pledge"]:
        j = tr.target(o)
        st.pledge_until[i, j] = t + R.pledge_turns
        st.pledge_level[i, j] = st.M[i]
        tr.evidence(i, j, "pledge")
        tr.emit("pledge_made", [i, j], narration.pledge_made(tr.name(i), tr.name(j), t + R.pledge_turns),
                cause={"order": "pledge"})
    for i, o in tr.by_kind["unilateral_cut"]:
        j = tr.target(o)
        cut = o.fraction * st.M[i]
        from_o = min(st.O[i], cut)
        st.O[i] -= from_o
        # The floor keeps a token defence, but a cut never adds forces a state did not have.
        st.D[i] = max(min(st.D[i], RULES.min_forces), st.D[i] - (cut - from_o))
        ev = _cut_evidence(st, i, cut)
        tr.act_llr[:, i] += ev
        tr.emit("unilateral_cut", [i, j], narration.unilateral_cut(tr.name(i), tr.name(j), o.fraction),
                data={"forces_cut": round(float(cut), 2), "cost_output": round(float(cut / R.force_per_output), 2),
                      "costly_enough_for": [st.ids[k] for k in np.nonzero(ev < 0)[0]]},
                cause={"order": "unilateral_cut"})
    for i, o in tr.by_kind["transparency"]:
        j = tr.target(o)
        st.transparent_until[i, j] = t + R.transparency_turns
        tr.evidence(i, j, "transparency")
        tr.emit("transparency", [i, j], narration.transparency(tr.name(i), tr.name(j), t + R.transparency_turns),
                cause={"order": "transparency"})
    offers = {(i, tr.target(o)) for i, o in tr.by_kind["arms_control"]}
    for i, j in sorted(offers):
        if st.arms_control[i, j]:
            continue
        if (j, i) in offers or offer_open(st, "arms_control", j, i, tr.given):
            st.arms_control[i, j] = st.arms_control[j, i] = True
            st.ac_cap[i, j], st.ac_cap[j, i] = st.M[i], st.M[j]
            st.ac_offer[i, j] = st.ac_offer[j, i] = NO_TURN
            st.rung[i, j] = st.rung[j, i] = 0
            st.threat_made[i, j] = st.threat_made[j, i] = False
            st.crisis_since[i, j] = st.crisis_since[j, i] = NO_TURN
            tr.evidence(i, j, "arms_control_formed")
            tr.evidence(j, i, "arms_control_formed")
            tr.emit("arms_control_formed", [i, j], narration.arms_control_formed(tr.name(i), tr.name(j)),
                    data={"cap_" + st.ids[i]: round(float(st.M[i]), 2), "cap_" + st.ids[j]: round(float(st.M[j]), 2)},
                    cause={"order": "arms_control"})
        else:
            st.ac_offer[i, j] = t
            tr.evidence(i, j, "arms_control_offer")
            tr.emit("arms_control_offered", [i, j], narration.arms_control_offered(tr.name(i), tr.name(j)),
                    cause={"order": "arms_control"})
    hostile = threat_evidence(d)
    for i, o in tr.by_kind["threat"]:
        j = tr.target(o)
        hostile_act_breaks_pledge(tr, i, j, "threatened it")
        st.threat_made[i, j] = True
        raise_rung(tr, i, j, 2)
        tr.evidence(i, j, (hostile, 0.2 * hostile))
        p = st.index(o.protege) if o.protege else None
        tr.emit("threat_made", [i, j] + ([p] if p is not None else []),
                narration.threat_made(tr.name(i), tr.name(j), None if p is None else tr.name(p)),
                data={"extended": p is not None, "rung": int(st.rung[i, j])},
                cause={"order": "threat", "read_as_hostile_by_target": round(hostile, 2)})
    for i, o in tr.by_kind["mobilise"]:
        j = tr.target(o)
        hostile_act_breaks_pledge(tr, i, j, "mobilised against it")
        st.mobilised[i] = R.mobilisation_turns
        cost = R.mobilisation_cost * st.Y[i]
        st.welfare[i] -= cost
        raise_rung(tr, i, j, 3)
        tr.evidence(i, j, (hostile + 0.3, 0.3))
        tr.emit("mobilised", [i, j], narration.mobilised(tr.name(i), tr.name(j)),
                data={"cost": round(float(cost), 2), "rung": int(st.rung[i, j])}, cause={"order": "mobilise"})


def break_pledge(tr: TurnContext, i: int, j: int, how: str) -> None:
    """i breaks its restraint pledge to j: an audience cost in reputation and welfare."""
    st = tr.st
    st.pledge_until[i, j] = NO_TURN
    st.broke_faith[i, j] = st.turn
    tr.lose_reputation(i, RULES.audience_cost_reputation)
    cost = RULES.audience_cost_welfare * st.Y[i]
    st.welfare[i] -= cost
    tr.evidence(i, j, "pledge_broken")
    tr.emit("pledge_broken", [i, j], narration.pledge_broken(tr.name(i), tr.name(j), how),
            data={"welfare_cost": round(float(cost), 2)}, cause={"rule": "audience cost", "how": how})


def hostile_act_breaks_pledge(tr: TurnContext, i: int, j: int, how: str) -> None:
    """A hostile act breaks i's standing pledge to j; an attack also ends their arms control."""
    if tr.st.pledge_until[i, j] >= tr.st.turn:
        break_pledge(tr, i, j, how)
    if tr.st.arms_control[i, j] and how.startswith("attacked"):
        tr.st.arms_control[i, j] = tr.st.arms_control[j, i] = False


def raise_rung(tr: TurnContext, i: int, j: int, rung: int) -> None:
    """A threat or mobilisation lifts the dyad to at least `rung`, opening a crisis from rung 2;
    a crisis ends any arms control between the two."""
    st = tr.st
    if st.rung[i, j] < rung:
        if st.rung[i, j] < 2 <= rung:
            st.crisis_since[i, j] = st.crisis_since[j, i] = st.turn
        st.rung[i, j] = st.rung[j, i] = rung
        st.arms_control[i, j] = st.arms_control[j, i] = False
