"""Wars, the fifth phase of a turn (DESIGN.md §3 and §6): attacks start wars and call in the
victim's allies, unanswered calls lapse, peace is made when both sides offer it (the side behind in
a decisive war ceding territory), a war climbs the nuclear rungs one at a time, every front is a Hirshleifer contest, and a state crushed (forces all but gone, or output below
the floor with its forces outmatched) is conquered.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.core import combat
from game.core.rules import narration
from game.core.rules.diplomacy import abandon_call
from game.core.rules.legality import call_open, offer_open
from game.core.rules.signals import hostile_act_breaks_pledge
from game.core.state import NO_TURN, RULES, any_true, any_turn, upper_pairs

if TYPE_CHECKING:
    from game.core.rules.turn import TurnContext


def start_war(tr: TurnContext, a: int, v: int, called: bool, how: str, rationale: str | None = None) -> None:
    """a goes to war against v (`how`: "order", "escalation" or "accident"), labelled by the
    attacker's stated rationale or else by the situation (a war escalated out of a crisis carries
    the escalator's label by the same rules as an attack). A war of aggression calls v's allies
    and guarantors to arms; an ally answering a call joins the war already fought and calls no
    one in its turn (the coalition grows, no new chain of calls starts), and an ally that made
    peace with the aggressor within RULES.call_peace_turns turns is not called against it again."""
    st = tr.st
    if how == "accident":
        label = "accidental"
    elif called or rationale is None:
        label = combat.label_war(st, a, v, called)
    else:
        label = rationale
    now, later = combat.projected_power_share(st, a, v)
    hostile_act_breaks_pledge(tr, a, v, "attacked it")
    _war_breaks_commitments(tr, a, v)
    st.war[a, v] = st.war[v, a] = True
    st.war_attacker[a, v], st.war_attacker[v, a] = True, False
    st.war_start[a, v] = st.war_start[v, a] = st.turn
    st.war_label[a, v] = st.war_label[v, a] = combat.label_code(label)
    st.war_net[a, v] = st.war_net[v, a] = 0.0
    st.rung[a, v] = st.rung[v, a] = 5
    st.arms_control[a, v] = st.arms_control[v, a] = False
    st.threat_made[a, v] = st.threat_made[v, a] = False
    if how != "accident":  # an incident is nobody's act of aggression
        tr.evidence(a, v, "alliance_attack" if called else "attack")
    text = (narration.war_from_incident(tr.name(a), tr.name(v)) if how == "accident"
            else narration.war_started(tr.name(a), tr.name(v), label))
    tr.emit("war_started", [a, v], text,
            data={"label": label, "power_share_now": round(now, 3), "power_share_later": round(later, 3),
                  "win_probability": round(combat.dyad_win_probability(st, a, v), 3)},
            cause={"order": "attack" if how == "order" else how,
                   "label_reason": narration.war_label_reason(label, now, later)})
    if not called:
        _call_allies(tr, a, v)


def _call_allies(tr: TurnContext, a: int, v: int) -> None:
    """Call v's allies and guarantors to arms against a (not a's allies: pacts are defensive)."""
    st = tr.st
    for k in range(st.n):
        if k in (a, v) or not st.alive[k] or st.war[k, a] or st.pact[k, a]:
            continue
        if st.last_peace[k, a] != NO_TURN and st.turn - st.last_peace[k, a] < RULES.call_peace_turns:
            continue  # a peace just made with the aggressor is not broken by a call
        if st.pact[k, v] or st.guarantee[k, v]:
            if call_open(st, k, a, tr.given) or st.call_turn[k, a] == st.turn:
                continue  # already called against this aggressor (earlier, or by another victim this turn)
            st.call_turn[k, a] = st.turn
            st.call_victim[k, a] = v
            tr.emit("ally_called", [k, v, a], narration.ally_called(tr.name(v), tr.name(k), tr.name(a), bool(st.pact[k, v])),
                    cause={"rule": "defensive pact" if st.pact[k, v] else "guarantee"})


def _war_breaks_commitments(tr: TurnContext, a: int, v: int) -> None:
    """No state is allied to, or guarantees, a state it is at war with. The attacker pays what
    leaving would have cost; a victim's guarantee of its attacker simply ends."""
    st, R = tr.st, RULES
    if st.pact[a, v]:
        st.pact[a, v] = st.pact[v, a] = False
        tr.lose_reputation(a, R.leave_pact_reputation)
        tr.emit("pact_left", [a, v], narration.pact_broken_by_attack(tr.name(a), tr.name(v)),
                data={"reputation_cost": R.leave_pact_reputation}, cause={"rule": "attacked an ally"})
    if st.guarantee[a, v]:
        st.guarantee[a, v] = False
        tr.lose_reputation(a, R.leave_pact_reputation / 2)
        tr.emit("guarantee_ended", [a, v], narration.guarantee_ended_by_attack(tr.name(a), tr.name(v)),
                cause={"rule": "attacked a protégé"})
    if st.guarantee[v, a]:
        st.guarantee[v, a] = False
        tr.emit("guarantee_ended", [v, a], narration.guarantee_ended_by_protege_attack(tr.name(v), tr.name(a)),
                cause={"rule": "attacked by a protégé"})


def resolve(tr: TurnContext) -> None:
    st, R = tr.st, RULES
    for i, o in tr.by_kind["attack"]:
        j = tr.target(o)
        if not (st.alive[i] and st.alive[j]) or st.war[i, j]:
            continue
        called = bool(call_open(st, i, j, tr.given))
        victim = int(st.call_victim[i, j])
        st.call_turn[i, j] = NO_TURN  # a state fighting the aggressor has answered any call against it
        st.call_victim[i, j] = NO_TURN
        if called:
            tr.emit("ally_joined", [i, victim, j], narration.ally_joined(tr.name(i), tr.name(victim), tr.name(j)),
                    cause={"order": "attack", "rule": "call to arms"})
        start_war(tr, i, j, called=called, how="order", rationale=o.rationale)
    # Unanswered calls lapse: buck-passing breaks the commitment.
    if any_turn(st.call_turn):  # (on most turns no call to arms stands)
        lapsed = (st.call_turn != NO_TURN) & (st.turn - st.call_turn >= R.call_turns)
        for k, a in zip(*np.nonzero(lapsed)):
            k, a = int(k), int(a)
            victim = int(st.call_victim[k, a])
            if victim != NO_TURN and st.alive[victim] and st.war[victim, a] and st.alive[k] and not st.war[k, a]:
                abandon_call(tr, k, a, refused=False)
            else:
                st.call_turn[k, a] = NO_TURN
                st.call_victim[k, a] = NO_TURN
    # Peace when both offer: in the same turn, or one answers the other's standing offer.
    offers = {(i, tr.target(o)) for i, o in tr.by_kind["peace"]}
    for i, j in sorted(offers):
        if not st.war[i, j]:
            continue
        if (j, i) in offers or offer_open(st, "peace", j, i, tr.given):
            _end_war(tr, i, j, "peace")
        else:
            st.peace_offer[i, j] = st.turn
            tr.emit("peace_offered", [i, j], narration.peace_offered(tr.name(i), tr.name(j)),
                    cause={"order": "peace"}, visible_to=[i, j])
    # Nuclear escalation during war (§6): an escalation order in a war begun before this turn is a
    # nuclear strike. A state's first use in a war is limited (rung 6): it takes the war from rung 5
    # to 6, or answers in kind a strike already suffered; its second use is general nuclear war
    # (rung 7). Strikes are judged on the war as it stood before this turn's strikes, so the ladder
    # climbs at most one rung a turn and the order of states does not matter.
    strikes = []
    for i, o in tr.by_kind["crisis"]:
        j = tr.target(o)
        if not (st.war[i, j] and st.war_start[i, j] < st.turn and o.response == "escalate" and st.rung[i, j] < 7):
            continue
        used_before = st.nuclear_strike[i, j] >= st.war_start[i, j]
        struck = st.nuclear_strike[j, i] >= st.war_start[i, j]
        strikes.append((i, j, 7 if used_before else 6, bool(struck and not used_before)))
    for i, j, level, reply in strikes:
        st.nuclear_strike[i, j] = st.turn
        st.rung[i, j] = st.rung[j, i] = max(int(st.rung[i, j]), level)
        damage = combat.nuclear_damage(st, i, j, level)
        destroyed, welfare_lost = {}, {}
        for sid, share in damage.items():
            k = st.index(sid)
            destroyed[sid] = float(share * st.Y[k])
            welfare_lost[sid] = destroyed[sid] * R.nuclear_welfare_turns
            st.Y[k] *= 1 - share
            st.O[k] *= 1 - share
            st.D[k] *= 1 - share
            st.welfare[k] -= welfare_lost[sid]
        tr.emit("nuclear_use", [i, j],
                narration.nuclear_use(tr.name(i), tr.name(j), level, reply,
                                      {tr.name(st.index(sid)): (share, welfare_lost[sid]) for sid, share in damage.items()}),
                data={"rung": int(st.rung[i, j]), "strike": "general" if level >= 7 else "limited", "reply": reply,
                      "output_lost": {k: round(v, 3) for k, v in damage.items()},
                      "output_destroyed": {k: round(v, 2) for k, v in destroyed.items()},
                      "welfare_lost": {k: round(v, 2) for k, v in welfare_lost.items()},
                      "mutual_second_strike": bool(combat.second_strike(st.N[i]) and combat.second_strike(st.N[j]))},
                cause={"order": "crisis", "response": "escalate",
                       "rule": "reply in kind" if reply else "general nuclear war" if level >= 7 else "first use"})
    # Each war turn is a contest.
    if not any_true(st.war):
        return
    fronts = st.war.sum(axis=1)
    # Every front is fought at once: strengths come from the forces at the start of the contests,
    # not from what an earlier front (in state order) left; losses multiply, so order is moot.
    O0, D0 = st.O.copy(), st.D.copy()
    for i, j in zip(*np.nonzero(st.war & upper_pairs(st.n))):
        i, j = int(i), int(j)
        if not (st.alive[i] and st.alive[j]):
            continue
        a, v = (i, j) if st.war_attacker[i, j] else (j, i)
        A = combat.attack_strength(st.omega, st.geo[a, v], O0[a], st.mobilised[a] > 0, int(fronts[a]))
        B = combat.defense_strength(D0[v], O0[v], st.mobilised[v] > 0, int(fronts[v]))
        p = combat.win_probability(A, B)
        won = bool(tr.rng.random() < p)
        la, lv = combat.war_losses(A, B, won)
        st.O[a] *= 1 - la / fronts[a]
        st.D[a] *= 1 - la / fronts[a]
        st.O[v] *= 1 - lv / fronts[v]
        st.D[v] *= 1 - lv / fronts[v]
        if won:
            taken = R.territory_share * st.Y[v]
            st.Y[v] -= taken
            st.Y[a] += taken
            st.war_net[a, v] += taken
            st.war_net[v, a] -= taken
        else:
            taken = 0.5 * R.territory_share * st.Y[a]
            st.Y[a] -= taken
            st.Y[v] += taken
            st.war_net[v, a] += taken
            st.war_net[a, v] -= taken
        for k in (a, v):
            cost = R.war_output_cost * st.Y[k]
            st.Y[k] -= cost
            st.welfare[k] -= cost
        tr.emit("war_turn", [a, v], narration.war_turn(tr.name(a), tr.name(v), won),
                data={"attacker_win_probability": round(p, 3), "attacker_won": won,
                      "output_changed_hands": round(float(taken), 2), "attacker_losses": round(la, 3),
                      "defender_losses": round(lv, 3)},
                cause={"rule": "Hirshleifer contest", "probability": round(p, 3)})
    # Conquest: a state crushed in war — its forces all but gone, or its output below the floor
    # with its forces outmatched by the enemy that took most from it. A state still holding a
    # strong army is not conquered however poor it has become. Judged for every state at once,
    # and a conqueror must not be crushed itself: two states that destroyed each other in the
    # same turn (a general nuclear war) both survive, ruined, and neither annexes the other.
    M = st.M
    crushed = {}  # state -> the enemy that would take it
    for j in range(st.n):
        if not st.alive[j]:
            continue
        enemies = np.nonzero(st.war[j])[0]
        if len(enemies) == 0:
            continue
        conqueror = int(enemies[np.argmax(st.war_net[enemies, j])])
        if M[j] < R.conquest_force_floor or (st.Y[j] < R.conquest_output_floor * st.Y0[j]
                                             and M[j] < R.conquest_force_ratio * M[conqueror]):
            crushed[j] = conqueror
    for j, conqueror in crushed.items():
        if conqueror not in crushed:
            _conquer(tr, conqueror, j)


def _end_war(tr: TurnContext, i: int, j: int, how: str) -> None:
    st = tr.st
    st.war[i, j] = st.war[j, i] = False
    st.war_attacker[i, j] = st.war_attacker[j, i] = False
    st.peace_offer[i, j] = st.peace_offer[j, i] = NO_TURN
    st.last_peace[i, j] = st.last_peace[j, i] = st.turn
    # The victim's calls to arms against its former enemy are over (nobody can refuse, or be
    # blamed for ignoring, a call to a war that has ended).
    for aggressor, victim in ((i, j), (j, i)):
        ended = st.call_victim[:, aggressor] == victim
        st.call_turn[ended, aggressor] = NO_TURN
        st.call_victim[ended, aggressor] = NO_TURN
    st.rung[i, j] = st.rung[j, i] = 1
    st.crisis_since[i, j] = st.crisis_since[j, i] = NO_TURN
    net = float(st.war_net[i, j])
    result, ceded, text = "draw", 0.0, narration.peace(tr.name(i), tr.name(j))
    if abs(net) > 0.02 * max(st.Y0[i], st.Y0[j]):
        w, l = (i, j) if net > 0 else (j, i)
        st.wars_won[w] += 1
        st.wars_lost[l] += 1
        result = st.ids[w]
        # A decisive war ends in a settlement: the side behind cedes territory to make peace.
        ceded = RULES.peace_settlement_share * float(st.Y[l])
        st.Y[l] -= ceded
        st.Y[w] += ceded
        text = narration.peace_with_settlement(tr.name(l), tr.name(w), ceded)
    tr.emit("peace", [i, j], text,
            data={"winner": result, "output_gained_by_" + st.ids[i]: round(net, 2), "output_ceded": round(ceded, 2),
                  "turns": int(st.turn - st.war_start[i, j] + 1)},
            cause={"order": "peace"} if how == "peace" else {"rule": how})


def _conquer(tr: TurnContext, winner: int, loser: int) -> None:
    st = tr.st
    gained = RULES.annexed_share * st.Y[loser]
    st.Y[winner] += gained
    for k in np.nonzero(st.war[loser])[0]:
        k = int(k)
        st.war[loser, k] = st.war[k, loser] = False
        st.war_attacker[loser, k] = st.war_attacker[k, loser] = False
        st.rung[k, loser] = st.rung[loser, k] = 0
    st.wars_won[winner] += 1
    st.wars_lost[loser] += 1
    st.alive[loser] = False
    st.conquered_by[loser] = winner
    st.rung[loser, :] = st.rung[:, loser] = 0  # no crisis with a state that no longer exists
    st.crisis_since[loser, :] = st.crisis_since[:, loser] = NO_TURN
    st.Y[loser] = 0.0
    st.O[loser] = st.D[loser] = 0.0
    st.N[loser] = 0.0
    st.s[loser] = 0.0
    for arr in (st.pact, st.guarantee, st.arms_control, st.threat_made):
        arr[loser, :] = False
        arr[:, loser] = False
    for arr in (st.pact_offer, st.ac_offer, st.peace_offer, st.pledge_until, st.transparent_until, st.call_turn,
                st.call_victim):
        arr[loser, :] = NO_TURN
        arr[:, loser] = NO_TURN
    st.call_turn[st.call_victim == loser] = NO_TURN
    st.call_victim[st.call_victim == loser] = NO_TURN
    tr.emit("conquered", [winner, loser], narration.conquered(tr.name(winner), tr.name(loser)),
            data={"output_annexed": round(float(gained), 2)}, cause={"rule": "output or forces below the floor"})
