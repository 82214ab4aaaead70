"""Crises, the fourth phase of a turn (DESIGN.md §3 and §6): on the escalation ladder each side
stands firm, backs down or escalates one rung; when both stand firm an incident may step the
crisis up, with a chance that grows with rung, tension and Ω; rung 5 is war.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core import combat
from game.core.perception import tension_matrix
from game.core.rules import narration
from game.core.rules.signals import break_pledge
from game.core.rules.wars import start_war
from game.core.state import NO_TURN, RULES, WorldState, upper_pairs

if TYPE_CHECKING:
    from game.core.rules.turn import TurnContext


def _end_crisis(st: WorldState, i: int, j: int) -> None:
    st.rung[i, j] = st.rung[j, i] = 1
    st.crisis_since[i, j] = st.crisis_since[j, i] = NO_TURN
    st.threat_made[i, j] = st.threat_made[j, i] = False


def _open_crises(st: WorldState) -> list[tuple[int, int]]:
    """The pairs i < j in crisis (rung 2 or more), not at war, both alive, in order. Kept for the
    last rungs, wars and survivors, keyed on their bytes: they seldom change, and finding the pairs
    costs more than the rest of a turn without a crisis."""
    key = (st.rung.tobytes(), st.war.tobytes(), st.alive.tobytes())
    last = st.cache.open_crises
    if last is None or last[0] != key:
        open_ = (st.rung >= 2) & ~st.war & st.alive[:, None] & st.alive[None, :] & upper_pairs(st.n)
        last = st.cache.open_crises = (key, [(int(i), int(j)) for i, j in zip(*np.nonzero(open_))])
    return last[1]


def resolve(tr: TurnContext) -> None:
    st, R = tr.st, RULES
    pairs = _open_crises(st)
    if not pairs:
        return
    tension = tension_matrix(st)
    for i, j in pairs:
        if st.crisis_since[i, j] == st.turn:
            continue  # opened this turn: the other side answers next turn
        ri, rj = tr.response(i, j), tr.response(j, i)
        r = int(st.rung[i, j])
        if "escalate" in (ri, rj):
            movers = [k for k, resp in ((i, ri), (j, rj)) if resp == "escalate"]
            for k in movers:  # escalating by choice is a threat: it breaks a restraint pledge
                other = j if k == i else i
                if st.pledge_until[k, other] >= st.turn:
                    break_pledge(tr, k, other, "escalated the crisis")
            new = r + 1
            mover_names = [tr.name(k) for k in movers]
            mover_ids = [st.ids[k] for k in movers]
            if new >= 5:
                attacker = movers[0] if len(movers) == 1 else (i if st.O[i] >= st.O[j] else j)
                other = j if attacker == i else i
                tr.emit("crisis_escalated", movers + [k for k in (i, j) if k not in movers],
                        narration.crisis_escalated_into_war(mover_names),
                        data={"rung": 5, "movers": mover_ids}, cause={"order": "crisis", "response": "escalate"})
                start_war(tr, attacker, other, called=False, how="escalation")
            else:
                st.rung[i, j] = st.rung[j, i] = new
                tr.emit("crisis_escalated", movers + [k for k in (i, j) if k not in movers],
                        narration.crisis_escalated(mover_names, new),
                        data={"rung": new, "movers": mover_ids}, cause={"order": "crisis", "response": "escalate"})
            continue
        if ri == "back_down" and rj == "back_down":
            _end_crisis(st, i, j)
            tr.emit("crisis_defused", [i, j], narration.crisis_defused(tr.name(i), tr.name(j)),
                    cause={"order": "crisis", "response": "back_down"})
            continue
        if "back_down" in (ri, rj):
            loser, winner = (i, j) if ri == "back_down" else (j, i)
            cost = R.back_down_reputation + (R.audience_cost_reputation if st.threat_made[loser, winner] else 0.0)
            tr.lose_reputation(loser, cost)
            conceded = R.concession_share * st.Y[loser]
            st.Y[loser] -= conceded
            st.Y[winner] += conceded
            _end_crisis(st, i, j)
            tr.evidence(loser, winner, "backed_down")
            tr.emit("crisis_backed_down", [loser, winner],
                    narration.crisis_backed_down(tr.name(loser), tr.name(winner), conceded),
                    data={"reputation_cost": round(cost, 3), "conceded": round(float(conceded), 2),
                          "winner_threatened": bool(st.threat_made[winner, loser])},
                    cause={"order": "crisis", "response": "back_down"})
            continue
        # Both stand firm: the crisis goes on, with a chance of an accidental step up.
        if r == 4:
            for k in (i, j):
                st.O[k] *= 1 - R.border_clash_force_loss
                st.D[k] *= 1 - R.border_clash_force_loss
            tr.emit("border_clash", [i, j], narration.border_clash(tr.name(i), tr.name(j)),
                    data={"force_loss": R.border_clash_force_loss}, cause={"rule": "rung 4"})
        p = combat.accident_probability(r, float(tension[i, j]), st.omega)
        if tr.rng.random() < p:
            new = r + 1
            tr.emit("crisis_accident", [i, j], narration.crisis_accident(tr.name(i), tr.name(j), new),
                    data={"rung": new}, cause={"rule": "accidental escalation", "probability": round(p, 3)})
            if new >= 5:
                attacker = i if (st.mobilised[i], st.O[i]) >= (st.mobilised[j], st.O[j]) else j
                start_war(tr, attacker, j if attacker == i else i, called=False, how="accident")
            else:
                st.rung[i, j] = st.rung[j, i] = new
