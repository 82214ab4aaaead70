"""The game's one vocabulary: the concepts of international-relations theory it teaches, the
glossary of everything the screen shows, which concept each kind of event illustrates, the
name of a world (Ω, d) among Jervis's four, and the colour each state is drawn in.

The window, the debrief and the charts all read these words from here, so a world, a concept, a
term or a state is named and coloured the same wherever it appears. A leaf: it imports nothing
from the game.
"""
from __future__ import annotations

from dataclasses import dataclass


# ---------------------------------------------------------------------------------------------
# Concepts


@dataclass(frozen=True, slots=True)
class Concept:
    id: str  # how events, turning points and the debrief's tags name it
    name: str
    definition: str  # one line
    source: str | None  # the work that named it; None for plain terms

    @property
    def gloss(self) -> str:
        """The definition with its source, as a glossary shows it."""
        if not self.source:
            return self.definition
        return f"{self.definition.removesuffix('.')} ({self.source})."


def _concepts(*items: Concept) -> dict[str, Concept]:
    return {c.id: c for c in items}


CONCEPTS: dict[str, Concept] = _concepts(
    # The world
    Concept("security dilemma", "Security dilemma",
            "Arming to be safe makes one's neighbours less safe; they arm in reply, and both end up poorer and no safer.",
            "Herz 1950; Jervis 1978"),
    Concept("offense-defense balance", "Offense–defense balance (Ω)",
            "How much easier attacking is than defending: above 1 striking first pays and every buildup is alarming; "
            "below 1 defenders have the edge (1/3 is the old 3:1 rule).", "Jervis 1978"),
    Concept("distinguishability", "Distinguishability (d)",
            "How well others can tell defensive forces from offensive ones; when it is low, every buildup looks like "
            "preparation for attack.", "Jervis 1978"),
    Concept("four worlds", "Jervis's four worlds",
            "Offense or defense dominant × forces distinguishable or not: offense-dominant and indistinguishable is "
            "the doubly dangerous world, defense-dominant and distinguishable the doubly safe one.", "Jervis 1978"),
    # Spirals
    Concept("spiral", "Spiral",
            "Each side's arming, meant for its own safety, makes the other less safe; both arm more.", "Jervis 1976"),
    Concept("tragic spiral", "Tragic spiral",
            "A spiral between two security seekers: neither wanted more than safety, both ended less safe.",
            "Jervis 1976"),
    Concept("runaway arms race", "Runaway arms race",
            "An arms race that feeds on itself: the reactions k·l outweigh the restraints a·b.", "Richardson 1960"),
    # Signals
    Concept("reassurance", "Reassurance", "A signal meant to show benign intentions.", "Kydd 2005"),
    Concept("costly reassurance", "Costly reassurance",
            "A signal that costs enough that a greedy state would not send it.", "Kydd 2000"),
    Concept("audience costs", "Audience costs",
            "Breaking a public pledge costs reputation and welfare at home.", "Fearon 1994"),
    Concept("arms control", "Arms control",
            "A mutual cap on forces, which works only if violations can be seen (distinguishability).",
            "Schelling & Halperin 1961"),
    # Deterrence and crises
    Concept("deterrence", "Deterrence", "A public threat to punish an attack.", "Schelling 1966"),
    Concept("immediate deterrence", "Immediate deterrence", "Mobilising against a specific threat.", "Morgan 1977"),
    Concept("extended deterrence", "Extended deterrence", "Promising to defend a third state.", "Schelling 1966"),
    Concept("deterrence success", "Deterrence success", "A threat made the other side back down.", "Schelling 1966"),
    Concept("deterrence failure", "Deterrence failure",
            "A state attacked the very state that had threatened to punish an attack.", "Jervis 1976"),
    Concept("escalation", "Escalation", "A step up the escalation ladder by choice.", "Kahn 1965"),
    Concept("inadvertent escalation", "Inadvertent escalation",
            "Nobody chose it: an incident in a crisis climbed the ladder by itself.", "Schelling 1960"),
    Concept("de-escalation", "De-escalation", "A crisis was defused.", "Kahn 1965"),
    Concept("nuclear escalation", "Nuclear escalation", "Nuclear weapons were used.", "Kahn 1965"),
    Concept("stability–instability paradox", "Stability–instability paradox",
            "Where the top of the ladder is closed by mutual destruction, the lower rungs may feel safer to climb.",
            "Snyder 1965"),
    # Alliances
    Concept("balancing", "Balancing", "Allying against the most threatening state.", "Walt 1987"),
    Concept("alliance commitment", "Alliance commitment",
            "An ally was called to honour its commitment, torn between abandoning it and being entrapped.",
            "Snyder 1984"),
    Concept("chain-ganging", "Chain-ganging",
            "An ally is dragged into its partner's war, because the partner's defeat would be its own.",
            "Christensen & Snyder 1990"),
    Concept("buck-passing", "Buck-passing",
            "A state leaves balancing or fighting to others, hoping they will pay the price.",
            "Christensen & Snyder 1990"),
    # War
    Concept("war", "War", "The states fight: the bargain that would have spared both the cost was not found.",
            "Fearon 1995"),
    Concept("preventive war", "Preventive war",
            "Attacking now, while still stronger, because the balance is shifting against you.", "Fearon 1995"),
    Concept("preemptive war", "Preemptive war",
            "Striking first because the other side seems about to strike (a first-strike advantage).",
            "Schelling 1960"),
    Concept("opportunistic war", "Opportunistic war",
            "An attack because the gain looked larger than the cost — not fear, but greed or opportunity.",
            "Fearon 1995"),
    Concept("war termination", "War termination", "Both sides offered peace in the same turn and the war ended.",
            None),
    # Cooperation
    Concept("repeated dilemma", "Repeated prisoner's dilemma",
            "One round rewards arming whatever the other does; a long series of rounds can reward reciprocity.",
            "Axelrod 1984"),
)


# ---------------------------------------------------------------------------------------------
# The glossary: one or two sentences for every term and control the screen shows (tooltips,
# help, legend). Where a term is one of the concepts above, its entry starts from the concept's
# definition.

def _entry(concept_id: str, more: str = "") -> str:
    c = CONCEPTS[concept_id]
    return f"{c.name}. {c.definition}" + (f" {more}" if more else "")


GLOSSARY: dict[str, str] = {
    "security_dilemma": _entry("security dilemma"),
    "omega": _entry("offense-defense balance"),
    "distinguishability": _entry("distinguishability"),
    "jervis": _entry("four worlds"),
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
    "stage_runaway": _entry("runaway arms race", "Zig-zag vermillion line."),
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
    "tragic": _entry("tragic spiral"),
    "counterfactual": "Mutual restraint: the same scenario and seed replayed with every state restrained. "
                      "The outcome no side chose, though all might have preferred it.",
}


# ---------------------------------------------------------------------------------------------
# Events -> concepts

# The concept each kind of event illustrates; kinds not listed illustrate none (they are the
# texture of the game, not its turning points).
EVENT_CONCEPTS: dict[str, str] = {
    "pact_formed": "balancing",
    "pact_left": "buck-passing",
    "guarantee_given": "extended deterrence",
    "pledge_made": "reassurance",
    "pledge_broken": "audience costs",
    "unilateral_cut": "costly reassurance",
    "transparency": "reassurance",
    "arms_control_formed": "arms control",
    "arms_control_violated": "arms control",
    "threat_made": "deterrence",
    "mobilised": "immediate deterrence",
    "crisis_escalated": "escalation",
    "crisis_accident": "inadvertent escalation",
    "crisis_backed_down": "deterrence success",
    "crisis_defused": "de-escalation",
    "border_clash": "escalation",
    "war_started": "war",
    "ally_called": "alliance commitment",
    "ally_joined": "chain-ganging",
    "ally_refused": "buck-passing",
    "call_lapsed": "buck-passing",
    "peace": "war termination",
    "conquered": "war",
    "nuclear_use": "nuclear escalation",
    "spiral_started": "spiral",
    "spiral_stage": "spiral",
    "spiral_ended": "spiral",
}
# A war's label (why it was started, game.core.state.WAR_LABELS) -> the kind of war it was.
WAR_CONCEPTS: dict[str, str] = {
    "preventive": "preventive war",
    "preemptive": "preemptive war",
    "opportunistic": "opportunistic war",
    "alliance": "chain-ganging",
    "accidental": "inadvertent escalation",
}


def concept_of(kind: str, war_label: str | None = None, target_had_threatened: bool = False) -> str | None:
    """The concept an event of `kind` illustrates, or None. A war is named by its label (the
    attacker's reason), and is a deterrence failure when its target had publicly threatened the
    attacker beforehand — unless the attacker was dragged in by an ally or by accident."""
    if kind == "war_started":
        if target_had_threatened and war_label not in ("alliance", "accidental"):
            return "deterrence failure"
        return WAR_CONCEPTS.get(war_label or "", "war")
    return EVENT_CONCEPTS.get(kind)


# ---------------------------------------------------------------------------------------------
# Worlds (Jervis 1978): the offense–defense balance Ω and distinguishability d

# Ω within a quarter of 1 either way (0.8 = 1/1.25, symmetric on a log scale) gives neither
# attack nor defence a clear edge; the 3:1 rule (Ω = 1/3) is well inside defense dominance.
BALANCED_OMEGA = (0.8, 1.25)
# d within 0.15 of one half: forces can be told apart only partly.
PARTLY_DISTINGUISHABLE = (0.35, 0.65)


@dataclass(frozen=True, slots=True)
class World:
    short: str  # for badges and tables
    long: str  # what the world is and what to expect in it
    corner: str | None  # which of Jervis's four worlds ("offense_indistinguishable", ...), None between them


# (balance, visibility) -> (short, long). The four corners carry Jervis's names; every cell with
# an axis in its middle band is "between worlds" and says which way each axis leans.
_WORLDS: dict[tuple[str, str], tuple[str, str]] = {
    ("offense", "indistinguishable"): (
        "Offense dominant · indistinguishable",
        "The doubly dangerous world (Jervis 1978): striking first pays and every buildup looks offensive, so even "
        "security seekers cannot arm without menacing each other. Spirals and wars are most likely here."),
    ("offense", "distinguishable"): (
        "Offense dominant · distinguishable",
        "No security dilemma, but a security problem (Jervis 1978): aggressors can be told apart and warning is "
        "given, but when they strike they have the edge. Arms control can be verified; a greedy state is still "
        "dangerous."),
    ("defense", "indistinguishable"): (
        "Defense dominant · indistinguishable",
        "The security dilemma operates, but mildly (Jervis 1978): buildups look threatening, yet defenders are "
        "strong, so states can afford to wait and see. Spirals can start; war seldom pays."),
    ("defense", "distinguishable"): (
        "Defense dominant · distinguishable",
        "The doubly safe world (Jervis 1978): defence has the edge and can be seen to be defence, so security can "
        "be had without threatening anyone. Spirals are rarest here."),
    ("balanced", "indistinguishable"): (
        "Between worlds",
        "Between Jervis's worlds: neither attack nor defence has a clear edge, and forces cannot be told apart. "
        "Every buildup looks like a threat, so spirals can start from fear alone."),
    ("balanced", "partly"): (
        "Between worlds",
        "Between Jervis's worlds: neither attack nor defence has a clear edge, and forces can only partly be told "
        "apart. The security dilemma is real but manageable — how states read each other decides it."),
    ("balanced", "distinguishable"): (
        "Between worlds",
        "Between Jervis's worlds: neither attack nor defence has a clear edge, and forces can be told apart. "
        "Restraint can show: a state that stays defensive can be seen to."),
    ("offense", "partly"): (
        "Between worlds",
        "Between Jervis's worlds: offense has the edge, and forces can only partly be told apart. Buildups are "
        "read with suspicion, and striking first is tempting."),
    ("defense", "partly"): (
        "Between worlds",
        "Between Jervis's worlds: defence has the edge, and forces can only partly be told apart. States can "
        "afford to wait and see whether a buildup is a threat."),
}


def world_name(omega: float, d: float) -> World:
    """The name of the world with offense–defense balance `omega` and distinguishability `d`:
    one of Jervis's four corners, or "between worlds" when either axis is in its middle band."""
    lo, hi = BALANCED_OMEGA
    balance = "balanced" if lo <= omega <= hi else ("offense" if omega > hi else "defense")
    lo, hi = PARTLY_DISTINGUISHABLE
    visibility = "partly" if lo <= d <= hi else ("distinguishable" if d > hi else "indistinguishable")
    short, long = _WORLDS[balance, visibility]
    corner = None if balance == "balanced" or visibility == "partly" else f"{balance}_{visibility}"
    return World(short=short, long=long, corner=corner)


# ---------------------------------------------------------------------------------------------
# State colours

# Okabe & Ito (2008), "Color Universal Design": told apart under the common colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7", "black": "#000000",
}
# The colours a state may be drawn in. Not black: it vanishes on the window's dark sea.
STATE_PALETTE = ("vermillion", "bluish_green", "blue", "orange", "reddish_purple", "sky_blue", "yellow")


def _rgb(text: str) -> tuple[int, int, int]:
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def state_colors(colors: tuple[str, ...] | list[str]) -> list[str]:
    """The colour ("#RRGGBB") each state is drawn in — on the map, in the debrief's page and in
    its charts — from the scenario's colours in state order. A state keeps its own colour when
    it is in STATE_PALETTE and no earlier state claimed it; every other state gets the nearest
    colour still free, so the picture stays readable for colour-blind players whatever a
    scenario file says. Beyond seven states colours repeat (the map tells states apart by their
    initials as well)."""
    wanted = [text.upper() for text in colors]
    allowed = {OKABE_ITO[name]: name for name in STATE_PALETTE}
    chosen: list[str | None] = [None] * len(wanted)
    used: set[str] = set()
    for k, text in enumerate(wanted):
        name = allowed.get(text)
        if name is not None and name not in used:
            chosen[k] = name
            used.add(name)
    for k, text in enumerate(wanted):
        if chosen[k] is not None:
            continue
        free = [n for n in STATE_PALETTE if n not in used] or list(STATE_PALETTE)
        want = _rgb(text)
        name = min(free, key=lambda n: sum((a - b) ** 2 for a, b in zip(_rgb(OKABE_ITO[n]), want)))
        chosen[k] = name
        used.add(name)
        if len(used) == len(STATE_PALETTE):
            used = set()
    return [OKABE_ITO[name] for name in chosen]  # type: ignore[index]
