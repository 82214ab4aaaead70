"""One or two sentences for every concept the screen shows (tooltips, help, legend).

Kept in one place so the map, the panels, the help window and the tests read the same words.
"""
from __future__ import annotations

CONCEPTS: dict[str, str] = {
    "security_dilemma": "Arming to feel safe makes your neighbours less safe; they arm in reply, and both end up "
                        "poorer and no safer.",
    "omega": "Offense–defense balance Ω: above 1 attacking is easier than defending, so striking first pays and "
             "every buildup is alarming; below 1 defenders have the edge (1/3 is the old 3:1 rule).",
    "distinguishability": "Distinguishability d: how well others can tell your defensive forces from offensive ones. "
                          "When d is low, every buildup looks like preparation for attack.",
    "jervis": "Jervis's four worlds: offense or defense dominant × forces distinguishable or not. Offense-dominant "
              "and indistinguishable is the most dangerous world; defense-dominant and distinguishable the safest.",
    "forces": "Military forces (offensive + defensive). For rivals you see your intelligence estimate; the bar "
              "shows one standard error either side.",
    "error": "Intelligence error: your estimate can be wrong by about this much. Transparency agreements shrink it.",
    "offense_look": "How offensive their forces look to you. With low distinguishability everything looks "
                    "offensive, whatever they really bought.",
    "belief": "Your advisor's estimate that this state is greedy (wants to expand) rather than a security seeker. "
              "It is a reading of evidence, not the truth — which stays hidden until the debrief.",
    "threat": "Perceived threat (Walt): their power relative to yours, how close they are, how offensive their forces "
              "look, and how likely they are greedy. Arrows on the map are this wide.",
    "output": "Economic output: what pays for arms and welfare. Circles on the map are sized by it.",
    "military_share": "Share of output spent on the military (0–50 %). More forces next turn, less welfare, and a "
                      "little slower growth.",
    "offense_share": "Share of new procurement spent on offensive forces. Offense wins wars in offense-dominant worlds "
                     "but frightens neighbours; defense reassures where it can be seen (high d).",
    "stage_calm": "Calm: no mutual buildup.",
    "stage_emerging": "Emerging: both sides are building and each is more afraid of the other (1–2 turns). Dashed yellow.",
    "stage_spiral": "Spiral: three or more turns of action and reaction — each buildup answering the other's. Double orange line.",
    "stage_runaway": "Runaway: the arms race feeds on itself (Richardson: reactions k·l outweigh restraints a·b). "
                     "Zig-zag vermillion line.",
    "stage_crisis": "Crisis: a public threat or mobilisation is on the table (rung 2 or more). Dash-dot purple line.",
    "stage_war": "War: the states are fighting. Hatched red line.",
    "alliance": "Defensive pact: each is called to arms if the other is attacked. Beaded blue line.",
    "arms_control": "Arms-control agreement: both forces capped at today's levels; a cheat is caught with "
                    "probability d. Dotted green line.",
    "spiral_watch": "Spiral watch: dyads where both sides are arming and growing more afraid of each other — "
                    "the security dilemma in motion. Click one for its action–reaction chain.",
    "phase_plot": "Richardson phase plot: arms of one side against the other, turn by turn. A path heading up and "
                  "to the right, away from the diagonal's origin, is a race.",
    "rung": "Escalation ladder: 0 cooperation · 1 rivalry · 2 threat · 3 mobilisation · 4 border clash · "
            "5 war · 6 limited nuclear use · 7 general nuclear war.",
    "pledge": "Restraint pledge: promise not to arm or threaten for a few turns. Cheap talk — breaking it costs "
              "reputation.",
    "unilateral_cut": "Unilateral cut: scrap part of your forces. Costly, so it can convince a rival you are "
                      "not greedy (Kydd): a greedy state would not pay that much to be trusted.",
    "transparency": "Transparency: let the target's inspectors see your forces for a few turns — its estimate "
                    "of you becomes accurate and your posture visible.",
    "arms_control_offer": "Offer a mutual cap on forces. It forms if they offer too (now or within two turns).",
    "threat_order": "Public threat: deter an attack on you or a protégé. Opens a crisis; if forces look offensive it "
              "can frighten a security seeker — deterrence can backfire.",
    "mobilise": "Mobilise: forces count 25 % more for three turns; costly and visible; raises the crisis to rung 3.",
    "propose_pact": "Offer a defensive pact. It forms when they accept.",
    "accept_pact": "Accept their pact offer: you will be called to arms if they are attacked.",
    "leave_pact": "Leave the pact. Costs reputation: commitments are worth what they are kept.",
    "guarantee": "Guarantee their security (extended deterrence): you are called in if they are attacked.",
    "end_guarantee": "Withdraw your guarantee. Costs some reputation.",
    "crisis_firm": "Stand firm: the crisis goes on, with some risk of an accidental step up the ladder.",
    "crisis_back_down": "Back down: the crisis ends, you concede a little output and reputation (more if you had "
                        "made a public threat).",
    "crisis_escalate": "Escalate one rung. At rung 5 the crisis becomes war.",
    "attack": "Go to war. Each war turn is a contest decided by offence against defence, Ω and terrain; "
              "their allies may be called in.",
    "peace": "Offer peace; the war ends when both sides offer in the same turn.",
    "refuse_call": "Refuse your ally's call to arms. The pact breaks and your reputation suffers (buck-passing).",
    "dilemma": "Repeated dilemma: restrain (cooperate) or arm (defect). Both restrain: 3 each; both arm: 1 each; "
               "arm against a restrainer: 5 for you, 0 for them.",
    "reputation": "Reputation: how much your word counts. Broken pledges, abandoned allies and backing down "
                  "after a threat cost it.",
    "tragic": "A tragic spiral: both states were security seekers — neither wanted the race.",
    "counterfactual": "Mutual restraint: the same scenario and seed replayed with every state restrained. "
                      "The outcome no side chose, though all might have preferred it.",
}


WORLD_NAMES = {
    (True, False): "Offense-dominant, indistinguishable",
    (True, True): "Offense-dominant, distinguishable",
    (False, False): "Defense-dominant, indistinguishable",
    (False, True): "Defense-dominant, distinguishable",
}
WORLD_STORY = {
    (True, False): "Doubly dangerous: striking first pays and every buildup looks offensive. The security dilemma "
                   "is at its most intense.",
    (True, True): "Aggressors can be told apart and warning is given, but when they strike they have the edge.",
    (False, False): "The security dilemma operates — buildups look threatening — but defenders are strong, so "
                    "states can afford to wait and see.",
    (False, True): "Doubly stable: defence has the edge and can be seen to be defence. Security can be had "
                   "without threatening anyone.",
}


def jervis_world(omega: float, d: float) -> tuple[bool, bool]:
    """(offense dominant?, distinguishable?): the nearest of Jervis's four worlds."""
    return omega > 1.0, d >= 0.5


def world_story(omega: float, d: float) -> str:
    """One or two sentences on what this world means; near the middle of an axis it says so
    rather than borrow the story of a corner it is not in."""
    balanced, partly = 0.9 <= omega <= 1.1, 0.4 <= d <= 0.6
    if balanced and partly:
        return ("Between Jervis's worlds: neither attack nor defence has a clear edge, and forces can partly be "
                "told apart. The security dilemma is real but manageable — how states read each other decides it.")
    if balanced:
        return ("Neither attack nor defence has a clear edge; "
                + ("forces can be told apart, so restraint can show." if d > 0.5 else
                   "forces cannot be told apart, so every buildup looks like a threat."))
    if partly:
        return ("Offense has the edge, and forces can only partly be told apart: buildups are read with suspicion."
                if omega > 1.0 else
                "Defence has the edge, and forces can only partly be told apart: states can afford to wait and see.")
    return WORLD_STORY[jervis_world(omega, d)]


def world_name(omega: float, d: float, short: bool = False) -> str:
    """The world in a few words; near the middle of either axis it says so rather than pretend."""
    if 0.9 <= omega <= 1.1:
        attack = "Balanced"
    else:
        attack = ("Offense" if short else "Offense-dominant") if omega > 1.0 else ("Defense" if short else "Defense-dominant")
    if 0.4 <= d <= 0.6:
        tell = "partly distinct" if short else "partly distinguishable"
    else:
        tell = ("distinct" if short else "distinguishable") if d > 0.5 else ("blurred" if short else "indistinguishable")
    return f"{attack}, {tell}"


def world_tooltip(omega: float, d: float) -> str:
    key = jervis_world(omega, d)
    return (f"<b>{world_name(omega, d)}</b> (Ω {omega:.2f}, d {d:.2f})<br>"
            f"Nearest of Jervis's four worlds: <b>{WORLD_NAMES[key]}</b>. {world_story(omega, d)}<br><br>"
            f"{CONCEPTS['omega']}<br>{CONCEPTS['distinguishability']}")
