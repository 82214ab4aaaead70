"""The debrief: what happened in a game, why, and what it teaches (DESIGN.md §3, §5).

    python main.py report SAVE_OR_REPLAY --out DIR

`build_debrief(engine)` turns a finished (or paused) game into a plain data structure — the
escalation timeline, the spiral episodes with their action–reaction chains, the turning points
tagged with the concept each illustrates and the AI's reasons at that moment, the hidden types
revealed, scores beside the mutual-restraint counterfactual, and discussion questions written
for what happened. The game's debrief screen renders the same structure; `export(engine,
out_dir)` writes it as a self-contained HTML page (`debrief.html`, charts embedded) with the PNG
charts beside it, `series.csv` (one row per turn and dyad) and `debrief.json`.

Everything here reads the engine (its state, series, events, spiral tracker and the
explanations saved with each turn); nothing changes the world. The debrief shows the truth —
hidden types, true forces, the true offense–defense balance — which no player saw during play.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from game.ai.reasoning.explain import BOLD_LEADER
from game.core.engine import Engine
from game.core.events import Event
from game.core.scores import scores
from game.core.spirals import MIN_TURNS
from game.core.state import RUNG_NAMES
from game.scenario.files import output_set
from game.errors import UserError
from game.match.match import leaders_boldness
from game.theory import CONCEPTS, concept_of, state_colors, world_name

# Events that are turning points in a debrief (others are the texture of the game).
TURNING_KINDS = {
    "spiral_started", "spiral_ended", "war_started", "ally_joined", "ally_refused", "call_lapsed", "pact_left",
    "pact_formed", "arms_control_formed", "arms_control_violated", "crisis_backed_down", "nuclear_use",
    "conquered", "peace", "unilateral_cut", "pledge_broken", "threat_made", "mobilised", "guarantee_given",
    "crisis_accident", "border_clash",
}
FIRST_ONLY = {"threat_made", "mobilised", "border_clash", "crisis_accident"}  # per pair: the first says enough


# ---------------------------------------------------------------------------------------------
# The data structure


@dataclass
class StateOutcome:
    id: str
    name: str
    color: str
    type: str  # the hidden type, revealed
    governed_by: str  # "human", "team <name>" or "AI: <doctrine>"
    team: str | None  # the name of the team that played it, if it had one
    alive: bool
    forces_start: float
    forces_end: float
    output_start: float
    output_end: float
    score: float
    restraint_score: float | None  # the mutual-restraint counterfactual
    security: float
    prosperity: float


@dataclass
class TimelineEntry:
    turn: int
    kind: str
    concept: str | None
    text: str
    actors: list[str]
    rung: int  # the highest rung anywhere after this turn


@dataclass
class ChainStep:
    turn: int
    actor: str  # who moved
    reader: str  # who read the move
    arms_change: float  # actor's arms growth this turn
    belief_before: float  # reader's P(actor greedy) before and after
    belief_after: float
    threat_before: float
    threat_after: float
    answer: float | None  # reader's arms growth the next turn
    text: str


@dataclass
class SpiralStory:
    a: str
    b: str
    start: int
    end: int | None
    peak: str
    ended_by: str | None
    tragic: bool
    greedy: list[str]
    fearing: list[str]  # the sides whose fear of the other rose
    mutual: bool  # both afraid; otherwise a one-sided race
    fear: str  # who feared whom, in words
    chain: list[ChainStep]
    richardson: dict[str, float]
    summary: str
    chart: str = ""  # file name of its phase plot, once exported


@dataclass
class ArmsRace:
    """Two states both building at γ* or more a turn for MIN_TURNS turns running, read from the
    forces series, that the spiral test did not count as an episode (neither side's fear of the
    other rose, or the buildups did not answer each other): an arms race all the same."""
    a: str
    b: str
    start: int
    end: int
    fearing: list[str]  # the sides whose sense of threat from the other rose over the run
    text: str


@dataclass
class Facts:
    """What happened, counted: everything the debrief says is checked against these."""
    wars: int
    conquered: list[str]  # ids, in the order they fell
    nuclear_use: list[int]  # the turns of nuclear use
    spirals: int  # episodes with both sides afraid
    one_sided: int  # episodes with one side afraid
    races: int  # arms races that formed no episode
    arms_control: int  # agreements formed
    crises: int  # threats, mobilisations, clashes and crises backed down from
    top_rung: int


@dataclass
class TurningPoint:
    turn: int
    kind: str
    concept: str
    text: str
    actors: list[str]
    reasons: list[str]  # what the AI said at the time (its saved explanation)


@dataclass
class Debrief:
    scenario_id: str
    title: str
    description: str
    seed: int
    turns: int
    max_turns: int
    world: dict[str, Any]
    world_name: str  # game.theory's short name of the true world (Ω, d)
    world_story: str  # and what to expect in it
    dilemma: bool
    states: list[StateOutcome]
    timeline: list[TimelineEntry]
    episodes: list[SpiralStory]
    races: list[ArmsRace]
    facts: Facts
    turning_points: list[TurningPoint]
    wars: list[dict[str, Any]]
    highlights: list[str]
    questions: list[str]
    glossary: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# Building it


def _governance(engine: Engine, controllers: Mapping[str, Any] | None) -> dict[str, tuple[str, str | None]]:
    """Per state: who governed it ("human", "team <name>" or "AI: <doctrine>") and its team's name
    if people with a name played it. `controllers` holds saved ControllerSpecs, live controllers
    or seats (anything with a `team` names one)."""
    out = {}
    for spec in engine.scenario.states:
        c = (controllers or {}).get(spec.id)
        if c is None:
            kind, doctrine = spec.controller, spec.doctrine
        elif hasattr(c, "kind"):  # a saved ControllerSpec
            kind, doctrine = c.kind, getattr(c, "doctrine", None) or spec.doctrine
        else:  # a live controller or seat
            kind, doctrine = ("human" if getattr(c, "name", "") == "human" else "ai"), getattr(c, "name", spec.doctrine)
        team = (getattr(c, "team", None) or None) if kind == "human" else None
        out[spec.id] = (f"team {team}" if team else "human" if kind == "human" else f"AI: {doctrine}", team)
    return out


def build_debrief(engine: Engine, controllers_or_specs: Mapping[str, Any] | None = None,
                  counterfactual: bool = True) -> Debrief:
    """The debrief of `engine`'s game as plain data (see the module docstring)."""
    st = engine.state
    sc = engine.scenario
    s = engine.series
    ids = list(st.ids)
    names = dict(zip(st.ids, st.names))
    greedy = {sid: bool(g) for sid, g in zip(st.ids, st.greedy)}
    final = scores(st)
    restraint = None
    if counterfactual:
        from game.match.games import restraint_counterfactual

        restraint = restraint_counterfactual(sc.with_overrides({"scenario.turns": max(1, st.turn)}), engine.seed)
    governed = _governance(engine, controllers_or_specs)
    colors = state_colors(st.colors)
    M, Y = s["M"], s["Y"]
    states = [StateOutcome(
        id=sid, name=names[sid], color=colors[k], type=("greedy" if greedy[sid] else "security seeker"),
        governed_by=governed[sid][0], team=governed[sid][1], alive=bool(st.alive[k]), forces_start=round(float(M[0, k]), 2),
        forces_end=round(float(M[-1, k]), 2), output_start=round(float(Y[0, k]), 2), output_end=round(float(Y[-1, k]), 2),
        score=round(final[sid].total if not st.dilemma else float(st.dilemma_score[k]), 2),
        restraint_score=(None if restraint is None else
                         round(restraint[sid].total if not st.dilemma else _dilemma_restraint(st), 2)),
        security=round(final[sid].security, 2), prosperity=round(final[sid].prosperity, 2),
    ) for k, sid in enumerate(ids)]
    world = {"offense_defense": st.omega, "perceived_offense_defense": st.omega_perceived,
             "distinguishability": st.distinguishability, "intel_noise": st.intel_noise,
             "spiral_threshold": st.spiral_threshold}
    episodes = [_story(engine, ep, names, greedy) for ep in engine.tracker.episodes]
    races = arms_races(engine, names)
    from game.match.outputs import wars_of

    wars = wars_of(engine)
    points = turning_points(engine)
    facts = _facts(engine, wars, episodes, races)
    named = world_name(st.omega, st.distinguishability)
    debrief = Debrief(
        scenario_id=sc.id, title=sc.scenario.title, description=sc.scenario.description.strip(), seed=engine.seed,
        turns=st.turn, max_turns=st.max_turns, world=world, world_name=named.short, world_story=named.long,
        dilemma=bool(st.dilemma), states=states, timeline=timeline(engine), episodes=episodes, races=races,
        facts=facts, turning_points=points, wars=wars, highlights=[], questions=[],
    )
    debrief.highlights = highlights(engine, debrief)
    debrief.questions = questions(engine, debrief)
    used = ({p.concept for p in points} | {"spiral", "repeated dilemma" if st.dilemma else "four worlds"}
            | ({"tragic spiral"} if any(e.tragic for e in episodes) else set())
            | ({"stability–instability paradox"} if any(spec.warheads > 0 for spec in sc.states) else set()))
    debrief.glossary = {c.id: c.gloss for c in CONCEPTS.values() if c.id in used}
    return debrief


def _dilemma_restraint(st) -> float:
    return float(st.payoffs[0]) * st.turn


# Which of an AI's reasons explain an event: the decision kinds behind each event kind.
EVENT_DECISIONS = {
    "war_started": ("war",), "ally_joined": ("war", "alliance"), "ally_refused": ("alliance",),
    "call_lapsed": ("alliance",), "pact_formed": ("alliance",), "pact_left": ("alliance",),
    "guarantee_given": ("alliance",), "threat_made": ("signal",), "mobilised": ("signal", "crisis"),
    "unilateral_cut": ("signal",), "arms_control_formed": ("signal",), "pledge_broken": ("signal", "arms"),
    "crisis_backed_down": ("crisis",), "crisis_accident": ("crisis",), "border_clash": ("crisis",),
    "peace": ("peace",), "nuclear_use": ("crisis", "war"), "dilemma_round": ("dilemma",),
}


def _reasons(engine: Engine, turn: int, actor: str, other: str | None, kind: str) -> list[str]:
    """What the acting AI said when it chose this turn's orders (its saved explanation): the
    reasons of the decision behind the event, about the other state where it names one."""
    if turn < 1 or turn > len(engine.records):
        return []
    exp = engine.records[turn - 1].explanations.get(actor) or {}
    wanted = EVENT_DECISIONS.get(kind, ())
    reasons = [r for r in exp.get("reasons") or [] if r.get("decision") in wanted]
    about = [r for r in reasons if other is None or r.get("target") in (other, None)]
    return [r["summary"] for r in (about or reasons)][:2]


def event_concepts(events: Sequence[Event]) -> list[str | None]:
    """The concept each event illustrates (game.theory.concept_of), in order: a war is a
    deterrence failure when its target had threatened the attacker earlier in the game."""
    out: list[str | None] = []
    threats: set[tuple[str, str]] = set()
    for e in events:
        if e.kind == "threat_made" and len(e.actors) >= 2:
            threats.add((e.actors[0], e.actors[1]))
        threatened = len(e.actors) >= 2 and (e.actors[1], e.actors[0]) in threats
        out.append(concept_of(e.kind, e.data.get("label"), target_had_threatened=threatened))
    return out


def event_text(engine: Engine, e: Event) -> str:
    """An event's text, except that the start of a race in which only one side grew afraid says
    so (the engine announces a spiral when it forms, before it knows who will come to fear whom)."""
    if e.kind != "spiral_started" or len(e.actors) < 2:
        return e.text
    ep = next((ep for ep in engine.tracker.episodes
               if (ep.a, ep.b) == tuple(e.actors[:2]) and ep.start == e.data.get("start")), None)
    if ep is None or ep.mutual or not ep.fearing:
        return e.text
    names = dict(zip(engine.state.ids, engine.state.names))
    afraid = ep.fearing[0]
    other = ep.b if afraid == ep.a else ep.a
    return (f"A one-sided arms race has formed between {names[ep.a]} and {names[ep.b]}: both building, "
            f"{names[afraid]} more and more afraid of {names[other]}, {names[other]} not of {names[afraid]}.")


def turning_points(engine: Engine) -> list[TurningPoint]:
    out: list[TurningPoint] = []
    seen_first: set[tuple[str, str, str]] = set()
    for e, concept in zip(engine.events, event_concepts(engine.events)):
        if e.kind not in TURNING_KINDS:
            continue
        if e.kind in FIRST_ONLY:
            key = (e.kind, *sorted(e.actors[:2]))
            if key in seen_first:
                continue
            seen_first.add(key)
        if concept is None:
            continue
        actor = e.actors[0] if e.actors else None
        other = e.actors[1] if len(e.actors) > 1 else None
        reasons = _reasons(engine, e.turn, actor, other, e.kind) if actor else []
        out.append(TurningPoint(turn=e.turn, kind=e.kind, concept=concept, text=event_text(engine, e),
                                actors=list(e.actors), reasons=reasons))
    return out


def timeline(engine: Engine) -> list[TimelineEntry]:
    """Every public event worth a line, with the highest rung reached after its turn."""
    rung = engine.series["rung"]
    top = rung.reshape(len(rung), -1).max(axis=1) if len(rung) else np.zeros(1, dtype=int)
    skip = {"war_turn", "dilemma_round", "intelligence", "pact_offered", "peace_offered", "arms_control_violation_hidden",
            "budget_changed"}
    out = []
    for e, concept in zip(engine.events, event_concepts(engine.events)):
        if e.kind in skip or e.visible_to is not None and e.kind not in ("arms_control_violated",):
            continue
        idx = min(e.turn, len(top) - 1)
        out.append(TimelineEntry(turn=e.turn, kind=e.kind, concept=concept, text=event_text(engine, e),
                                 actors=list(e.actors), rung=int(top[idx])))
    return out


def _story(engine: Engine, ep, names: dict[str, str], greedy: dict[str, bool]) -> SpiralStory:
    s = engine.series
    i, j = engine.ids.index(ep.a), engine.ids.index(ep.b)
    g = s.growth()
    belief, threat = s["belief"], s["threat"]
    last = ep.end if ep.end is not None else s.length - 1
    first = max(1, ep.start - 1)
    chain = []
    for t in range(first, min(last, s.length - 1) + 1):
        for actor, reader in ((i, j), (j, i)):
            if g[t, actor] < engine.state.spiral_threshold:
                continue
            answer = float(g[t + 1, reader]) if t + 1 < s.length else None
            b0, b1 = float(belief[t - 1, reader, actor]), float(belief[t, reader, actor])
            t0, t1 = float(threat[t - 1, reader, actor]), float(threat[t, reader, actor])
            an, rn = names[engine.ids[actor]], names[engine.ids[reader]]
            text = (f"{an} raised its forces {g[t, actor]:.0%}. {rn} now believed {an} {b1:.0%} likely to be greedy "
                    f"(was {b0:.0%}); its sense of threat went from {t0:.2f} to {t1:.2f}.")
            if answer is not None:
                text += (f" Next turn {rn} {'raised its forces ' + format(answer, '.0%') if answer > 0.005 else 'held its forces'}"
                         f"{'' if answer > 0.005 else ' level' if answer > -0.005 else ''}.")
            chain.append(ChainStep(turn=t, actor=engine.ids[actor], reader=engine.ids[reader],
                                   arms_change=round(float(g[t, actor]), 4), belief_before=round(b0, 4),
                                   belief_after=round(b1, 4), threat_before=round(t0, 4), threat_after=round(t1, 4),
                                   answer=None if answer is None else round(answer, 4), text=text))
    tragic = not greedy[ep.a] and not greedy[ep.b]
    bad = [x for x in (ep.a, ep.b) if greedy[x]]
    fear = _fear(ep, names, g[ep.start: min(last, s.length - 1) + 1][:, [i, j]].mean(axis=0))
    ended = {"calm": "both stopped building", "war": "it ended in war", "arms_control": "an arms-control agreement ended it",
             "end_of_game": "it was still going when the game ended", None: "it was still going"}.get(ep.ended_by, ep.ended_by)
    who = f"{names[ep.a]} and {names[ep.b]}"
    span = f"turns {ep.start}–{ep.end}" if ep.end is not None else f"from turn {ep.start}"
    if tragic:
        nature = "Both were security seekers: a tragic spiral — neither wanted more than safety."
    else:
        nature = f"{' and '.join(names[x] for x in bad)} {'was' if len(bad) == 1 else 'were'} greedy: here fear had a real cause."
    summary = f"{who}, {span}: peak stage {ep.peak}; {ended}. {fear} {nature}".replace("  ", " ")
    return SpiralStory(a=ep.a, b=ep.b, start=ep.start, end=ep.end, peak=ep.peak, ended_by=ep.ended_by, tragic=tragic,
                       greedy=bad, fearing=list(ep.fearing), mutual=ep.mutual, fear=fear, chain=chain,
                       richardson=dict(ep.richardson), summary=summary)


def _fear(ep, names: dict[str, str], mean_growth: np.ndarray) -> str:
    """Who feared whom in an episode; `mean_growth` is (a's, b's) arms growth over it."""
    a, b = names[ep.a], names[ep.b]
    if ep.mutual:
        return f"Each feared the other's buildup: {a} feared {b}, and {b} feared {a}."
    if not ep.fearing:
        return ""
    afraid, other = (ep.a, ep.b) if ep.fearing[0] == ep.a else (ep.b, ep.a)
    k_afraid, k_other = (0, 1) if afraid == ep.a else (1, 0)
    how = "out-arming it" if mean_growth[k_other] >= mean_growth[k_afraid] else "arming too"
    return f"{names[afraid]} feared {names[other]}'s buildup; {names[other]}, {how}, did not fear {names[afraid]}."


def arms_races(engine: Engine, names: dict[str, str]) -> list[ArmsRace]:
    """Every run of MIN_TURNS turns or more in which two living states both built at γ* or more
    a turn and that no spiral episode of theirs overlaps: the debrief never denies an arms race
    the forces show, whether or not it was a spiral of fear."""
    s, st = engine.series, engine.state
    if st.dilemma or s.length < MIN_TURNS + 1:
        return []
    g, alive, threat = s.growth(), s["alive"], s["threat"]
    turns = s.turns[: s.length]
    gamma = st.spiral_threshold
    last_turn = int(turns[-1])
    out = []
    for i in range(st.n):
        for j in range(i + 1, st.n):
            both = (g[:, i] >= gamma) & (g[:, j] >= gamma) & alive[:, i] & alive[:, j]
            both[0] = False
            for first, last in _runs(both):
                if last - first + 1 < MIN_TURNS:
                    continue
                start, end = int(turns[first]), int(turns[last])
                if any({ep.a, ep.b} == {st.ids[i], st.ids[j]} and ep.start <= end
                       and (ep.end if ep.end is not None else last_turn) >= start for ep in engine.tracker.episodes):
                    continue
                fearing = [st.ids[x] for x, y in ((i, j), (j, i)) if threat[last, x, y] > threat[first - 1, x, y] + 1e-9]
                out.append(ArmsRace(a=st.ids[i], b=st.ids[j], start=start, end=end, fearing=fearing,
                                    text=_race_text(names, st.ids[i], st.ids[j], start, end, fearing, gamma)))
    return sorted(out, key=lambda r: (r.start, r.a, r.b))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) row of each run of True in `mask`."""
    out, first = [], None
    for row, on in enumerate(mask):
        if on and first is None:
            first = row
        elif not on and first is not None:
            out.append((first, row - 1))
            first = None
    if first is not None:
        out.append((first, len(mask) - 1))
    return out


def _race_text(names: dict[str, str], a: str, b: str, start: int, end: int, fearing: list[str], gamma: float) -> str:
    text = (f"{names[a]} and {names[b]} both built up by {gamma:.0%} a turn or more for {end - start + 1} turns running "
            f"(turns {start}–{end}): an arms race. ")
    if not fearing:
        return text + ("Neither grew more afraid of the other, so it was no spiral of fear: each was arming for "
                       "reasons of its own.")
    if len(fearing) == 1:
        afraid = fearing[0]
        other = b if afraid == a else a
        return text + (f"{names[afraid]} grew more afraid of {names[other]}; {names[other]} did not grow more afraid "
                       f"of {names[afraid]}. The spiral test did not find each buildup answering the other's.")
    return text + ("Each grew more afraid of the other, but the spiral test did not find each buildup answering the "
                   "other's.")


CRISIS_KINDS = ("threat_made", "mobilised", "border_clash", "crisis_backed_down", "crisis_accident")


def _facts(engine: Engine, wars: list[dict], episodes: list[SpiralStory], races: list[ArmsRace]) -> Facts:
    events = engine.events
    return Facts(
        wars=len(wars), conquered=[e.actors[1] for e in events if e.kind == "conquered"],
        nuclear_use=sorted({e.turn for e in events if e.kind == "nuclear_use"}),
        spirals=sum(ep.mutual for ep in episodes), one_sided=sum(not ep.mutual for ep in episodes), races=len(races),
        arms_control=sum(e.kind == "arms_control_formed" for e in events),
        crises=sum(e.kind in CRISIS_KINDS for e in events),
        top_rung=int(engine.series["rung"].max()) if engine.series.length else 0,
    )


# ---------------------------------------------------------------------------------------------
# What to say about it


def highlights(engine: Engine, d: Debrief) -> list[str]:
    """What happened, in a few lines, each a fact of the game (d.facts)."""
    st = engine.state
    f = d.facts
    names = {s.id: s.name for s in d.states}
    out = []
    greedy = [s.name for s in d.states if s.type == "greedy"]
    out.append("Hidden types: " + (f"{', '.join(greedy)} {'was' if len(greedy) == 1 else 'were'} greedy; "
                                   "every other state was a security seeker." if greedy
                                   else "every state was a security seeker — nobody wanted more than safety."))
    boldness = leaders_boldness(engine.scenario, engine.seed)
    # Boldness weighs in wars of gain, which greedy states fight: there a gambler made a difference.
    gamblers = [s for s in d.states
                if s.type == "greedy" and s.governed_by.startswith("AI") and boldness[s.id] >= BOLD_LEADER]
    if gamblers:
        out.append("Hidden leaders: " + "; ".join(
            f"{s.name}'s was a gambler (boldness {boldness[s.id]:+.1f} standard deviations), ready to fight at odds most "
            "leaders decline" for s in gamblers) + ".")
    if abs(st.omega_perceived - st.omega) > 1e-9:
        out.append(f"Everyone believed the offense–defense balance was Ω = {st.omega_perceived:g}; in truth it was "
                   f"Ω = {st.omega:g}.")
    if d.dilemma:
        out += _dilemma_highlights(engine, names)
    else:
        out += _race_highlights(d, names)
        grew = sorted((s for s in d.states if s.forces_start > 0 and s.forces_end >= 2 * s.forces_start),
                      key=lambda s: -s.forces_end / s.forces_start)
        if grew:
            out.append("Forces grew: " + ", ".join(f"{s.name}'s ×{s.forces_end / s.forces_start:.1f}" for s in grew)
                       + f" (from turn 0 to turn {d.turns}).")
    if d.wars:
        labels: dict[str, int] = {}
        for w in d.wars:
            labels[w["label"]] = labels.get(w["label"], 0) + 1
        out.append(f"{len(d.wars)} war{'s' if len(d.wars) != 1 else ''}: "
                   + ", ".join(f"{n} {lab}" for lab, n in labels.items()) + ".")
    elif not d.dilemma:
        out.append("No war.")
    if f.conquered:
        out.append(f"Conquered: {', '.join(names[x] for x in f.conquered)}.")
    if f.nuclear_use:
        out.append(f"Nuclear weapons were used (turn{'s' if len(f.nuclear_use) > 1 else ''} "
                   f"{', '.join(str(t) for t in f.nuclear_use)}).")
    if f.arms_control:
        out.append(f"{f.arms_control} arms-control agreement{'s' if f.arms_control != 1 else ''} formed.")
    if not d.dilemma:
        out.append(f"The highest rung of the escalation ladder reached: {f.top_rung} ({RUNG_NAMES[f.top_rung]}).")
    worse = [s for s in d.states if s.restraint_score is not None and s.score < s.restraint_score - 0.5]
    if worse and len(worse) == len(d.states):
        out.append("Every state scored less than it would have if all had simply restrained.")
    elif worse:
        out.append(f"{', '.join(s.name for s in worse)} scored less than under mutual restraint.")
    return out


def _dilemma_highlights(engine: Engine, names: dict[str, str]) -> list[str]:
    st = engine.state
    moves = engine.series["move"][1:]
    if not len(moves):
        return []
    out = [f"Both restrained in {float(np.mean((moves == 0).all(axis=1))):.0%} of the {len(moves)} rounds."]
    first = next((t + 1 for t in range(len(moves)) if (moves[t] == 1).any()), None)
    if first is not None:
        who = [names[st.ids[k]] for k in range(st.n) if moves[first - 1, k] == 1]
        out.append(f"The first arming came in round {first}, by {' and '.join(who)}.")
    flipped = [(e.turn, f) for e in engine.events if e.kind == "dilemma_round"
               for f in e.data.get("flipped_by_noise", [])]
    if flipped:
        turn, sid = flipped[0]
        out.append(f"{len(flipped)} move{'s were' if len(flipped) != 1 else ' was'} flipped by accident (noise); "
                   f"the first in round {turn}, {names[sid]}'s.")
    return out


def _race_highlights(d: Debrief, names: dict[str, str]) -> list[str]:
    """The arms races: spirals of mutual fear, one-sided races (saying who feared whom), and races
    the spiral test did not count — or, only when there was none of these, that there was none."""
    f = d.facts
    out = []
    if d.episodes:
        kinds = []
        if f.spirals:
            kinds.append(f"{f.spirals} spiral{'s' if f.spirals != 1 else ''} of mutual fear")
        if f.one_sided:
            kinds.append(f"{f.one_sided} one-sided arms race{'s' if f.one_sided != 1 else ''} (only one side afraid)")
        tragic = sum(e.tragic for e in d.episodes)
        out.append(" and ".join(kinds)[0].upper() + " and ".join(kinds)[1:]
                   + (f"; {tragic} of {'them' if len(d.episodes) > 1 else 'it'} tragic (between two security "
                      "seekers)." if tragic else "."))
        out += [f"{names[e.a]}–{names[e.b]}: {e.fear}" for e in d.episodes if not e.mutual and e.fear]
    if len(d.races) <= 2:
        out += [r.text for r in d.races]
    else:
        listed = ", ".join(f"{names[r.a]}–{names[r.b]} (turns {r.start}–{r.end})" for r in d.races[:6])
        more = f" and {len(d.races) - 6} more" if len(d.races) > 6 else ""
        out.append(f"{'Beyond the spirals, ' if d.episodes else ''}{len(d.races)} pairs both built up by "
                   f"{d.world['spiral_threshold']:.0%} a turn or more for {MIN_TURNS} turns running or longer: arms "
                   f"races all the same, though the spiral test did not find each buildup answering the other's — "
                   f"{listed}{more}.")
    if not d.episodes and not d.races:
        gamma = d.world["spiral_threshold"]
        out.append(f"No arms race: no two states both built up by {gamma:.0%} a turn or more for {MIN_TURNS} turns "
                   "running.")
    return out


def questions(engine: Engine, d: Debrief, limit: int = 8) -> list[str]:
    """Discussion questions written for what happened in this game, the most telling first. Each
    rests on a fact of the game (d.facts): the peace is asked about only when there was peace,
    an arms race only when there was one."""
    st = engine.state
    f = d.facts
    names = {s.id: s.name for s in d.states}
    greedy = {s.id: s.type == "greedy" for s in d.states}
    q: list[tuple[int, str]] = []  # (priority, question): lower first
    if d.dilemma:
        q.append((0, "In a single round, arming pays more whatever the other does. Why did (or didn't) the players "
                     "end up arming every round?"))
        q.append((1, "What did each side do the round after the other armed? Was that retaliation, or the start of an "
                     "echo?"))
        if st.dilemma_noise > 0:
            q.append((2, "Some moves were flipped by accident. How did each side read an accidental arming — and "
                         "how long did the echo last?"))
        else:
            q.append((5, "How would a chance of accidental moves (noise) change which strategy does best?"))
    for k, ep in enumerate(d.episodes[:2]):
        a, b = names[ep.a], names[ep.b]
        if not ep.mutual and ep.fearing:
            afraid = ep.fearing[0]
            other = ep.b if afraid == ep.a else ep.a
            q.append((k, f"From turn {ep.start}, {names[afraid]} feared {names[other]}'s buildup, but {names[other]} did "
                         f"not fear {names[afraid]}. Why did {names[other]} keep arming — and how did its buildup look "
                         f"from {names[afraid]}'s side?"))
        elif ep.tragic:
            q.append((k, f"{a} and {b} were both security seekers, yet they spiralled from turn {ep.start}. At which "
                         f"turn could either have stopped it — and what would stopping have cost?"))
        else:
            g = " and ".join(names[x] for x in ep.greedy)
            q.append((k + 1, f"{g} {'was' if len(ep.greedy) == 1 else 'were'} greedy. Was arming the right answer to "
                             f"it in the {a}–{b} spiral? When could the other side have known?"))
    for r in d.races[:2 - min(2, len(d.episodes))]:
        a, b = names[r.a], names[r.b]
        q.append((1, f"{a} and {b} both armed fast for {r.end - r.start + 1} turns (turns {r.start}–{r.end}), yet the "
                     "spiral test found no action and reaction between them. What were they arming against?"))
    if f.wars and not d.episodes and not d.races:
        w = d.wars[0]
        q.append((0, f"War came without an arms race: {f.wars} war{'s' if f.wars != 1 else ''}, the first on turn "
                     f"{w['start']} ({names[w['attacker']]} against {names[w['defender']]}). If fear of a buildup did "
                     "not cause it, what did?"))
    if not d.dilemma and not f.wars and not f.nuclear_use and not d.episodes and not d.races:
        if f.top_rung >= 2:
            q.append((0, f"There were crises — the ladder reached rung {f.top_rung} ({RUNG_NAMES[f.top_rung]}) — but "
                         f"no war and no arms race in this world ({d.world_name}). What stopped them short of war: "
                         "the world (Ω and d), the doctrines, or the players' choices?"))
        else:
            q.append((0, f"No war and no arms race in this world ({d.world_name}). What kept the peace — the world "
                         "(Ω and d), the doctrines, or the players' choices?"))
    for sid in f.conquered[:1]:
        turn = next(e.turn for e in engine.events if e.kind == "conquered" and e.actors[1] == sid)
        q.append((1, f"{names[sid]} was conquered on turn {turn}. What could have saved it — arms, allies, or "
                     "restraint earlier on?"))
    worse = [s for s in d.states if s.restraint_score is not None and s.score < s.restraint_score - 0.5]
    if worse:
        seekers = [x for x in worse if x.type != "greedy"] or worse
        s = min(seekers, key=lambda x: x.score - x.restraint_score)
        q.append((1, f"{s.name} scored {s.score:.1f}; had every state restrained, it would have scored "
                     f"{s.restraint_score:.1f}. Why did nobody choose restraint?"))
    if abs(st.omega_perceived - st.omega) > 1e-9:
        q.append((1, f"The states believed Ω = {st.omega_perceived:g} but it was {st.omega:g}. How would the game have "
                     "gone if they had known?"))
    by_concept = {
        "chain-ganging": "On turn {turn}, {actor} was drawn into a war through an alliance. Did the alliance make it "
                         "safer or more endangered?",
        "buck-passing": "On turn {turn}, {actor} passed the buck — left a partner to face an aggressor alone. Was that "
                        "reasonable? What did it cost the partner?",
        "preventive war": "On turn {turn}, {actor} started a preventive war: fight now rather than face a stronger rival "
                          "later. Could any promise have made waiting safe (Fearon's commitment problem)?",
        "preemptive war": "On turn {turn}, {actor} struck first because it believed an attack was coming. What made "
                          "striking first look so valuable?",
        "deterrence failure": "On turn {turn}, {actor} attacked a state that had threatened it. Was the threat not "
                              "credible, or did it provoke the attack it was meant to prevent?",
        "deterrence success": "On turn {turn}, {actor} backed down in a crisis. It was in truth a security seeker: was "
                              "that deterrence working, or giving way to a threat it did not deserve?",
        "arms control": "On turn {turn}, an arms-control agreement formed. What made it possible, and how could a "
                        "violation have been seen?",
        "inadvertent escalation": "On turn {turn}, a crisis escalated by accident. What does that say about standing "
                                  "firm in crisis after crisis?",
    }
    backed_down_greedy = ("On turn {turn}, {actor} — in truth greedy — backed down in a crisis. What made the threat "
                          "credible enough to deter it?")
    for rank, (concept, text) in enumerate(by_concept.items()):
        p = next((p for p in d.turning_points if p.concept == concept), None)
        if p is not None:
            actor = names.get(p.actors[0], p.actors[0]) if p.actors else "a state"
            if concept == "deterrence success" and p.actors and greedy.get(p.actors[0]):
                text = backed_down_greedy
            q.append((2 + rank % 3, text.format(turn=p.turn, actor=actor)))
    if any(spec.warheads > 0 for spec in engine.scenario.states):
        if f.nuclear_use:
            q.append((0, f"Nuclear weapons were used on turn {f.nuclear_use[0]}. The bomb was meant to deter: what "
                         "made using it look better than backing down?"))
        else:
            armed = [k for k, spec in enumerate(engine.scenario.states) if spec.warheads > 0]
            rung = engine.series["rung"] if engine.series.length else np.zeros((1, st.n, st.n), dtype=int)
            top = int(rung[:, armed, :].max()) if armed else 0  # the highest rung a nuclear power stood on
            q.append((1, f"The nuclear powers climbed to rung {top} ({RUNG_NAMES[top]}) at most, and nobody used "
                         "nuclear weapons. Did the bomb make the lower rungs safer to climb (the stability–instability "
                         "paradox)?"))
    if not d.dilemma:
        others = "other three worlds" if world_name(st.omega, st.distinguishability).corner else "four worlds"
        q.append((4, f"The world of this game: {d.world_name} (Ω = {st.omega:g}, d = {st.distinguishability:g}). "
                     f"Which of Jervis's {others} would have been safer, and why?"))
    ordered = [text for _, text in sorted(q, key=lambda x: x[0])]
    return ordered[:limit]


# ---------------------------------------------------------------------------------------------
# Export


def export(engine: Engine, out_dir: str | Path, controllers_or_specs: Mapping[str, Any] | None = None,
           counterfactual: bool = True, viewer: str | None = None) -> Path:
    """Write the debrief of `engine` to `out_dir`: debrief.html (self-contained), PNG charts,
    series.csv and debrief.json. Returns the HTML's path. With `viewer`, the debrief of one
    team: the events that state could see and its own beliefs (game.report.team)."""
    if viewer is not None:
        from game.report.team import TeamEngine

        engine = TeamEngine(engine, viewer)  # type: ignore[assignment]
    from game.report import charts
    from game.report.html import render
    from game.match.outputs import series_csv

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"{out}: cannot make that folder ({err.strerror or err}).") from None
    d = build_debrief(engine, controllers_or_specs, counterfactual=counterfactual)
    with output_set(out, "debrief") as scratch:
        files = charts.debrief_charts(engine, d, scratch)
        (scratch / "series.csv").write_text(series_csv(engine), encoding="utf-8")
        (scratch / "debrief.json").write_text(json.dumps(d.to_dict(), indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                                              encoding="utf-8")
        (scratch / "debrief.html").write_text(render(d, files, scratch), encoding="utf-8")
    return out / "debrief.html"
