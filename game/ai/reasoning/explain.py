"""Every sentence the reasoning core says (DESIGN.md §4.8): one function per kind of decision,
taking the numbers the decision was made on and returning its Reason.

The decisions hand these functions to the Plan with their facts instead of calling them, so
that no text is written when explanations are switched off (batch runs).
"""
from __future__ import annotations

from game.ai.reasoning.beliefs import belief_factors, distinguishability_word
from game.ai.reasoning.params import Params
from game.ai.reasoning.reasons import Factor, Reason, pct
from game.ai.reasoning.threat import ThreatReading
from game.core.state import RULES
from game.core.view import View

BOLD_LEADER = 1.0  # boldness (standard deviations) from which an explanation calls a leader a gambler

# ---------------------------------------------------------------------------------------------
# Arms


def belief_clause(view: View, j: int) -> str:
    """"going into this turn it believes X is 62 % likely to be greedy — by its estimate X's forces
    grew about 9 % last turn (± 6 %); ..." with the estimated growth first (usually the main
    evidence), then posture, then distinguishability."""
    factors = {f.name: f.text for f in belief_factors(view, j)}
    clauses = [factors[k] for k in ("growth_seen", "offense_seen", "distinguishability") if k in factors][:2]
    return factors["belief"] + " — " + "; ".join(clauses)


def budget(view: View, p: Params, pull: list[float], a: float, share: float,
           binding: tuple[float, int | None] | None, at_war: bool, greedy: bool) -> Reason:
    """The budget: `pull` is each rival's pull on my arms, `a` the fatigue, `share` the military
    share ordered, `binding` the pledge (partner None) or arms-control cap that held it down."""
    M = view.my_M  # the growth the share buys:
    actual = (share * RULES.force_per_output * view.my_Y - RULES.depreciation * M) / (1e-9 if M < 1e-9 else M)
    top = max(pull)
    main = pull.index(top) if top > 0 else None
    factors = [Factor("fatigue", a, -1.0, f"the burden of arms weighs {a:.2f}")]
    reason_text = ""
    if main is not None:
        factors = belief_factors(view, main) + [
            Factor("reaction", float(pull[main] / max(view.M_est[main], 1e-9)), 1.0,
                   f"reaction to {view.names[main]}")] + factors
        reason_text = belief_clause(view, main)
    if greedy:
        factors.append(Factor("ambition", p.greed_growth, 1.0, "it wants more than security"))
    name = view.names[view.me]
    if at_war:
        summary = f"{name} put its economy on a war footing ({pct(share)} of output to the military)."
    elif binding:
        partner = binding[1]
        held_by = "its restraint pledge" if partner is None else f"its arms-control cap with {view.names[partner]}"
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


# ---------------------------------------------------------------------------------------------
# Alliances and calls to arms


def _call_factors(view: View, p: Params, a: int, pw: float) -> list[Factor]:
    return [Factor("perceived_offense_defense", view.omega, 0.8), Factor("commitment", p.commitment, 1.0),
            Factor("belief", float(view.belief[a]), 0.4), Factor("win_probability", pw, 0.4)]


def joined_war(view: View, p: Params, a: int, victim: int, pw: float) -> Reason:
    name, aname, vname = view.names[view.me], view.names[a], view.names[victim]
    why = (f"offense is believed to dominate: if {vname} falls quickly, {name} is next" if view.omega > 1.1
           else f"its word to {vname} is at stake")
    return Reason("war", f"{name} entered the war against {aname} to honour its commitment to {vname}: {why}.",
                  target=view.ids[a], belief=float(view.belief[a]), factors=_call_factors(view, p, a, pw))


def refused_call(view: View, p: Params, a: int, victim: int, pw: float) -> Reason:
    name, aname, vname = view.names[view.me], view.names[a], view.names[victim]
    return Reason("alliance", f"{name} refused {vname}'s call to arms against {aname}: "
                  + ("defense is believed to dominate, so it expects others to hold the line"
                     if view.omega < 0.9 else "the war is not worth its cost to it") + ".",
                  target=view.ids[a], belief=float(view.belief[a]), factors=_call_factors(view, p, a, pw))


def held_back_from_call(view: View, p: Params, a: int, victim: int, pw: float) -> Reason:
    name, aname, vname = view.names[view.me], view.names[a], view.names[victim]
    why = (f"defense is believed to dominate (Ω {view.omega:.1f}); it passes the buck" if view.omega < 0.9
           else f"it weighs its commitment against the coalition's chance of prevailing ({pct(pw)})")
    return Reason("alliance", f"{name} is holding back from {vname}'s war against {aname} for now: {why}.",
                  target=view.ids[a], belief=float(view.belief[a]), factors=_call_factors(view, p, a, pw))


def let_pact_offer_lapse(view: View, k: int, j: int) -> Reason:
    """k offered a pact; j, the main threat, is nearer k than me."""
    return Reason("alliance", f"{view.names[view.me]} let {view.names[k]}'s offer of a pact lapse: defense is "
                  f"believed to dominate, and {view.names[k]}, nearer {view.names[j]}, "
                  f"can hold it off (buck-passing).", target=view.ids[k], belief=float(view.belief[j]),
                  factors=[Factor("perceived_offense_defense", view.omega, -1.0), Factor("buck_pass", 1.0, 1.0)])


def accepted_pact(view: View, k: int, main: ThreatReading | None, t_k: float, facing: float) -> Reason:
    return Reason("alliance", f"{view.names[view.me]} accepted {view.names[k]}'s offer of a defensive pact"
                  + (f" to balance against {view.names[main.target]}." if main is not None and main.target != k else "."),
                  target=view.ids[k], belief=float(view.belief[k]),
                  factors=[Factor("threat_from_partner", t_k, -1.0), Factor("main_threat", facing, 1.0)])


def left_pact(view: View, k: int) -> Reason:
    return Reason("alliance", f"{view.names[view.me]} left its pact with {view.names[k]}: it now believes "
                  f"{view.names[k]} is {pct(view.belief[k])} likely to be greedy.", target=view.ids[k],
                  belief=float(view.belief[k]))


def passed_the_buck(view: View, j: int, k: int) -> Reason:
    """Balancing j is left to k, which is nearer it."""
    return Reason("alliance", f"{view.names[view.me]} is passing the buck: it leaves balancing {view.names[j]} to "
                  f"{view.names[k]}, which is nearer — defense is believed to dominate "
                  f"(Ω {view.omega:.1f}).", target=view.ids[j], belief=float(view.belief[j]),
                  factors=[Factor("perceived_offense_defense", view.omega, -1.0), Factor("buck_pass", 1.0, 1.0)])


def offered_pact(view: View, k: int, main: ThreatReading) -> Reason:
    j = main.target
    return Reason("alliance", f"{view.names[view.me]} offered {view.names[k]} a defensive pact to balance against "
                  f"{view.names[j]} (balancing: {view.names[j]} looks the most threatening).",
                  target=view.ids[k], belief=float(view.belief[j]),
                  factors=[Factor("main_threat", main.threat, 1.0), Factor("partner_strength", float(view.M_est[k]), 1.0),
                           Factor("balancing", 1.0, 1.0)])


def bandwagoned(view: View, main: ThreatReading) -> Reason:
    j = main.target
    return Reason("alliance", f"{view.names[view.me]} sought a pact with {view.names[j]} itself (bandwagoning): "
                  f"too weak to resist and no one to join against it.", target=view.ids[j], belief=float(view.belief[j]),
                  factors=[Factor("power_ratio", main.power_ratio, 1.0), Factor("bandwagoning", 1.0, 1.0)])


def guaranteed(view: View, k: int, j: int) -> Reason:
    return Reason("alliance", f"{view.names[view.me]} guaranteed {view.names[k]}'s security against "
                  f"{view.names[j]} (extended deterrence).", target=view.ids[k], belief=float(view.belief[j]))


# ---------------------------------------------------------------------------------------------
# Signals


def mobilised(view: View, j: int, pi: float) -> Reason:
    name, them = view.names[view.me], view.names[j]
    return Reason("signal", f"{name} mobilised against {them} (immediate deterrence): going into this turn it believes {them} is "
                  f"{pct(pi)} likely to be greedy and {them} is moving toward war.", target=view.ids[j],
                  belief=pi, factors=belief_factors(view, j))


def demanded(view: View, j: int, chance: float) -> Reason:
    name, them = view.names[view.me], view.names[j]
    return Reason("signal", f"{name} made a public demand of {them} (coercion): it rates its chances in a war as good "
                  f"and {them}'s resolve as weak (reputation {pct(float(view.reputation[j]))}).", target=view.ids[j],
                  belief=float(view.belief[j]), factors=[Factor("demand_chance", chance, 1.0),
                                                          Factor("their_reputation", float(view.reputation[j]), -1.0)])


def warned(view: View, j: int, pi: float) -> Reason:
    name, them = view.names[view.me], view.names[j]
    misread = distinguishability_word(view.lists("distinguishability_seen")[j]) == "low"
    return Reason("signal", f"{name} publicly warned {them} (deterrence): going into this turn it believes {them} is {pct(pi)} "
                  f"likely to be greedy" + (f" — with distinguishability low, {them} may read the "
                                            f"warning as aggression" if misread else "") + ".",
                  target=view.ids[j], belief=pi, factors=belief_factors(view, j))


def distrusted(view: View, j: int, turn: int) -> Reason:
    name, them = view.names[view.me], view.names[j]
    return Reason("signal", f"{name} ignored {them}'s gestures: {them} was caught breaking its word to {name} in "
                  f"turn {turn}, and trust lost is not restored by words.", target=view.ids[j],
                  belief=float(view.belief[j]), factors=[Factor("broke_faith", float(turn), 1.0)])


def accepted_arms_control(view: View, j: int, pi: float) -> Reason:
    name, them = view.names[view.me], view.names[j]
    return Reason("signal", f"{name} accepted {them}'s offer of a mutual cap: going into this turn it believes {them} is only "
                  f"{pct(pi)} likely to be greedy.", target=view.ids[j], belief=pi, factors=belief_factors(view, j))


def cut_forces(view: View, j: int, pi: float) -> Reason:
    name, them = view.names[view.me], view.names[j]
    return Reason("signal", f"{name} cut its forces 10 % unilaterally to break the spiral with {them} "
                  f"(GRIT): a costly step {them} can see, which a greedy state would not take.",
                  target=view.ids[j], belief=pi, factors=belief_factors(view, j))


def offered_arms_control(view: View, j: int, pi: float, they_arm: bool) -> Reason:
    name, them = view.names[view.me], view.names[j]
    return Reason("signal", f"{name} offered {them} a mutual cap on forces: going into this turn it believes {them} is only "
                  f"{pct(pi)} likely to be greedy" + (f", and {them} seems to be arming" if they_arm else
                                                      ", so a cap costs it little") + ".",
                  target=view.ids[j], belief=pi, factors=belief_factors(view, j))


def opened_to_inspection(view: View, j: int, pi: float) -> Reason:
    name, them = view.names[view.me], view.names[j]
    return Reason("signal", f"{name} opened its forces to {them}'s inspectors: {them} seems to be arming, "
                  f"probably out of fear, and {name}'s posture is defensive — letting {them} see it "
                  f"is reassurance that costs little.", target=view.ids[j], belief=pi, factors=belief_factors(view, j))


def answered_in_kind(view: View, j: int, pi: float) -> Reason:
    return Reason("signal", f"{view.names[view.me]} answered {view.names[j]}'s conciliatory step in kind (reciprocity).",
                  target=view.ids[j], belief=pi, factors=belief_factors(view, j))


def answered_threat(view: View, j: int, pi: float) -> Reason:
    return Reason("signal", f"{view.names[view.me]} answered {view.names[j]}'s threat with a warning of its own "
                  f"(firm but flexible).", target=view.ids[j], belief=pi, factors=belief_factors(view, j))


# ---------------------------------------------------------------------------------------------
# Crises


def crisis_response(view: View, j: int, response: str, pi: float, p_att: float, p_def: float, lasted: int,
                    mss: bool) -> Reason:
    """`response` is "escalate", "back_down" or "firm"; p_att the chance of prevailing attacking,
    p_def of holding when attacked, mss whether both sides keep a second strike."""
    name, them = view.names[view.me], view.names[j]
    if response == "escalate":
        text = (f"{name} escalated its crisis with {them}: going into this turn it believes {them} is {pct(pi)} likely to be "
                f"greedy and rates its chances at {pct(p_att)}.")
    elif response == "back_down":
        text = (f"{name} backed down in its crisis with {them}: "
                + ("it does not think it is facing an aggressor" if pi < 0.4 else
                   f"it could not hold ({pct(p_def)} chance a turn)" if p_def < 0.45 else
                   f"the crisis has dragged on for {lasted} turns") + ".")
    else:
        text = f"{name} stood firm in its crisis with {them}" + (
            " — under mutual deterrence it can probe without risking all" if mss else "") + "."
    factors = [Factor("belief", pi, 1.5), Factor("win_probability", p_att, 2.0), Factor("hold_probability", p_def, -2.0),
               Factor("mutual_second_strike", float(mss), -5.0 if mss else 0.0)]
    return Reason("crisis", text, target=view.ids[j], belief=pi, factors=factors)


# ---------------------------------------------------------------------------------------------
# War and peace

_PEACE_MOTIVES = {
    "no_gains": "the gains no longer justify the costs",
    "long_war": "it never wanted a long war",
    "accidental": "nobody chose this war",
    "ally_out": "the ally it fought for is out of the war",
    "going_badly": "the war is going badly",
    "nuclear": "a war between nuclear powers can destroy both",
}


def peace(view: View, j: int, offered: bool, motive: str, pw: float, lasted: int) -> Reason:
    """`motive` is "offered" (j offered it) or a key of _PEACE_MOTIVES; pw the chance of
    prevailing each war turn."""
    why = f"{view.names[j]} offered it" if motive == "offered" else _PEACE_MOTIVES[motive]
    return Reason("peace", f"{view.names[view.me]} {'accepted' if offered else 'offered'} peace with {view.names[j]}: "
                  f"{why} (chance of prevailing each turn {pct(pw)}).", target=view.ids[j],
                  belief=float(view.belief[j]), factors=[Factor("win_probability", pw, -1.0),
                                                         Factor("turns_at_war", lasted, 1.0)])


def preemptive_war(view: View, j: int, pi: float, p_f: float, p_s: float, costs: float) -> Reason:
    name, them = view.names[view.me], view.names[j]
    return Reason("war", f"{name} struck {them} first: it believed an attack was imminent "
                  f"({them} {'mobilised' if view.mobilised[j] > 0 else 'at the brink'}), and striking first "
                  f"gives it {pct(p_f)} to prevail against {pct(p_s)} if {them} moves first — more "
                  f"than war costs.", target=view.ids[j], belief=pi,
                  factors=[Factor("first_strike", p_f, 1.0), Factor("second_strike", p_s, -1.0),
                           Factor("costs", costs, -1.0)])


def preventive_war(view: View, j: int, pi: float, p0: float, p1: float, turns: int, discount: float, cost: float,
                   lhs: float, rhs: float) -> Reason:
    """The chance of prevailing falls from p0 now to p1 in `turns` turns; lhs > rhs is Fearon's bound."""
    name, them = view.names[view.me], view.names[j]
    return Reason("war", f"{name} launched a preventive war on {them}: its chance of prevailing falls from "
                  f"{pct(p0)} to {pct(p1)} within {turns} turns, and waiting costs more than "
                  f"fighting now (Fearon: {lhs:.3f} > {rhs:.3f}).", target=view.ids[j], belief=pi,
                  factors=[Factor("p_now", p0, 1.0), Factor("p_later", p1, -1.0),
                           Factor("discount", discount, 1.0), Factor("costs", cost, -1.0)])


def opportunistic_war(view: View, j: int, pi: float, p0: float, gain: float, loss: float, greedy: bool,
                      boldness: float = 0.0) -> Reason:
    name, them = view.names[view.me], view.names[j]
    if gain > loss:
        judged = "expects the spoils to outweigh the costs"
    else:
        judged = "gambles that the spoils will outweigh the costs, though they may not"
    bold = boldness >= BOLD_LEADER
    return Reason("war", f"{name} attacked {them}: it rates its chance of prevailing at {pct(p0)} and {judged}"
                  + (f" ({name}'s leader is a gambler)." if bold else "."), target=view.ids[j], belief=pi,
                  factors=[Factor("war_win_probability", p0, 1.0), Factor("expected_gain", gain, 1.0),
                           Factor("expected_cost", loss, -1.0)]
                  + ([Factor("ambition", 1.0, 1.0, "it wants more than security")] if greedy else [])
                  + ([Factor("boldness", boldness, 1.0, "its leader takes risks others would not")] if bold else []))


# ---------------------------------------------------------------------------------------------
# Repeated dilemma


def dilemma_move(view: View, other: int, move: str, motive: str, pi: float) -> Reason:
    """`motive`: "trusted", "restrained_last", "untrusted", "armed_last" or "distrusted"."""
    them = view.names[other]
    if motive == "trusted":
        why = f"it believes {them} seeks only security ({pct(pi)} likely greedy)"
    elif motive == "restrained_last":
        why = f"{them} restrained last round"
    elif motive == "untrusted":
        why = f"it cannot yet trust {them} ({pct(pi)} likely greedy)"
    elif motive == "armed_last":
        why = f"{them} armed last round"
    else:
        why = f"it believes {them} is {pct(pi)} likely greedy"
    return Reason("dilemma", f"{view.names[view.me]} chose to {move}: {why}.", target=view.ids[other], belief=pi)


# ---------------------------------------------------------------------------------------------
# The nuclear rungs

_NUCLEAR_CHOICES = {"first_use": "the first nuclear strike of the war (limited nuclear use)",
                    "reply": "a nuclear reply in kind", "general": "general nuclear war"}


def nuclear_use(view: View, j: int, choice: str, chance: float, danger: float, answered: bool) -> Reason:
    """`choice`: "first_use", "reply" or "general"; `chance` the chance it gave the step, `danger`
    how near defeat it stands, `answered` whether a survivable second strike waits in answer."""
    name, them = view.names[view.me], view.names[j]
    why = (f"{them} struck it with nuclear weapons, and a strike unanswered invites the next" if choice == "reply"
           else f"it faces defeat (danger {danger:.1f}) and "
                + ("accepts the risk of a second strike in answer" if answered else f"{them} cannot strike back"))
    return Reason("crisis", f"{name} chose {_NUCLEAR_CHOICES[choice]} against {them}: {why}.", target=view.ids[j],
                  belief=float(view.belief[j]),
                  factors=[Factor("nuclear_chance", chance, 1.0), Factor("defeat_danger", danger, 2.5),
                           Factor("second_strike_in_answer", float(answered), -8.0 if answered else 0.0)])


def nuclear_restraint(view: View, j: int, choice: str, chance: float, danger: float, answered: bool) -> Reason:
    """The nuclear step not taken (same facts as nuclear_use)."""
    name, them = view.names[view.me], view.names[j]
    why = ("it would rather break the chain of strikes than answer in kind" if choice == "reply"
           else "a survivable second strike would answer it" if answered else "it may yet hold without it")
    return Reason("crisis", f"{name} held back from {_NUCLEAR_CHOICES[choice]} against {them}: {why}.",
                  target=view.ids[j], belief=float(view.belief[j]),
                  factors=[Factor("nuclear_chance", chance, -1.0), Factor("defeat_danger", danger, 2.5),
                           Factor("second_strike_in_answer", float(answered), -8.0 if answered else 0.0)])
