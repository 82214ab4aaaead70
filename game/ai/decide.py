"""The decision core (DESIGN.md §4.4–4.7): arms, alliances, signals, crises and war.

One function, `decide(view, rng, params, doctrine)`, turns a view into orders with their reasons.
Doctrines are parameter sets (`Params`) on this core. Every decision adds a Reason to the
explanation; every order is checked against the rules before it is given.

- Arms (Richardson with belief-driven reaction): ΔM_i = κ[Σ_j k_ij·M̂_j − a_i·M_i] + g_i, where
  k_ij = k₀·(π₀ + π_ij)·proximity·Ω̃^w·(¼ + 1½·μ̂_ij) rises with the belief that j is greedy, the believed
  offense advantage, nearness and how offensive j's forces look; a_i = a₀ + a₁·s_i is the
  economic fatigue of the burden; g_i > 0 only for greedy types.
- Offensive share rises with Ω̃; security seekers lower it when d is high (a defensive posture
  is then a credible, costly signal).
- Alliances (Walt; Christensen & Snyder): balance against the main threat with a partner that
  also faces it; bandwagon only when weak and alone; under perceived offense dominance answer
  calls to arms at once (chain-ganging), under perceived defense dominance leave the fight to
  states nearer the threat (buck-passing).
- Signals (spiral vs deterrence model): deter when π is high, reassure when low, reciprocate in
  between (Huth's firm-but-flexible). Greedy types do not pay for costly reassurance (Kydd).
- Crises and war (Fearon): preventive war when δ(p₀−p₁) > (1−δ)(1−p₀+c); preemption when the
  first-strike advantage exceeds the costs of war, p_f − p_s > c_i + c_j; greedy types attack
  when the expected gain beats war's cost; never a war against a mutual second strike.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from game.ai import threat as th
from game.ai.beliefs import belief_factors, distinguishability_word, share_for_growth
from game.ai.explain import Explanation, Factor, Reason, pct
from game.core import combat
from game.core.commands import (
    AcceptPact,
    ArmsControlOffer,
    Attack,
    Budget,
    CrisisResponse,
    DilemmaMove,
    Guarantee,
    LeavePact,
    Mobilise,
    OfferPeace,
    Order,
    Pledge,
    ProposePact,
    RefuseCall,
    Threat,
    Transparency,
    UnilateralCut,
    target_of,
)
from game.core.controller import Decision
from game.core.perception import NOISE_PERSISTENCE, THREAT_RANGE
from game.core.rules import call_open, check_order, offer_open, offers_open
from game.core.state import RULES, WAR_LABELS
from game.core.view import View
from game.errors import IllegalOrder

PROJECTION_TURNS = 5
NUCLEAR_WAR_COST = 10.0


@dataclass(frozen=True)
class Params:
    # arms (Richardson)
    reaction: float = 0.7  # k₀
    prudence: float = 0.15  # belief-independent part of the reaction: one is never sure
    omega_weight: float = 0.5  # reaction grows as Ω̃ to this power
    fatigue: float = 0.25  # a₀
    burden_fatigue: float = 0.5  # a₁, per unit of military share
    adjust: float = 0.5  # κ: a state closes only part of the gap in a turn (procurement takes time)
    max_growth: float = 0.15  # and cannot grow its forces faster than this in peacetime
    greed_growth: float = 0.03  # g for greedy types, per turn
    floor_share: float = 0.15  # forces wanted even without threat, as a share of output (grievance term)
    others_weight: float = 0.25  # rivals other than the main one count this much (threats are not simply added)
    relative_power: float = 0.0  # wish to out-arm the strongest rival by this ratio (offensive realists)
    max_share: float = 0.5
    # posture
    offense_base: float = 0.45
    offense_omega: float = 0.2  # per doubling of Ω̃
    offense_signal: float = 0.4  # how far security seekers lower μ as d rises
    # signals
    reassure_below: float = 0.35
    deter_above: float = 0.65
    arms_control_below: float = 0.5
    grit: bool = False  # unilateral cuts to break a spiral (Osgood)
    transparency: bool = True
    reciprocity: bool = True
    # alliances
    balance_threshold: float = 0.3  # threat that makes a state look for allies
    max_pacts: int = 2  # a state seeks no new pact beyond this many
    buck_pass: float = 0.0  # extra inclination to leave balancing to others
    commitment: float = 0.5  # baseline tightness of alliance commitments
    guarantees: bool = False  # extend deterrence to threatened weaker states
    # crises and war
    firmness: float = 0.0
    discount: float = 0.9  # δ
    war_cost: float = 0.25  # c: expected costs of war, as a share of the stakes
    preventive: bool = True
    preemptive: bool = True
    opportunism: float = 0.0  # > 0: seize a war that is all but won, whatever one's type (Mearsheimer)
    peace_memory: int = 12  # turns after a peace in which a state does not start a new war on the same rival


# ---------------------------------------------------------------------------------------------


_NO_ACTS: frozenset[str] = frozenset()


class _Plan:
    """Orders being gathered, each checked against the rules and the orders before it; reasons
    are built only when explanations are wanted (batch experiments skip them)."""

    def __init__(self, view: View, doctrine: str, explain: bool = True):
        self.view = view
        self.orders: list[Order] = []
        self.explain = explain
        self.exp = Explanation(state=view.my_id, doctrine=doctrine) if explain else None
        self._cache: dict = {}
        self._given: set[tuple[str, str | None]] = set()  # (kind, target) and (kind, None) of every order
        me = view.me
        self.war_row: tuple[bool, ...] = view.lists("war")[me]
        self.pact_row: tuple[bool, ...] = view.lists("pact")[me]
        self.fronts = sum(self.war_row)
        self.at_war = self.fronts > 0
        self.n_pacts = sum(self.pact_row)

    def arming_seen(self, turns: int = 2) -> list[bool]:
        """Which states seem to be arming: seen growth over `turns` turns at or above the spiral
        threshold and beyond what intelligence noise alone would show (two standard errors)."""
        key = ("arming", turns)
        if key not in self._cache:
            view = self.view
            h = view.seen_M
            if len(h) < 2:
                self._cache[key] = [False] * view.n
            else:
                k = min(turns, len(h) - 1)
                spread = 2 * math.sqrt(2 * (1 - NOISE_PERSISTENCE**k)) / k
                gamma = view.spiral_threshold
                self._cache[key] = [
                    (g := (now / max(then, 1e-9)) ** (1.0 / k) - 1.0) >= gamma and g > spread * err
                    for now, then, err in zip(h[-1].tolist(), h[-1 - k].tolist(), view.lists("error"))]
        return self._cache[key]

    def acts_toward_me(self, actor: int) -> set[str] | frozenset[str]:
        """Kinds of the public acts `actor` aimed at me last turn."""
        if "acts" not in self._cache:
            view, acts = self.view, {}
            me_id = view.ids[view.me]
            for e in view.events:
                if e.turn == view.turn and len(e.actors) > 1 and e.actors[1] == me_id:
                    acts.setdefault(e.actors[0], set()).add(e.kind)
            self._cache["acts"] = acts
        return self._cache["acts"].get(self.view.ids[actor], _NO_ACTS)

    @property
    def main_threat(self) -> th.ThreatReading | None:
        """The rival (not an ally) I feel most threatened by, read factor by factor (cached)."""
        if "main" not in self._cache:
            view = self.view
            threat = view.lists("threat")
            best = max((j for j in view.rivals() if not self.pact_row[j]), key=threat.__getitem__, default=None)
            self._cache["main"] = th.reading(view, best) if best is not None else None
        return self._cache["main"]

    def give(self, order: Order, reason: Callable[[], Reason] | None) -> bool:
        try:
            check_order(self.view, self.view.me, order, self.orders)
        except IllegalOrder:
            return False
        self.orders.append(order)
        self._given.add((order.kind, None))
        self._given.add((order.kind, target_of(order)))
        if reason is not None and self.explain:
            r = reason()
            r.order = order.model_dump(mode="json", exclude_none=True)
            self.exp.add(r)
        return True

    def note(self, reason: Callable[[], Reason]) -> None:
        """A reason for something not done (holding back, passing the buck)."""
        if self.explain:
            self.exp.add(reason())

    def has(self, kind: str, target: str | None = None) -> bool:
        return (kind, target) in self._given


def decide(view: View, rng: np.random.Generator, params: Params, doctrine: str, explain: bool = True) -> Decision:
    plan = _Plan(view, doctrine, explain)
    if view.dilemma:
        return _dilemma(view, params, plan)
    _wars(view, params, plan)
    _calls(view, params, plan)
    _crises(view, params, plan)
    _war_initiation(view, params, plan)
    _arms(view, params, plan)
    _alliances(view, params, plan)
    _signals(view, params, plan, rng)
    return Decision(plan.orders, plan.exp, checked_against=view)


# ---------------------------------------------------------------------------------------------
# Arms


def reaction_coefficients(view: View, params: Params) -> tuple[list[float], float]:
    """(k_ij for every j, a_i): the Richardson coefficients this state acts on now.
    (Plain Python over a dozen states: cheaper than numpy on arrays this small.)"""
    me = view.me
    war, pact, alive = view.lists("war")[me], view.lists("pact")[me], view.lists("alive")
    belief, dist, mu = view.lists("belief"), view.lists("dist")[me], view.lists("mu_est")
    scale = params.reaction * view.omega ** params.omega_weight
    k = [0.0] * view.n
    for j in range(view.n):
        if j == me or not alive[j] or pact[j]:
            continue
        pi, prox = (1.0, 1.0) if war[j] else (belief[j], math.exp(-dist[j] / THREAT_RANGE))
        k[j] = scale * (params.prudence + pi) * prox * (0.25 + 1.5 * mu[j])
    a = params.fatigue + params.burden_fatigue * view.my_s
    return k, a


def arms_pull(view: View, k: list[float], params: Params) -> list[float]:
    """Each rival's pull on my arms, k_ij·M̂_j — the main rival in full, the others discounted
    (a state arms against its main threat; lesser ones add less than their sum)."""
    pull = [kj * m for kj, m in zip(k, view.lists("M_est"))]
    pull[view.me] = 0.0
    top = max(pull)
    if top > 0:
        main = pull.index(top)
        pull = [x if j == main else x * params.others_weight for j, x in enumerate(pull)]
    return pull


def desired_growth(view: View, params: Params) -> tuple[float, list[float], float]:
    """(growth of forces wanted this turn, each rival's pull, fatigue a_i):
    ΔM = κ[Σ_j k_ij·M̂_j − a_i·M_i + a_i·M_floor] (+ g·M for greedy types)."""
    M = view.my_M
    k, a = reaction_coefficients(view, params)
    pull = arms_pull(view, k, params)
    floor = params.floor_share * view.my_Y
    delta = params.adjust * (sum(pull) - a * (M - floor))
    if view.my_type == "greedy":
        delta += params.greed_growth * M
    if params.relative_power > 0:
        strongest = max((float(view.M_est[j]) for j in view.rivals() if not view.pact[view.me, j]), default=0.0)
        delta += 0.3 * max(0.0, params.relative_power * strongest - M)
    return min(params.max_growth, max(-params.max_growth, delta / max(M, 1e-9))), pull, a


def _belief_clause(view: View, j: int) -> str:
    """"it believes X is 62 % likely to be greedy — X's forces seem to have grown 9 %; ..." with
    the seen growth first (usually the main evidence), then posture, then distinguishability."""
    factors = {f.name: f.text for f in belief_factors(view, j)}
    clauses = [factors[k] for k in ("growth_seen", "offense_seen", "distinguishability") if k in factors][:2]
    return f"it believes {view.names[j]} is {pct(view.belief[j])} likely to be greedy — " + "; ".join(clauses)


def _arms(view: View, p: Params, plan: _Plan) -> None:
    me = view.me
    M = view.my_M
    greedy = view.my_type == "greedy"
    growth, pull, a = desired_growth(view, p)
    at_war = plan.at_war
    # Promises kept: a restraint pledge or an arms-control cap holds growth down — except that a
    # greedy state cheats on a cap where violations are hard to see.
    limits = []
    if max(view.lists("pledge_until")[me]) >= view.turn + 1:
        limits.append((RULES.pledge_tolerance * 0.5, "its restraint pledge"))
    if not (greedy and view.distinguishability < 0.5):
        for j, cap in enumerate(view.lists("my_caps")):
            if cap > 0:
                cap_growth = cap * (1 + 0.5 * RULES.arms_control_slack) / max(M, 1e-9) - 1
                limits.append((cap_growth, f"its arms-control cap with {view.names[j]}"))
    held_by = None
    for cap, why in limits:
        if growth > cap and not at_war:
            growth, held_by = cap, why
    share = share_for_growth(view, growth, cap=p.max_share)
    if at_war:
        share = max(share, min(p.max_share, 0.3))
    mu = _offense_share(view, p, greedy, at_war)
    actual = (share * RULES.force_per_output * view.my_Y - RULES.depreciation * M) / max(M, 1e-9)
    top = max(pull)
    main = pull.index(top) if top > 0 else None

    def reason() -> Reason:
        factors = [Factor("fatigue", a, -1.0, f"the burden of arms weighs {a:.2f}")]
        reason_text = ""
        if main is not None:
            factors = belief_factors(view, main) + [
                Factor("reaction", float(pull[main] / max(view.M_est[main], 1e-9)), 1.0,
                       f"reaction to {view.names[main]}")] + factors
            reason_text = _belief_clause(view, main)
        if greedy:
            factors.append(Factor("ambition", p.greed_growth, 1.0, "it wants more than security"))
        name = view.names[me]
        if at_war:
            summary = f"{name} put its economy on a war footing ({pct(share)} of output to the military)."
        elif held_by:
            summary = f"{name} held its forces level: {held_by} binds it."
        elif actual >= 0.02:
            summary = f"{name} ordered its arms up {pct(actual)}" + (f": {reason_text}." if reason_text else ".")
        elif actual <= -0.02:
            calm = main is None or view.belief[main] < 0.4
            summary = (f"{name} let its forces shrink {pct(-actual)}: "
                       + ("it sees little threat" if calm else "the burden of arms outweighs the threat it sees")
                       + (f" ({reason_text})." if reason_text else "."))
        else:
            summary = f"{name} kept its forces about level" + (f": {reason_text}." if reason_text else ".")
        if view.omega >= 1.5 and not at_war and actual >= 0.02:
            summary = summary[:-1] + f" — and offense is believed to dominate (Ω {view.omega:.1f})."
        return Reason("arms", summary, target=view.ids[main] if main is not None else None,
                      belief=float(view.belief[main]) if main is not None else None, factors=factors)

    plan.give(Budget(military_share=round(share, 4), offense_share=round(mu, 4)), reason)


def _offense_share(view: View, p: Params, greedy: bool, at_war: bool) -> float:
    mu = p.offense_base + p.offense_omega * math.log2(max(view.omega, 1e-3))
    if greedy:
        mu += 0.2
    else:
        mu -= p.offense_signal * view.distinguishability
    if at_war:
        mu += 0.15
    return min(0.95, max(0.05, float(mu)))


# ---------------------------------------------------------------------------------------------
# War: ongoing wars, calls to arms, initiation


def _wars(view: View, p: Params, plan: _Plan) -> None:
    if not plan.at_war:
        return
    me = view.me
    greedy = view.my_type == "greedy"
    for j in view.rivals():
        if not view.war[me, j]:
            continue
        attacker = bool(view.war_attacker[me, j])
        pw = th.win_probability(view, j) if attacker else th.defend_probability(view, j)
        lasted = view.turn - int(view.war_start[me, j])
        offered = offer_open(view, "peace", j, me)
        label = WAR_LABELS[int(view.war_label[me, j])]
        # A state that joined for an ally fights for nobody once that ally is out of the war.
        allies_fighting = any(view.war[k, j] for k in view.rivals() if view.pact[me, k] or view.guarantee[me, k])
        if greedy:
            want, why = pw < 0.45 or (offered and pw < 0.6), "the gains no longer justify the costs"
        else:
            want = offered or pw < 0.35 or (lasted >= 3 and pw < 0.65) or lasted >= 6
            why = f"{view.names[j]} offered it" if offered else "it never wanted a long war"
            if label == "accidental":
                want, why = True, "nobody chose this war"
            elif label == "alliance" and attacker and not allies_fighting:
                want, why = True, "the ally it fought for is out of the war"
        if pw < 0.35:
            why = "the war is going badly"
        if th.mutual_second_strike(view, j):
            want, why = True, "a war between nuclear powers can destroy both"
        if want:
            plan.give(OfferPeace(target=view.ids[j]),
                      lambda: Reason("peace", f"{view.names[me]} {'accepted' if offered else 'offered'} peace with {view.names[j]}: "
                                      f"{why} (chance of prevailing each turn {pct(pw)}).", target=view.ids[j],
                             belief=float(view.belief[j]), factors=[Factor("win_probability", pw, -1.0),
                                                                    Factor("turns_at_war", lasted, 1.0)]))


def _calls(view: View, p: Params, plan: _Plan) -> None:
    """Answer calls to arms: chain-ganging under perceived offense dominance, buck-passing under
    perceived defense dominance (Christensen & Snyder)."""
    me = view.me
    if max(view.call_turn[me].tolist()) < 0:
        return  # nobody has called on me
    for a in range(view.n):
        if a == me or not view.alive[a] or not call_open(view, me, a):
            continue
        victim = int(view.call_victim[me, a])
        tight = p.commitment + 0.8 * (view.omega - 1.0) + 0.4 * (float(view.belief[a]) - 0.5)
        pw = th.win_probability(view, a, against_allies=False)
        if th.mutual_second_strike(view, a):
            tight -= 2.0
        first_turn = view.turn - int(view.call_turn[me, a]) == 0
        vname, aname, name = view.names[victim], view.names[a], view.names[me]
        factors = [Factor("perceived_offense_defense", view.omega, 0.8), Factor("commitment", p.commitment, 1.0),
                   Factor("belief", float(view.belief[a]), 0.4), Factor("win_probability", pw, 0.0)]
        if tight >= 0.5 or (not first_turn and tight >= 0.25):
            why = (f"offense is believed to dominate: if {vname} falls quickly, {name} is next" if view.omega > 1.1
                   else f"its word to {vname} is at stake")
            plan.give(Attack(target=view.ids[a]),
                      lambda: Reason("war", f"{name} entered the war against {aname} to honour its commitment to {vname}: {why}.",
                             target=view.ids[a], belief=float(view.belief[a]), factors=factors))
        elif tight < 0.0 or not first_turn:
            plan.give(RefuseCall(target=view.ids[a]),
                      lambda: Reason("alliance", f"{name} refused {vname}'s call to arms against {aname}: "
                                         + ("defense is believed to dominate, so it expects others to hold the line"
                                            if view.omega < 0.9 else "the war is not worth its cost to it") + ".",
                             target=view.ids[a], belief=float(view.belief[a]), factors=factors))
        else:
            plan.note(lambda: Reason("alliance", f"{name} is holding back from {vname}'s war against {aname} for now: "
                                            f"defense is believed to dominate (Ω {view.omega:.1f}); it passes the buck.",
                                target=view.ids[a], belief=float(view.belief[a]), factors=factors))


def _crises(view: View, p: Params, plan: _Plan) -> None:
    me = view.me
    if max(view.lists("rung")[me]) < 2:
        return  # no crisis to answer
    greedy = view.my_type == "greedy"
    for j in view.rivals():
        r = int(view.rung[me, j])
        if view.war[me, j] or r < 2 or view.crisis_since[me, j] == view.turn:
            continue
        pi = float(view.belief[j])
        p_att = th.win_probability(view, j)
        p_def = th.defend_probability(view, j)
        mss = th.mutual_second_strike(view, j)
        staked = bool(view.threat_made[me, j])
        lasted = view.turn - int(view.crisis_since[me, j]) if view.crisis_since[me, j] >= 0 else 0
        escalate = p.firmness + 1.5 * (pi - 0.5) + 2.0 * (p_att - 0.5) + (0.5 if greedy else 0.0)
        if view.last_peace[me, j] >= 0 and view.turn - view.last_peace[me, j] < p.peace_memory:
            escalate -= 1.0  # a peace just made is not pushed back to the brink lightly
        back = (2.0 * (0.5 - pi) + 2.0 * (0.45 - p_def) - p.firmness - (0.4 if staked else 0.0)
                - view.reputation[me] * 0.2 + 0.2 * lasted)  # crises wear down resolve
        if mss:
            escalate += 0.3 if r < 3 else -5.0  # probe the low rungs, never the top (stability–instability)
            back += 0.5 * lasted  # but do not linger where an accident could end everything
        if r >= 4 and not ((rival_moving_to_war(view, plan, j) and pi >= 0.5 and _preemption_case(view, p, j)[0])
                           or (greedy and p_att > 0.6)):
            escalate -= 2.0  # the next step is war: take it only when war itself is chosen
        name, them = view.names[me], view.names[j]
        factors = [Factor("belief", pi, 1.5), Factor("win_probability", p_att, 2.0), Factor("hold_probability", p_def, -2.0),
                   Factor("mutual_second_strike", float(mss), -5.0 if mss else 0.0)]
        if escalate > 1.3:
            resp, text = "escalate", (f"{name} escalated its crisis with {them}: it believes {them} is {pct(pi)} likely to be "
                                      f"greedy and rates its chances at {pct(p_att)}.")
        elif back > 0.6:
            resp, text = "back_down", (f"{name} backed down in its crisis with {them}: "
                                       + ("it does not think it is facing an aggressor" if pi < 0.4 else
                                          f"it could not hold ({pct(p_def)} chance a turn)" if p_def < 0.45 else
                                          f"the crisis has dragged on for {lasted} turns") + ".")
        else:
            resp, text = "firm", f"{name} stood firm in its crisis with {them}" + (
                " — under mutual deterrence it can probe without risking all" if mss else "") + "."
        plan.give(CrisisResponse(target=view.ids[j], response=resp),
                  lambda: Reason("crisis", text, target=view.ids[j], belief=pi, factors=factors))


def power_trend(view: View, j: int) -> float:
    """How much faster j's forces grow than mine, per turn (log ratio), as far as the evidence
    shows: over up to five turns, and zero unless it stands out from what intelligence noise
    alone would produce (two standard errors)."""
    h = view.seen_M
    k = min(5, len(h) - 1)
    if k < 2:
        return 0.0
    theirs = math.log(max(h[-1, j], 1e-9) / max(h[-1 - k, j], 1e-9))
    mine = math.log(max(h[-1, view.me], 1e-9) / max(h[-1 - k, view.me], 1e-9))
    rel = (theirs - mine) / k
    noise = float(view.error[j]) * math.sqrt(2 * (1 - NOISE_PERSISTENCE**k)) / k
    return rel if abs(rel) > 2 * noise else 0.0


def projected_win_probability(view: View, j: int, turns: int = PROJECTION_TURNS) -> float:
    """p₁: the chance of winning a war turn in `turns` turns, projecting the power trend."""
    scale = min(5.0, max(0.2, math.exp(power_trend(view, j) * turns)))
    # j growing by `scale` relative to me is like my offense shrinking by that factor
    return th.win_probability(view, j, offense=view.my_O / scale)


def fearon_bound(p0: float, p1: float, delta: float, cost: float) -> tuple[bool, float, float]:
    """Fearon (1995): a declining state prefers war now when δ(p₀−p₁) > (1−δ)(1−p₀+c)."""
    lhs = delta * (p0 - p1)
    rhs = (1 - delta) * (1 - p0 + cost)
    return lhs > rhs, lhs, rhs


def _war_cost(view: View, p: Params, j: int) -> float:
    return NUCLEAR_WAR_COST if combat.second_strike(float(view.N[j])) else p.war_cost


def rival_moving_to_war(view: View, plan: "_Plan", j: int) -> bool:
    """Is j believed to be moving toward war on me? It has mobilised, or it pushed our crisis to
    the brink itself (a crisis I escalated is no sign of j's intent)."""
    if view.lists("mobilised")[j] > 0:
        return True
    return view.lists("rung")[view.me][j] >= 3 and "crisis_escalated" in plan.acts_toward_me(j)


def _preemption_case(view: View, p: Params, j: int) -> tuple[bool, float, float, float]:
    """(attack?, p_f, p_s, costs): strike first when the first-strike advantage (the chance of
    prevailing striking first against holding when struck) exceeds both sides' costs of war.
    The caller decides whether an attack is imminent."""
    if not p.preemptive:
        return False, 0.0, 0.0, 0.0
    p_f = combat.war_win_probability(th.win_probability(view, j))
    p_s = combat.war_win_probability(th.defend_probability(view, j))
    costs = _war_cost(view, p, j) + p.war_cost
    return (p_f - p_s) > costs, p_f, p_s, costs


def opportunity_value(view: View, p: Params, j: int, p_turn: float) -> tuple[float, float, float]:
    """(expected gain, expected cost, value) of a war of conquest on j over the war horizon, in
    output: the territory won turn by turn, against the territory lost, the costs of fighting,
    and the price of alarming every neighbour (they will believe the worst and balance)."""
    turns = combat.WAR_TURNS
    tau = RULES.territory_share
    gain = turns * p_turn * tau * float(view.Y[j])
    lost = turns * (1 - p_turn) * 0.5 * tau * view.my_Y
    fighting = turns * RULES.war_output_cost * view.my_Y
    neighbours = sum(1 for k in view.rivals() if k != j and view.dist[view.me, k] < 0.5)
    alarm = 0.02 * neighbours * view.my_Y
    cost = lost + fighting + alarm + 0.1 * p.war_cost * view.my_Y
    return gain, cost, gain - cost


def _war_initiation(view: View, p: Params, plan: _Plan) -> None:
    me = view.me
    greedy = view.my_type == "greedy"
    fronts = plan.fronts
    if fronts and not greedy or fronts >= 2:
        return  # a second front is for the greedy only, and a third for nobody
    opportunist = greedy or p.opportunism > 0
    best: tuple[float, int, str, Reason] | None = None
    N, beliefs, last_peace = view.lists("N"), view.lists("belief"), view.lists("last_peace")[me]
    for j in view.rivals():
        if plan.war_row[j] or plan.pact_row[j]:
            continue
        pi = beliefs[j]
        imminent = rival_moving_to_war(view, plan, j)
        if not opportunist and pi < 0.5 and not imminent:
            continue  # a security seeker fights only a likely aggressor
        if th.mutual_second_strike(view, j) or (combat.second_strike(N[j]) and not combat.second_strike(N[me])):
            continue  # no war against a state that can retaliate with nuclear weapons
        name, them = view.names[me], view.names[j]
        # Preemption: the one war a recent peace does not rule out.
        if imminent and pi >= 0.5 and p.preemptive:
            pre, p_f, p_s, costs = _preemption_case(view, p, j)
            if pre:
                reason = Reason("war", f"{name} struck {them} first: it believed an attack was imminent "
                                       f"({them} {'mobilised' if view.mobilised[j] > 0 else 'at the brink'}), and striking first "
                                       f"gives it {pct(p_f)} to prevail against {pct(p_s)} if {them} moves first — more "
                                       f"than war costs.", target=view.ids[j], belief=pi,
                                factors=[Factor("first_strike", p_f, 1.0), Factor("second_strike", p_s, -1.0),
                                         Factor("costs", costs, -1.0)])
                score = p_f - p_s - costs
                if best is None or score > best[0]:
                    best = (score, j, "preemptive", reason)
                continue
        if last_peace[j] >= 0 and view.turn - last_peace[j] < p.peace_memory:
            continue  # a peace just made is not broken without an imminent threat
        p_turn = th.win_probability(view, j)
        p0 = combat.war_win_probability(p_turn)
        cost = _war_cost(view, p, j)
        # Prevention (Fearon): a real, lasting power shift, a war likely won now, and the bound met.
        if p.preventive and (greedy or pi >= 0.6) and p0 >= 0.5:
            p1 = combat.war_win_probability(projected_win_probability(view, j))
            go, lhs, rhs = fearon_bound(p0, p1, p.discount, cost)
            if go and p0 - p1 >= 0.1:
                reason = Reason("war", f"{name} launched a preventive war on {them}: its chance of prevailing falls from "
                                       f"{pct(p0)} to {pct(p1)} within {PROJECTION_TURNS} turns, and waiting costs more than "
                                       f"fighting now (Fearon: {lhs:.3f} > {rhs:.3f}).", target=view.ids[j], belief=pi,
                                factors=[Factor("p_now", p0, 1.0), Factor("p_later", p1, -1.0),
                                         Factor("discount", p.discount, 1.0), Factor("costs", cost, -1.0)])
                if best is None or lhs - rhs > best[0]:
                    best = (lhs - rhs, j, "preventive", reason)
                continue
        # Opportunity: greedy states, and offensive realists when a war is all but won; a second
        # front only when the first is going well and this one is nearly certain.
        needed = (0.6 if greedy else 0.85 - 0.1 * p.opportunism) if not fronts else 0.9
        if opportunist and p0 >= needed:
            gain, loss, value = opportunity_value(view, p, j, p_turn)
            if value > 0:
                reason = Reason("war", f"{name} attacked {them}: it rates its chance of prevailing at {pct(p0)} and "
                                       f"expects the spoils to outweigh the costs.", target=view.ids[j], belief=pi,
                                factors=[Factor("war_win_probability", p0, 1.0), Factor("expected_gain", gain, 1.0),
                                         Factor("expected_cost", loss, -1.0)]
                                + ([Factor("ambition", 1.0, 1.0, "it wants more than security")] if greedy else []))
                score = value / max(view.my_Y, 1e-9)
                if best is None or score > best[0]:
                    best = (score, j, "opportunistic", reason)
    if best is not None:
        _, target, rationale, chosen = best
        plan.give(Attack(target=view.ids[target], rationale=rationale), lambda: chosen)


# ---------------------------------------------------------------------------------------------
# Alliances


def _alliances(view: View, p: Params, plan: _Plan) -> None:
    me = view.me
    name = view.names[me]
    threat = view.lists("threat")
    main = plan.main_threat
    offers_to_me, pact, war = offers_open(view, "pact")[:, me].tolist(), view.lists("pact"), view.lists("war")
    # Accept or answer offers first.
    for k in view.rivals():
        if offers_to_me[k] and not pact[me][k] \
                and not war[me][k] and not plan.has("attack", view.ids[k]):
            t_k = threat[k]
            facing = main.threat if main is not None and main.target != k else 0.0
            tight = view.omega > 1.1
            n_pacts = plan.n_pacts
            # Buck-passing: when defense is believed to dominate, a state farther from the threat
            # than the one asking lets that one carry the burden.
            if main is not None and main.target != k and (view.omega < 0.9 or p.buck_pass > 0.5) \
                    and view.dist[k, main.target] < view.dist[me, main.target] and not plan.at_war:
                plan.note(lambda: Reason("alliance", f"{name} let {view.names[k]}'s offer of a pact lapse: defense is "
                                         f"believed to dominate, and {view.names[k]}, nearer {view.names[main.target]}, "
                                         f"can hold it off (buck-passing).", target=view.ids[k], belief=float(view.belief[main.target]),
                                         factors=[Factor("perceived_offense_defense", view.omega, -1.0), Factor("buck_pass", 1.0, 1.0)]))
                continue
            if t_k < 0.5 * max(facing, 0.05) and (facing >= 0.5 * p.balance_threshold or (tight and facing > 0)) \
                    and view.belief[k] < 0.6 and n_pacts < p.max_pacts + (1 if tight else 0):
                plan.give(AcceptPact(target=view.ids[k]),
                          lambda: Reason("alliance", f"{name} accepted {view.names[k]}'s offer of a defensive pact"
                                 + (f" to balance against {view.names[main.target]}." if main is not None and main.target != k else "."),
                                 target=view.ids[k], belief=float(view.belief[k]),
                                 factors=[Factor("threat_from_partner", t_k, -1.0), Factor("main_threat", facing, 1.0)]))
    # Leave a pact whose partner has become a threat — but never one fighting my main threat.
    for k in view.rivals():
        if not pact[me][k]:
            continue
        fighting_my_threat = main is not None and main.target != k and war[k][main.target]
        if view.belief[k] > 0.8 and view.M_est[k] > view.my_M and not any(war[k]) and not fighting_my_threat:
            plan.give(LeavePact(target=view.ids[k]),
                      lambda: Reason("alliance", f"{name} left its pact with {view.names[k]}: it now believes {view.names[k]} "
                                         f"is {pct(view.belief[k])} likely to be greedy.", target=view.ids[k],
                             belief=float(view.belief[k])))
    n_pacts = plan.n_pacts
    if main is None or main.threat < p.balance_threshold or main.belief < 0.4 or plan.has("accept_pact") \
            or n_pacts >= p.max_pacts:
        return
    j = main.target
    # Balance: a partner that also faces j and does not threaten me.
    candidates = []
    for k in view.rivals():
        if k == j or view.pact[me, k] or view.war[me, k] or view.pact[k, j] or view.war[k, j] is True:
            continue
        if threat[k] > 0.5 * main.threat or view.belief[k] > 0.6:
            continue
        near_j = math.exp(-float(view.dist[k, j]) / THREAT_RANGE)
        candidates.append((float(view.M_est[k]) * near_j, k))
    allies_vs_j = [k for k in view.rivals() if view.pact[me, k] and not view.pact[k, j]]
    strength_with_allies = view.my_M + sum(float(view.M_est[k]) for k in allies_vs_j)
    if strength_with_allies >= 1.2 * float(view.M_est[j]):
        return  # balanced already
    # Buck-passing: when defense is believed to dominate, leave it to a state nearer the threat.
    nearer = [k for _, k in candidates if view.dist[k, j] < view.dist[me, j]]
    pass_buck = (view.omega < 0.9 or p.buck_pass > 0.5) and nearer and not plan.at_war
    if pass_buck:
        k = min(nearer, key=lambda x: view.dist[x, j])
        plan.note(lambda: Reason("alliance", f"{name} is passing the buck: it leaves balancing {view.names[j]} to "
                                        f"{view.names[k]}, which is nearer — defense is believed to dominate "
                                        f"(Ω {view.omega:.1f}).", target=view.ids[j], belief=float(view.belief[j]),
                            factors=[Factor("perceived_offense_defense", view.omega, -1.0), Factor("buck_pass", 1.0, 1.0)]))
        return
    if candidates:
        _, k = max(candidates)
        plan.give(ProposePact(target=view.ids[k]),
                  lambda: Reason("alliance", f"{name} offered {view.names[k]} a defensive pact to balance against "
                                     f"{view.names[j]} (balancing: {view.names[j]} looks the most threatening).",
                         target=view.ids[k], belief=float(view.belief[j]),
                         factors=[Factor("main_threat", main.threat, 1.0), Factor("partner_strength", float(view.M_est[k]), 1.0),
                                  Factor("balancing", 1.0, 1.0)]))
    elif not allies_vs_j and view.my_M < 0.5 * float(view.M_est[j]) and not view.war[me, j]:
        plan.give(ProposePact(target=view.ids[j]),
                  lambda: Reason("alliance", f"{name} sought a pact with {view.names[j]} itself (bandwagoning): too weak to resist "
                                     f"and no one to join against it.", target=view.ids[j], belief=float(view.belief[j]),
                         factors=[Factor("power_ratio", main.power_ratio, 1.0), Factor("bandwagoning", 1.0, 1.0)]))
    if p.guarantees:
        _guarantee(view, p, plan, j)


def _guarantee(view: View, p: Params, plan: _Plan, j: int) -> None:
    me = view.me
    for k in view.rivals():
        if k == j or view.guarantee[me, k] or view.pact[me, k] or view.pact[k, j] or view.belief[k] > 0.5:
            continue
        if view.M_est[k] < 0.6 * view.M_est[j] and view.dist[k, j] < view.dist[me, j] and view.my_M >= 0.8 * view.M_est[j]:
            plan.give(Guarantee(target=view.ids[k]),
                      lambda: Reason("alliance", f"{view.names[me]} guaranteed {view.names[k]}'s security against "
                                         f"{view.names[j]} (extended deterrence).", target=view.ids[k], belief=float(view.belief[j])))
            return


# ---------------------------------------------------------------------------------------------
# Signals


def arms_control_willingness(view: View, p: Params, j: int) -> float:
    """The belief below which a cap is acceptable: lower when violations would go unseen (low d)
    and when being caught short is dangerous (offense dominance)."""
    d = float(view.distinguishability_seen[j])
    return p.arms_control_below * min(1.0, 0.4 + d) / max(1.0, view.omega)


def _signals(view: View, p: Params, plan: _Plan, rng: np.random.Generator) -> None:
    me = view.me
    name = view.names[me]
    greedy = view.my_type == "greedy"
    gamma = view.spiral_threshold
    my_growth = view.my_M / max(view.my_prev_M, 1e-9) - 1
    main = plan.main_threat
    beliefs = view.lists("belief")
    arming = plan.arming_seen(2)
    war, pact, rungs = plan.war_row, plan.pact_row, view.lists("rung")[me]
    floor = p.floor_share * view.my_Y
    # Rows read once as plain lists: cheaper than indexing small arrays again and again.
    ac_open = offers_open(view, "arms_control")
    offered_me = ac_open[:, me].tolist()
    offered_by_me = ac_open[me].tolist()
    capped, threatened = view.lists("arms_control")[me], view.lists("threat_made")[me]
    pledged_to, open_to = view.lists("pledge_until")[me], view.lists("transparent_until")[me]
    mobilised, d_seen = view.lists("mobilised"), view.lists("distinguishability_seen")
    for j in view.rivals():
        if war[j] or pact[j] or plan.has("attack", view.ids[j]):
            continue
        tid, them = view.ids[j], view.names[j]
        pi = beliefs[j]
        they_arm = arming[j]
        rung = rungs[j]
        acts = plan.acts_toward_me(j)
        ac_offered_to_me = offered_me[j]
        # Deterrence
        if pi >= p.deter_above:
            provoked = they_arm or {"threat_made", "mobilised"} & acts
            is_main = main is not None and main.target == j
            if rung >= 2 and ({"mobilised", "crisis_escalated"} & acts or mobilised[j] > 0) and mobilised[me] <= 0:
                plan.give(Mobilise(target=tid),
                          lambda: Reason("signal", f"{name} mobilised against {them} (immediate deterrence): it believes {them} is "
                                           f"{pct(pi)} likely to be greedy and {them} is moving toward war.", target=tid,
                                 belief=pi, factors=belief_factors(view, j)))
            elif provoked and is_main and rung < 2 and not threatened[j]:
                plan.give(Threat(target=tid),
                          lambda: Reason("signal", f"{name} publicly warned {them} (deterrence): it believes {them} is {pct(pi)} "
                                           f"likely to be greedy" + (f" — with distinguishability low, {them} may read the "
                                           f"warning as aggression" if distinguishability_word(d_seen[j]) == "low" else "") + ".",
                                 target=tid, belief=pi, factors=belief_factors(view, j)))
            continue
        # Answer an arms-control offer (a greedy state signs where cheating cannot be seen)
        if ac_offered_to_me and not capped[j]:
            if pi < arms_control_willingness(view, p, j) or (greedy and view.distinguishability < 0.4):
                plan.give(ArmsControlOffer(target=tid),
                          lambda: Reason("signal", f"{name} accepted {them}'s offer of a mutual cap: it believes {them} is only "
                                           f"{pct(pi)} likely to be greedy.", target=tid, belief=pi, factors=belief_factors(view, j)))
            continue
        # Reassurance
        spiral_building = my_growth >= gamma and they_arm
        tension_rising = spiral_building or they_arm
        if pi <= p.reassure_below or (p.grit and pi < 0.6 and tension_rising):
            if greedy:
                continue  # a greedy state will not pay what it would cost to be trusted (Kydd)
            pledged = pledged_to[j] >= view.turn + 1
            if p.grit and tension_rising and not pledged and view.my_M >= 0.8 * float(view.M_est[j]) \
                    and 0.9 * view.my_M >= floor:
                if plan.give(UnilateralCut(target=tid, fraction=0.1),
                             lambda: Reason("signal", f"{name} cut its forces 10 % unilaterally to break the spiral with {them} "
                                              f"(GRIT): a costly step {them} can see, which a greedy state would not take.",
                                    target=tid, belief=pi, factors=belief_factors(view, j))):
                    plan.give(Pledge(target=tid), None)
                    continue
            if not capped[j] and pi < arms_control_willingness(view, p, j) and not offered_by_me[j] \
                    and rng.random() < (0.5 if tension_rising else 0.15):
                plan.give(ArmsControlOffer(target=tid),
                          lambda: Reason("signal", f"{name} offered {them} a mutual cap on forces: it believes {them} is only "
                                           f"{pct(pi)} likely to be greedy" + (f", and {them} seems to be arming" if they_arm else
                                           ", so a cap costs it little") + ".", target=tid, belief=pi, factors=belief_factors(view, j)))
                continue
            if p.transparency and they_arm and open_to[j] < view.turn + 1 and view.my_mu < 0.45:
                plan.give(Transparency(target=tid),
                          lambda: Reason("signal", f"{name} opened its forces to {them}'s inspectors: {them} seems to be arming, "
                                           f"probably out of fear, and {name}'s posture is defensive — letting {them} see it "
                                           f"is reassurance that costs little.", target=tid, belief=pi, factors=belief_factors(view, j)))
                continue
            continue
        # In between: reciprocity (firm but flexible)
        if p.reciprocity:
            gestures = {"pledge_made", "transparency", "unilateral_cut", "arms_control_offered"} & acts
            if gestures:
                gesture = min(gestures)
                order = {"pledge_made": Pledge(target=tid), "transparency": Transparency(target=tid),
                         "unilateral_cut": Pledge(target=tid), "arms_control_offered": ArmsControlOffer(target=tid)}[gesture]
                plan.give(order, lambda: Reason("signal", f"{name} answered {them}'s conciliatory step in kind (reciprocity).",
                                        target=tid, belief=pi, factors=belief_factors(view, j)))
            elif "threat_made" in acts and pi >= 0.5 and not threatened[j] and rung < 2:
                plan.give(Threat(target=tid), lambda: Reason("signal", f"{name} answered {them}'s threat with a warning of its own "
                                                               f"(firm but flexible).", target=tid, belief=pi, factors=belief_factors(view, j)))


# ---------------------------------------------------------------------------------------------
# Repeated dilemma


def _dilemma(view: View, p: Params, plan: _Plan) -> Decision:
    """In the repeated-dilemma mode the reasoning core plays reciprocity shaded by belief:
    restrain while the rival is believed a security seeker (below the doctrine's reassurance
    line), or while it restrained last round and is not believed greedy (below the deterrence
    line); otherwise arm. Beliefs follow the moves (arming is evidence of greed)."""
    other = 1 - view.me
    history = view.moves[1:, other]
    pi = float(view.belief[other])
    them = view.names[other]
    last = int(history[-1]) if len(history) else -1
    if pi <= p.reassure_below:
        move, why = "restrain", f"it believes {them} seeks only security ({pct(pi)} likely greedy)"
    elif last == 0 and pi < p.deter_above:
        move, why = "restrain", f"{them} restrained last round"
    elif last == -1:
        move, why = "arm", f"it cannot yet trust {them} ({pct(pi)} likely greedy)"
    else:
        move, why = "arm", (f"{them} armed last round" if last == 1 else f"it believes {them} is {pct(pi)} likely greedy")
    plan.give(DilemmaMove(move=move), lambda: Reason("dilemma", f"{view.names[view.me]} chose to {move}: {why}.",
                                                     target=view.ids[other], belief=pi))
    return Decision(plan.orders, plan.exp, checked_against=view)


__all__ = ["Params", "decide", "reaction_coefficients", "fearon_bound", "projected_win_probability"]
