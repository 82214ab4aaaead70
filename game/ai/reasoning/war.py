"""War (DESIGN.md §4.7, after Fearon 1995): when to start one, and when to end one.

Preventive war when the projected power shift meets Fearon's bound δ(p₀−p₁) > (1−δ)(1−p₀+c);
preemption when the first-strike advantage exceeds the costs of war, p_f − p_s > c_i + c_j;
greedy types (and offensive realists, when a war is all but won) attack when the expected gain
beats war's cost; never a war against a mutual second strike. A war is ended by chance, the more
surely the more a settlement is worth against fighting on (badly going, dragging, or never chosen).
"""
from __future__ import annotations

import math

import numpy as np

from game.ai.reasoning import explain
from game.ai.reasoning import threat as th
from game.ai.reasoning.params import Params
from game.ai.reasoning.plan import Plan
from game.core import combat
from game.core.commands import Attack, OfferPeace
from game.core.perception import NOISE_PERSISTENCE
from game.core.rules import offer_open
from game.core.state import RULES, WAR_LABELS
from game.core.view import View

PROJECTION_TURNS = 5
WAR_TURNS = combat.WAR_TURNS  # the horizon of a war of gain
# (RULES' numbers a war of gain is weighed with, read once: it is weighed for every rival)
TERRITORY_SHARE, WAR_FORCE_LOSS, FORCE_PER_OUTPUT = RULES.territory_share, RULES.war_force_loss, RULES.force_per_output
NUCLEAR_WAR_COST = 10.0
DECISION_TURNS = 3  # a war is judged by the chance of winning most of this many contests
assert DECISION_TURNS == 3  # (start_war writes its chance out for three)
# For each kind of war: the largest chance a turn of starting one, the case at which the chance
# is half that, and how sharply it rises with the case (a logistic: no threshold).
PREEMPT_HAZARD, PREEMPT_CENTRE, PREEMPT_SCALE = 0.4, 0.0, 0.05
PREVENT_HAZARD, PREVENT_CENTRE, PREVENT_SCALE = 0.3, 1.0, 0.3
OPPORTUNITY_HAZARD, OPPORTUNITY_CENTRE, OPPORTUNITY_SCALE = 0.06, 0.7, 0.1
RESOLVE_WEIGHT = 1.5  # how much longer and dearer a war against a resolute defender is expected to be
GREED = 1.5  # a greedy state values what it could take this much above its price in output (it wants more than security)
CHANCE_WEIGHT = 1.0  # how much an opportunity case grows per unit of the chance of winning above what is needed
ATTRITION_PRICE = 0.5  # forces lost in a war, valued at this share of their price (they are rebuilt in time)
ORDINARY_RESOLVE = 0.8  # resolve_of a defender with an unblemished record and nothing more
COMMITTED_RESOLVE = 0.4  # resolve above that at which a gambler's boldness no longer counts (a warning or a matched mobilisation)


PEACE_HORIZON = 4  # turns of fighting on weighed against peace now
PEACE_TEMPERATURE = 0.05  # output share: how sharply the wish for peace rises with its worth
WEARINESS = {"greedy": 0.005, "security_seeker": 0.01}  # output share a turn, per turn the war has lasted
NUCLEAR_PEACE = 1.0  # worth of ending a war between mutual second strikes (output shares)
UNCHOSEN_PEACE = 0.15  # worth of leaving a war nobody chose, or one fought for an ally who is out of it


def fighting_on(view: View, j: int, p_turn: float, attacker: bool, lasted: int) -> float:
    """What one more turn of war with j is expected to bring, as a share of my output: the
    territory won or lost in the contest (the attacker who advances takes a territory share of
    the defender's output; the one held cedes half a share of its own), less the output war
    costs, the forces it wears down (at half their price: they are rebuilt over time) and a war
    weariness that grows with the war's length."""
    tau, my_Y, their_Y = RULES.territory_share, max(view.my_Y, 1e-9), float(view.Y[j])
    if attacker:
        won, lost = p_turn * tau * their_Y, (1 - p_turn) * 0.5 * tau * my_Y
    else:
        won, lost = p_turn * 0.5 * tau * their_Y, (1 - p_turn) * tau * my_Y
    greed = GREED if view.my_type == "greedy" else 1.0
    attrition = 0.5 * RULES.war_force_loss * (1 - p_turn) * view.my_M / (RULES.force_per_output * my_Y)
    weariness = WEARINESS[view.my_type] * lasted
    return (greed * won - lost) / my_Y - RULES.war_output_cost - attrition - weariness


def settlement(view: View, j: int, p_turn: float) -> float:
    """What peace now is expected to bring, as a share of my output: the side behind in a
    decisive war cedes RULES.peace_settlement_share of its output, and I am ahead with the
    chance of prevailing in the war."""
    ahead = combat.war_win_probability(p_turn)
    share = RULES.peace_settlement_share
    return ahead * share * float(view.Y[j]) / max(view.my_Y, 1e-9) - (1 - ahead) * share


def make_peace(view: View, p: Params, plan: Plan, rng: np.random.Generator) -> None:
    """Offer (or accept) peace with a chance logistic in what peace is worth against fighting on
    (Fearon: war's costs open a bargaining range): the settlement expected now against
    PEACE_HORIZON turns of expected gains, costs and weariness. A war nobody chose, or fought for
    an ally who has left it, is worth less; one between mutual second strikes is ended."""
    if not plan.at_war:
        return
    me = view.me
    greedy = view.my_type == "greedy"
    for j in plan.rivals:
        if not view.war[me, j]:
            continue
        attacker = bool(view.war_attacker[me, j])
        pw = th.win_probability(plan, j, against_allies=False) if attacker else th.defend_probability(plan, j)
        lasted = view.turn - int(view.war_start[me, j])
        offered = offer_open(view, "peace", j, me)
        label = WAR_LABELS[int(view.war_label[me, j])]
        worth = settlement(view, j, pw) - PEACE_HORIZON * fighting_on(view, j, pw, attacker, lasted)
        # A state that joined for an ally fights for nobody once that ally is out of the war.
        allies_fighting = any(view.war[k, j] for k in plan.rivals if view.pact[me, k] or view.guarantee[me, k])
        if th.mutual_second_strike(plan, j):
            worth, why = worth + NUCLEAR_PEACE, "nuclear"
        elif label == "accidental" and not greedy:
            worth, why = worth + UNCHOSEN_PEACE, "accidental"
        elif label == "alliance" and attacker and not allies_fighting:
            worth, why = worth + UNCHOSEN_PEACE, "ally_out"
        elif offered:
            why = "offered"
        elif pw < 0.35:
            why = "going_badly"
        else:
            why = "no_gains" if greedy or lasted < 4 else "long_war"
        if rng.random() < 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, worth / PEACE_TEMPERATURE)))):
            plan.give(OfferPeace(target=view.ids[j]), explain.peace, view, j, offered, why, pw, lasted)


def power_trend(plan: Plan, j: int) -> float:
    """How much faster j's forces grow than mine, per turn (log ratio), as far as the evidence
    shows: over up to five turns, and zero unless it stands out from what intelligence noise
    alone would produce (two standard errors)."""
    reading = plan._cache.get("trend")
    if reading is None:  # what every rival's trend reads alike, read once a plan
        view = plan.view
        h = view.seen_M
        k = 5 if 5 < len(h) - 1 else len(h) - 1  # min(5, len(h) - 1)
        if k < 2:
            reading = plan._cache["trend"] = ()
        else:
            now, then, me = plan.seen_forces(0), plan.seen_forces(k), view.me
            # (Floors as conditionals, the same as max(x, 1e-9) without the cost of its call.)
            mine = math.log((1e-9 if now[me] < 1e-9 else now[me]) / (1e-9 if then[me] < 1e-9 else then[me]))
            reading = plan._cache["trend"] = (k, now, then, mine, view.lists("error"),
                                              math.sqrt(2 * (1 - NOISE_PERSISTENCE**k)))
    if not reading:
        return 0.0
    k, now, then, mine, error, spread = reading
    theirs = math.log((1e-9 if now[j] < 1e-9 else now[j]) / (1e-9 if then[j] < 1e-9 else then[j]))
    rel = (theirs - mine) / k
    noise = error[j] * spread / k
    return rel if abs(rel) > 2 * noise else 0.0


def projected_win_probability(plan: Plan, j: int, trend: float, turns: int = PROJECTION_TURNS,
                              defence: tuple[float, float] | None = None) -> float:
    """p₁: the chance of winning a war turn in `turns` turns, projecting the power trend."""
    view = plan.view
    scale = math.exp(trend * turns)
    scale = scale if scale > 0.2 else 0.2  # min(5.0, max(0.2, scale)), without the calls
    scale = scale if scale < 5.0 else 5.0
    # j growing by `scale` relative to me is like my offense shrinking by that factor
    return th.win_probability(plan, j, offense=view.my_O / scale, defence=defence)


def fearon_bound(p0: float, p1: float, delta: float, cost: float) -> tuple[bool, float, float]:
    """Fearon (1995): a declining state prefers war now when δ(p₀−p₁) > (1−δ)(1−p₀+c)."""
    lhs = delta * (p0 - p1)
    rhs = (1 - delta) * (1 - p0 + cost)
    return lhs > rhs, lhs, rhs


def war_cost(view: View, p: Params, j: int) -> float:
    return NUCLEAR_WAR_COST if combat.second_strike(view.lists("N")[j]) else p.war_cost


def imminence(view: View, plan: Plan, j: int) -> float:
    """How likely j is to attack me soon, as I read it (0..1): only a rival moving toward war on
    *me* counts — a crisis between us at the brink (rung ≥ 3) that j escalated, or j mobilised while
    our crisis stands at the brink — weighted by how likely I think j is to be an aggressor. A
    rival mobilised against a third state is no sign of an attack on me (Reiter 1995: preemption
    is rare because true imminence is), and a rival that mobilised only after I did, after I
    alone climbed to this brink, or after my own public threat, is answering my move, not
    preparing its own (Schelling's reciprocal fear of surprise attack, damped)."""
    rung = plan.rung[view.me][j]
    if rung < 3:
        return 0.0
    mobilised = plan.mobilised
    if mobilised[j] > 0:
        matching = (mobilised[view.me] > 0 and mobilised[j] > mobilised[view.me]) or plan.climbed_alone(j)
        moving = 0.3 if matching else 1.0
    else:
        moving = 0.6 if "crisis_escalated" in plan.acts_toward_me(j) and not plan.climbed_alone(j) else 0.3
    if plan.threat_made[view.me][j]:
        moving *= 0.3  # I made the threat: its mobilisation answers my demand, it does not prepare its own attack
    return moving * sigmoid((plan.belief[j] - 0.5) / 0.1)


def war_chosen(view: View, p: Params, plan: Plan, j: int) -> float:
    """How surely I have chosen war on j at the brink (0..1): how imminent j's attack looks, times
    how worth striking first is (start_war's chance of a preemptive war, relative to its largest).
    A crisis climbed to the brink is not itself a reason to fight."""
    if not p.preemptive:
        return 0.0
    imminent = imminence(view, plan, j)
    if not imminent:
        return 0.0
    case = preemption_value(view, p, plan, j, imminent)[0]
    return imminent * sigmoid((case - PREEMPT_CENTRE) / PREEMPT_SCALE)


def preemption_value(view: View, p: Params, plan: Plan, j: int, imminent: float) -> tuple[float, float, float, float]:
    """(case, p_f, p_s, costs): the first-strike advantage (chance of prevailing striking first,
    against holding when struck) weighed by how imminent an attack is, less both sides' costs of
    war. Positive: striking first is worth it."""
    p_f = combat.war_win_probability(plan.attack_chance(j), DECISION_TURNS)
    p_s = combat.war_win_probability(plan.hold_chance(j), DECISION_TURNS)
    costs = war_cost(view, p, j) + p.war_cost
    return imminent * (p_f - p_s) - costs, p_f, p_s, costs


def opportunity_value(plan: Plan, p: Params, j: int, p_war: float, p_turn: float,
                      resolve: float, neighbours: int) -> tuple[float, float, float]:
    """(expected gain, expected cost, value) of a war of conquest on j, in output: the territory
    won if the war is won, against the territory lost if not; the forces the war wears down,
    which grow with j's strength (deterrence by denial); the output fighting costs, longer and
    dearer against a resolute defender (deterrence by punishment); and the price of alarming
    every neighbour (the `neighbours` near me but j: they will believe the worst and balance).

    The forces lost: each of the war's turns costs RULES.war_force_loss of my forces in
    proportion to the defender's share of the contest's strength (less when I win the turn),
    valued at ATTRITION_PRICE of their price. War against a well-armed state is dear however it
    ends."""
    terms = plan._cache.get("conquest")
    if terms is None:  # what every rival's war of gain reads alike, read once a plan
        view = plan.view
        my_Y = view.my_Y
        # (the last: the stakes without a nuclear umbrella — in most worlds, every rival's)
        terms = plan._cache["conquest"] = (
            view.lists("Y"), GREED if view.my_type == "greedy" else 1.0, my_Y,
            WAR_TURNS * RULES.war_output_cost * my_Y, plan.my_M, bool(plan.nuclear_rivals), p.war_cost)
    Y, greed, my_Y, fighting_per_length, my_M, umbrellas, stakes = terms
    length = 1 + RESOLVE_WEIGHT * resolve
    gain = WAR_TURNS * p_war * TERRITORY_SHARE * Y[j] * greed
    lost = WAR_TURNS * (1 - p_war) * 0.5 * TERRITORY_SHARE * my_Y
    p_turn = 1e-6 if p_turn < 1e-6 else p_turn  # min(max(p_turn, 1e-6), 1 - 1e-6), without the calls
    p_turn = 1 - 1e-6 if 1 - 1e-6 < p_turn else p_turn
    root_win, root_loss = math.sqrt(p_turn), math.sqrt(1 - p_turn)  # the contest's A : B (exponent 2)
    defence_share = root_loss / (root_win + root_loss)
    per_turn = WAR_FORCE_LOSS * defence_share * (0.6 * p_turn + (1 - p_turn))
    forces_lost = WAR_TURNS * per_turn * ATTRITION_PRICE * my_M / FORCE_PER_OUTPUT
    fighting = fighting_per_length * length + forces_lost
    alarm = 0.02 * neighbours * my_Y
    if umbrellas:
        umbrella = nuclear_umbrella(plan, j)
        stakes = p.war_cost + umbrella * (NUCLEAR_WAR_COST - p.war_cost)
    cost = lost + fighting + alarm + stakes * (0.1 + 0.4 * resolve) * my_Y
    return gain, cost, gain - cost


def nuclear_umbrella(plan: Plan, j: int) -> float:
    """How surely a survivable second strike would answer my war on j (0..1) though j has none:
    the reputation of the surest nuclear protector bound to j (a pact partner or guarantor) and
    not to me. Extended deterrence: a war of gain on a nuclear power's ally risks its bomb."""
    rep = plan.reputation
    return max((rep[m] for m in th.nuclear_protectors(plan, j, plan.view.me)), default=0.0)


def gamble(p: Params, resolve: float) -> float:
    """What the leader's boldness adds to the case for a war of gain. A bold leader gambles on odds
    a cautious one declines (Blainey's optimism: most wars of gain between near-equals are such
    gambles, and most leaders do not take them) — in full against a defender of ordinary resolve,
    fading to nothing against one whose public warning or matched mobilisation commits it: a
    credible commitment calls the gambler's bluff (Huth 1988)."""
    committed = (resolve - ORDINARY_RESOLVE) / COMMITTED_RESOLVE
    committed = committed if committed > 0.0 else 0.0  # min(1.0, max(0.0, ·)), without the calls
    committed = committed if committed < 1.0 else 1.0
    return p.boldness_weight * p.boldness * (1.0 - committed)


def start_war(view: View, p: Params, plan: Plan, rng: np.random.Generator, draw_first: bool = True) -> None:
    """Perhaps attack the rival with the strongest case — preemptive, preventive or opportunistic.

    Each case is a number (in units of the stakes), turned into a chance of attacking this turn
    by a logistic: wars become likelier as the case grows, never certain at once, never ruled
    out at a threshold (war is a gamble taken under uncertainty, and most rivalries never fight).
    The chance of winning is judged over a short war (DECISION_TURNS contests), and the
    defender's resolve and its allies enter every case.

    The cases are weighed only where the draw could take one: each kind's chance has a ceiling
    (its hazard, times the fear of a rising rival for a preventive war), and where a case is sure
    to be made (a war of gain, or a preemption) the draw is sure too, so it is made first: a draw
    above every ceiling takes no case however they come out (as for a greedy state most turns).
    (`draw_first=False` weighs every case before the draw: the same orders and draws, the long
    way; the tests compare the two.)"""
    me = view.me
    greedy = view.my_type == "greedy"
    fronts = plan.fronts
    if fronts and not greedy or fronts >= 2:
        return  # a second front is for the greedy only, and a third for nobody
    opportunist = greedy or p.opportunism > 0
    nuclear, beliefs, guarantee, last_peace = plan.second_strike, plan.belief, plan.guarantee, plan.public.last_peace[me]
    war_row, pact_row, my_guarantees = plan.war_row, plan.pact_row, guarantee[me]
    rivals = plan.rivals
    # (imminence is nothing below the brink: asked only at rung 3 and above)
    preemptive, preventive, rungs = p.preemptive, p.preventive, plan.rung[me]
    # The rivals a war on whom is weighed: (j, π_j, imminence, whether a war of gain or prevention
    # is weighed too, past preemption).
    weighed: list[tuple[int, float, float, bool]] = []
    sure = False  # is a case sure to be made (and so the draw below sure to be made)?
    for j in rivals:
        if war_row[j] or pact_row[j] or my_guarantees[j] or guarantee[j][me]:
            continue  # nor a war on an ally, a protégé or a protector
        if nuclear[j]:
            continue  # no war against a state that can retaliate with nuclear weapons (whether or not I can)
        pi = beliefs[j]
        imminent = imminence(view, plan, j) if preemptive and rungs[j] >= 3 else 0.0
        if not opportunist and (pi < 0.35 or not preventive) and not imminent:
            continue  # a security seeker fights only a likely aggressor (and, but preventively, one about to strike)
        # Preemption is the one war a recent peace does not rule out; a peace just made is not
        # broken without an imminent threat.
        more = (opportunist or preventive) and not (last_peace[j] >= 0 and view.turn - last_peace[j] < p.peace_memory)
        if imminent or more:
            weighed.append((j, pi, imminent, more))
            if imminent or more and opportunist:
                sure = True
    if not weighed:
        return
    fear_shift = 0.2 if greedy else 0.0  # the greedy fear a rising rival sooner
    drawn = sure and draw_first
    if drawn:
        # The draw is made whatever the cases come to: made now, it may show that none could win it.
        u = rng.random()
        ceiling = 0.0  # no case's chance can exceed this (each is its hazard times factors ≤ 1)
        for j, pi, imminent, more in weighed:
            if imminent and PREEMPT_HAZARD > ceiling:
                ceiling = PREEMPT_HAZARD
            if more:
                if opportunist and OPPORTUNITY_HAZARD > ceiling:
                    ceiling = OPPORTUNITY_HAZARD
                if preventive:
                    # (the very product the preventive chance begins with, as fear is computed below)
                    top = PREVENT_HAZARD * sigmoid((pi + fear_shift - 0.6) / 0.08)
                    ceiling = top if top > ceiling else ceiling
        if u >= ceiling:
            return
    best = None  # (chance, target, rationale, sentence function, its facts)
    my_Y = 1e-9 if view.my_Y < 1e-9 else view.my_Y  # max(view.my_Y, 1e-9), without the call
    near = plan.dist[me]
    # The neighbours a war of conquest alarms (less its target): only a war of gain counts them.
    near_me = sum([near[k] < 0.5 for k in rivals]) if opportunist else 0
    # the chance of winning a war of gain needed, below which it is a gamble
    needed = (0.5 if greedy else 0.85 - 0.1 * p.opportunism) if not fronts else 0.85
    exp = math.exp
    for j, pi, imminent, more in weighed:
        if imminent:
            case, p_f, p_s, costs = preemption_value(view, p, plan, j, imminent)
            chance = PREEMPT_HAZARD * sigmoid((case - PREEMPT_CENTRE) / PREEMPT_SCALE)
            if best is None or chance > best[0]:
                best = (chance, j, "preemptive", explain.preemptive_war, (view, j, pi, p_f, p_s, costs))
        if not more:
            continue  # (no other war to weigh)
        trend = None  # power_trend(plan, j): read first where only a preventive war is left to weigh
        if not opportunist:
            trend = power_trend(plan, j)
            if not trend:
                continue  # no shift of power to prevent (p₁ would be p₀, to the last bit): no case
        p_turn = plan.attack_chance(j)
        # combat.war_win_probability(p_turn, DECISION_TURNS): two or three of three contests won,
        # its sum without the call (p**1 is p and p**0 is 1, to the last bit)
        p0 = 3 * p_turn**2 * (1 - p_turn) + p_turn**3
        conquest = None  # opportunity_value: a war of gain, weighed by the greedy in both cases
        if opportunist:
            resolve = plan.resolve(j)
            conquest = opportunity_value(plan, p, j, p0, p_turn, resolve, near_me - (near[j] < 0.5))
        # Prevention (Fearon): a real, lasting power shift against me, and the bound met by a margin.
        # (sigmoid written out here and below: this runs for nearly every rival of a greedy state)
        x = (pi + fear_shift - 0.6) / 0.08
        fear = 1.0 / (1.0 + exp(-x)) if x >= 0 else (z := exp(x)) / (1.0 + z)
        x = (p0 - 0.5) / 0.08
        ahead = 1.0 / (1.0 + exp(-x)) if x >= 0 else (z := exp(x)) / (1.0 + z)
        # (A case whose chance could not reach one in a thousand is not worth projecting.)
        if preventive and fear * ahead * PREVENT_HAZARD > 1e-3:
            if trend is None:
                trend = power_trend(plan, j)
            # (With no trend there is no shift to project: p₁ would be p₀, to the last bit.)
            p1 = combat.war_win_probability(projected_win_probability(plan, j, trend, defence=plan.defence(j)),
                                            DECISION_TURNS) if trend else p0
            if p1 < p0:
                resolve = plan.resolve(j)
                cost = p.war_cost * (1 + RESOLVE_WEIGHT * resolve)  # war_cost: j has no second strike
                go, lhs, rhs = fearon_bound(p0, p1, p.discount, cost)
                margin = (lhs - rhs) / (0.01 if rhs < 0.01 else rhs)
                chance = PREVENT_HAZARD * fear * sigmoid((margin - PREVENT_CENTRE) / PREVENT_SCALE) * ahead
                if greedy:
                    # A greedy state's closing window is still a war of gain: it must pay, against
                    # the defender's resolve (deterrence by punishment applies to it too).
                    chance *= sigmoid(conquest[2] / my_Y / 0.05)
                if best is None or chance > best[0]:
                    best = (chance, j, "preventive", explain.preventive_war,
                            (view, j, pi, p0, p1, PROJECTION_TURNS, p.discount, cost, lhs, rhs))
        # Opportunity: greedy states, and offensive realists when a war is all but won; a second
        # front only when the first is going well and this one is nearly certain.
        if opportunist:
            gain, loss, value = conquest
            case = value / my_Y + CHANCE_WEIGHT * (p0 - needed) + gamble(p, resolve)
            x = (case - OPPORTUNITY_CENTRE) / OPPORTUNITY_SCALE
            chance = OPPORTUNITY_HAZARD * (1.0 / (1.0 + exp(-x)) if x >= 0 else (z := exp(x)) / (1.0 + z))
            if best is None or chance > best[0]:
                best = (chance, j, "opportunistic", explain.opportunistic_war,
                        (view, j, pi, p0, gain, loss, greedy, p.boldness))
    if best is None:
        return  # (never where a case was sure: no draw is made)
    if not drawn:
        u = rng.random()
    if u < best[0]:
        _, target, rationale, why, facts = best
        plan.give(Attack(target=view.ids[target], rationale=rationale), why, *facts)


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
