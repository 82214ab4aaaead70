"""The sentences of the turn's events, one function per sentence. The phases decide what happened
and hand over the names and numbers; these say it in English. Saves and tests compare the texts,
so a change here is a change of the record.
"""
from __future__ import annotations

from typing import Sequence

from game.core.state import RUNG_NAMES

# ---------------------------------------------------------------------------------------------
# Economy


def arms_control_violated(violator: str, partner: str) -> str:
    return f"{partner} caught {violator} breaking their arms-control cap; the agreement collapsed."


def arms_control_violation_hidden(violator: str, partner: str) -> str:
    return f"{violator} exceeded its arms-control cap with {partner} undetected."


# ---------------------------------------------------------------------------------------------
# Diplomacy

_HOSTILE_VERBS = {"attack": "attacked", "threat": "threatened", "mobilise": "mobilised against"}


def pact_formed(a: str, b: str) -> str:
    return f"{a} and {b} formed a defensive pact."


def pact_failed(a: str, b: str, actor: str, act: str, acted_on: str) -> str:
    """`act`: the kind of the hostile order ("attack", "threat" or "mobilise") that blocked it."""
    return f"The pact between {a} and {b} did not form: {actor} {_HOSTILE_VERBS[act]} {acted_on} in the same turn."


def pact_offered(offerer: str, to: str) -> str:
    return f"{offerer} offered {to} a defensive pact."


def pact_left(leaver: str, partner: str) -> str:
    return f"{leaver} left its defensive pact with {partner}."


def guarantee_given(guarantor: str, protege: str) -> str:
    return f"{guarantor} guaranteed {protege}'s security."


def guarantee_ended(guarantor: str, protege: str) -> str:
    return f"{guarantor} withdrew its guarantee of {protege}."


def call_abandoned(ally: str, victim: str, aggressor: str, refused: bool) -> str:
    verb = "refused" if refused else "let lapse"
    return f"{ally} {verb} {victim}'s call to arms against {aggressor}; their commitment is broken."


# ---------------------------------------------------------------------------------------------
# Signals


def pledge_made(pledger: str, to: str, until: int) -> str:
    return f"{pledger} pledged restraint toward {to} until turn {until}."


def pledge_broken(breaker: str, to: str, how: str) -> str:
    return f"{breaker} broke its restraint pledge to {to}: it {how}."


def unilateral_cut(cutter: str, to: str, fraction: float) -> str:
    return f"{cutter} scrapped {fraction:.0%} of its forces as a gesture to {to}."


def transparency(opener: str, inspector: str, until: int) -> str:
    return f"{opener} opened its forces to {inspector}'s inspectors until turn {until}."


def arms_control_formed(a: str, b: str) -> str:
    return f"{a} and {b} agreed to cap their forces at today's levels."


def arms_control_offered(offerer: str, to: str) -> str:
    return f"{offerer} offered {to} a mutual cap on forces."


def threat_made(threatener: str, target: str, protege: str | None) -> str:
    if protege is None:
        return f"{threatener} publicly warned {target}: an attack would be met with force."
    return f"{threatener} publicly warned {target} to keep its hands off {protege}."


def mobilised(mobiliser: str, against: str) -> str:
    return f"{mobiliser} mobilised its forces against {against}."


# ---------------------------------------------------------------------------------------------
# Crises


def crisis_escalated(movers: Sequence[str], rung: int) -> str:
    return f"{' and '.join(movers)} escalated the crisis to {RUNG_NAMES[rung]}."


def crisis_escalated_into_war(movers: Sequence[str]) -> str:
    return f"{' and '.join(movers)} escalated the crisis into war."


def crisis_defused(a: str, b: str) -> str:
    return f"{a} and {b} both stepped back; the crisis is over."


def crisis_backed_down(loser: str, winner: str, conceded: float) -> str:
    return f"{loser} backed down before {winner} and conceded {conceded:.1f} output."


def border_clash(a: str, b: str) -> str:
    return f"Border clashes between {a} and {b}."


def crisis_accident(a: str, b: str, rung: int) -> str:
    return f"An incident between {a} and {b} pushed the crisis to {RUNG_NAMES[rung]}."


# ---------------------------------------------------------------------------------------------
# Wars


def war_started(attacker: str, victim: str, label: str) -> str:
    return f"{attacker} went to war against {victim} ({label})."


def war_from_incident(a: str, b: str) -> str:
    return f"An incident between {a} and {b} escalated into war."


def war_label_reason(label: str, share_now: float, share_later: float) -> str:
    """Why a war carries its label (the attacker's projected share of the dyad's power, now and
    in five turns, explains a preventive war)."""
    reasons = {
        "accidental": "neither side chose it: an incident in a crisis escalated into war",
        "alliance": "it answered an ally's call to arms",
        "preemptive": "it believed an attack on it was imminent (the target had mobilised, in a crisis between them at rung 3+)",
        "preventive": f"its projected share of power was falling ({share_now:.0%} now, {share_later:.0%} in five turns)",
        "opportunistic": "neither fear of an imminent attack nor a falling share of power: it saw a chance",
    }
    return reasons[label]


def pact_broken_by_attack(attacker: str, ally: str) -> str:
    return f"{attacker} broke its defensive pact with {ally} by attacking it."


def guarantee_ended_by_attack(guarantor: str, protege: str) -> str:
    return f"{guarantor} ended its guarantee of {protege} by attacking it."


def guarantee_ended_by_protege_attack(guarantor: str, protege: str) -> str:
    return f"{guarantor}'s guarantee of {protege} ended when {protege} attacked it."


def ally_called(victim: str, ally: str, aggressor: str, by_pact: bool) -> str:
    return f"{victim} called on {ally} to honour its {'pact' if by_pact else 'guarantee'} against {aggressor}."


def ally_joined(ally: str, victim: str, enemy: str) -> str:
    return f"{ally} honoured its commitment to {victim} and entered the war against {enemy}."


def peace_offered(offerer: str, to: str) -> str:
    return f"{offerer} offered {to} peace."


def nuclear_use(user: str, enemy: str, rung: int, reply: bool, losses: dict[str, tuple[float, float]]) -> str:
    """`losses`: for each stricken state's name, (share of output and forces destroyed, welfare lost)."""
    def toll(name: str) -> str:
        share, welfare = losses[name]
        return f"{name} lost {100 * share:.0f} % of its output and forces, and {welfare:.0f} in welfare (the dead and the ruined)"
    if rung >= 7:
        text = f"General nuclear war: {user} launched an all-out nuclear strike on {enemy}. {toll(enemy)}."
        if user in losses:
            text += f" {enemy}'s surviving forces struck back: {toll(user)}. Both are devastated."
        else:
            text += f" {enemy} had no survivable force to strike back with."
        return text
    if reply:
        return f"{user} answered {enemy}'s nuclear strike in kind ({RUNG_NAMES[rung]}): {toll(enemy)}."
    return f"{user} used nuclear weapons against {enemy} ({RUNG_NAMES[rung]}): {toll(enemy)}."


def war_turn(attacker: str, defender: str, attacker_won: bool) -> str:
    winner = attacker if attacker_won else defender
    return f"{winner} {'advanced' if attacker_won else 'held'} in the war between {attacker} and {defender}."


def peace(a: str, b: str) -> str:
    return f"{a} and {b} made peace."


def peace_with_settlement(loser: str, winner: str, ceded: float) -> str:
    return f"{loser} ceded territory ({ceded:.1f} output) to {winner} and made peace."


def conquered(winner: str, loser: str) -> str:
    return f"{winner} conquered {loser}."


# ---------------------------------------------------------------------------------------------
# Observation


def intelligence(observer: str, rival: str, growth_seen: float, offense_seen: float, more_likely: bool,
                 belief: float) -> str:
    direction = "more" if more_likely else "less"
    return (f"{observer}'s intelligence estimates that {rival}'s forces {'grew' if growth_seen >= 0 else 'shrank'} about "
            f"{abs(growth_seen):.0%} and look {offense_seen:.0%} offensive; after this turn's intelligence {observer} "
            f"thinks it {direction} likely to be greedy ({belief:.0%}).")


# ---------------------------------------------------------------------------------------------
# Repeated dilemma

_DILEMMA_MOVES = ("restrained", "armed")


def dilemma_round(a: str, b: str, move_a: int, move_b: int, payoff_a: float, payoff_b: float) -> str:
    """Moves: 0 = restrain, 1 = arm."""
    return f"{a} {_DILEMMA_MOVES[move_a]}, {b} {_DILEMMA_MOVES[move_b]}: {payoff_a:g} and {payoff_b:g}."
