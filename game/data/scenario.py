"""The scenario file format (DESIGN.md §8): pydantic models, TOML in.

Structure and ranges are checked by pydantic; the cross-references (ids named in alliances,
terrain, guarantees, variants, duplicated ids) by `semantic_problems`, so that `check` can report
every problem of a file at once. Every rule is stated once, here: the JSON Schema
(`python -m game.data.scenario docs/scenario.schema.json`), the teacher-readable messages
(`problems_from_validation`) and the docs all read these models.

Reading files, line numbers and scenario references (`four_worlds:variant`, `random:6`) live in
`game.data.loading`.
"""
from __future__ import annotations

import json
import math
import re
import sys
import tomllib
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, create_model, model_validator

from game.errors import UnknownVariant
from game.errors import did_you_mean as _did_you_mean

# Kept here (not imported from game.ai) so the data layer stays free of the AI; a test checks
# it matches the doctrine registry.
DOCTRINE_IDS = (
    "defensive_realist",
    "offensive_realist",
    "spiral_aware",
    "deterrence_hawk",
    "tit_for_tat",
    "generous_tit_for_tat",
    "always_cooperate",
    "always_defect",
    "grudger",
    "tit_for_two_tats",
    "win_stay_lose_shift",
    "random",
)
DIFFICULTIES = ("easy", "normal", "hard")
MAX_STATES = 12

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
# Text shown to players: no control characters (a terminal escape code in a state's name would
# rewrite a teacher's terminal); prose may hold tabs and line breaks.
NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
PROSE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
# What a pattern allows, in words (used in messages; the schema keeps the regex for editors).
PATTERN_WORDS = {
    ID_PATTERN: ("is not a valid id",
                 "a lower-case id: a letter first, then only letters a-z, digits and _ (like \"rubria\" or \"north_2\")"),
    COLOR_PATTERN: ("is not a colour code", "a colour code: # and six hex digits, like \"#D55E00\""),
    NAME_PATTERN: ("holds a control character (an invisible code such as a terminal escape)",
                   "plain text on one line, without control characters"),
    PROSE_PATTERN: ("holds a control character (an invisible code such as a terminal escape)",
                    "plain text (line breaks and tabs are fine), without control characters"),
}


# Strict: TOML has real numbers, so `economy = "100"` or `offense = true` is a slip worth pointing
# out, not something to convert silently (an editor checking the JSON Schema flags it too).
# Whole numbers still count as numbers.
Number = Annotated[float, Strict()]
Whole = Annotated[int, Strict()]


MIN_FORCES = 0.01  # offense + defense of a state at the start
PAYOFF_LIMIT = 1e6  # the repeated dilemma's payoffs, either sign

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioInfo(_Strict):
    """The [scenario] table: what the scenario is called and how long it lasts."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=40,
                             description="Short name used on the command line and in saves.")]
    title: Annotated[str, Field(min_length=1, max_length=80, pattern=NAME_PATTERN, description="Name shown to players.")]
    description: Annotated[str, Field(pattern=PROSE_PATTERN, max_length=5000,
                                      description="What the scenario is about; students read it before playing.")] = ""
    turns: Annotated[Whole, Field(ge=1, le=1000, description="How many turns the game lasts.")] = 30
    seed: Annotated[Whole, Field(ge=0, le=2**32 - 1,
                                 description="Default random seed: the same seed and orders give the same game.")] = 0
    hints: Annotated[list[Annotated[str, Field(pattern=PROSE_PATTERN, max_length=500)]],
                     Field(max_length=50, description="Tips shown once in a guided first game.")] = Field(default_factory=list)
    variant: Annotated[Optional[str], Field(
        description="Set by the game when a variant was chosen (kept in saves); leave it out of your files.")] = None


class World(_Strict):
    """The [world] table: the parameters that place a scenario in one of Jervis's four worlds."""

    offense_defense: Annotated[Number, Field(gt=0, le=5, description=(
        "Offense-defense balance (Ω). Above 1 attacking is easier than defending; 1/3 is the classic "
        "3:1 rule of a defense-dominant world."))] = 1.0
    perceived_offense_defense: Annotated[Optional[Number], Field(gt=0, le=5, description=(
        "What the states believe Ω is (the 'cult of the offensive' of 1914). Leave out to use the true Ω."))] = None
    distinguishability: Annotated[Number, Field(ge=0, le=1, description=(
        "Distinguishability (d): how well others can tell offensive forces from defensive ones. "
        "0 = not at all, 1 = perfectly."))] = 0.5
    intel_noise: Annotated[Number, Field(ge=0, le=1, description=(
        "Intelligence noise (σ): how blurred each state's estimate of the others' forces is."))] = 0.2
    spiral_threshold: Annotated[Number, Field(gt=0, le=0.5, description=(
        "Arms growth per turn (as a share, 0.05 = 5 %) that counts as a buildup when detecting spirals (γ*)."))] = 0.05
    ambiguous_posture: Annotated[Number, Field(ge=0, le=1, description=(
        "How offensive forces look when they cannot be told apart (share read as offensive)."))] = 0.7

    @property
    def believed_offense_defense(self) -> float:
        return self.offense_defense if self.perceived_offense_defense is None else self.perceived_offense_defense


class StateSpec(_Strict):
    """One [[states]] table: a country on the map."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=40,
                             description="Short name used in alliances, terrain, variants and saves.")]
    name: Annotated[str, Field(min_length=1, max_length=40, pattern=NAME_PATTERN, description="Name shown to players.")]
    color: Annotated[str, Field(pattern=COLOR_PATTERN, description="Colour on the map, like \"#D55E00\".")] = "#888888"
    position: Annotated[
        tuple[Annotated[Number, Field(ge=0, le=1)], Annotated[Number, Field(ge=0, le=1)]],
        Field(description="Place on the map as [x, y], each from 0 to 1: x from left to right, y from top to bottom."),
    ]
    economy: Annotated[Number, Field(ge=0.01, le=1e6, description="Economic output (Y) at the start (0.01 to 1,000,000).")] = 100.0
    growth: Annotated[Number, Field(ge=-0.1, le=0.2,
                                    description="Growth of the economy per turn (0.02 = 2 %).")] = 0.02
    offense: Annotated[Number, Field(ge=0, le=1e6, description="Offensive forces (O) at the start.")] = 10.0
    defense: Annotated[Number, Field(ge=0, le=1e6, description="Defensive forces (D) at the start.")] = 20.0
    warheads: Annotated[Number, Field(ge=0, le=1e5, description="Nuclear warheads (N); 0 = no nuclear forces.")] = 0.0
    type: Annotated[Literal["security_seeker", "greedy"], Field(description=(
        "Hidden from rivals: a security seeker only wants to be safe; a greedy state wants to expand."))] = "security_seeker"
    controller: Annotated[Literal["human", "ai"], Field(description="Who governs the state by default.")] = "ai"
    doctrine: Annotated[Literal[DOCTRINE_IDS], Field(  # type: ignore[valid-type]
        description="How the AI reasons when it governs this state.")] = "defensive_realist"
    difficulty: Annotated[Literal[DIFFICULTIES], Field(  # type: ignore[valid-type]
        description="How good the AI's intelligence is (never what it owns).")] = "normal"
    military_share: Annotated[Optional[Number], Field(ge=0, le=0.5, description=(
        "Share of output spent on forces at the start (0 to 0.5). Leave out to spend what keeps forces level."))] = None

    @model_validator(mode="after")
    def _has_forces(self) -> "StateSpec":
        # Below this the war arithmetic (strengths squared) would underflow to nothing.
        if self.offense + self.defense < MIN_FORCES:
            raise ValueError(f"a state needs some forces: offense + defense must be at least {MIN_FORCES:g}")
        return self


class Pair(_Strict):
    """One [[alliances]] table: a defensive pact in force at the start."""

    members: Annotated[list[str], Field(min_length=2, description="The ids of the allied states (two or more).")]


class Guarantee(_Strict):
    """One [[guarantees]] table: a state promises to defend another (extended deterrence)."""

    guarantor: Annotated[str, Field(description="Id of the state that gives the guarantee.")]
    protege: Annotated[str, Field(description="Id of the state it protects.")]


class Terrain(_Strict):
    """One [[terrain]] table: how easy it is to attack across the border of two states."""

    between: Annotated[tuple[str, str], Field(description="The ids of the two states.")]
    factor: Annotated[Number, Field(gt=0, le=3, description=(
        "Above 1 open plain (attack easier), below 1 sea or mountains (attack harder); 1 = plain distance."))]


class Rivalry(_Strict):
    """One [[rivalries]] table: a pair that starts on a higher rung of the escalation ladder."""

    between: Annotated[tuple[str, str], Field(description="The ids of the two states.")]
    rung: Annotated[Whole, Field(ge=0, le=4, description=(
        "Starting rung: 0 cooperation, 1 rivalry (the usual start), 2 threat, 3 mobilisation, 4 border clash."))] = 1


class Payoffs(_Strict):
    """The [dilemma.payoffs] table: the prisoner's dilemma matrix."""

    # Bounded so that a thousand rounds of scores stay far from the float limit.
    R: Annotated[Number, Field(ge=-PAYOFF_LIMIT, le=PAYOFF_LIMIT, description="Reward when both restrain.")] = 3.0
    T: Annotated[Number, Field(ge=-PAYOFF_LIMIT, le=PAYOFF_LIMIT, description="Temptation: you arm while the other restrains.")] = 5.0
    S: Annotated[Number, Field(ge=-PAYOFF_LIMIT, le=PAYOFF_LIMIT, description="Sucker's payoff: you restrain while the other arms.")] = 0.0
    P: Annotated[Number, Field(ge=-PAYOFF_LIMIT, le=PAYOFF_LIMIT, description="Punishment when both arm.")] = 1.0

    @model_validator(mode="after")
    def _is_a_dilemma(self) -> "Payoffs":
        if not (self.T > self.R > self.P > self.S):
            raise ValueError(f"a prisoner's dilemma needs T > R > P > S (here T={self.T:g}, R={self.R:g}, "
                             f"P={self.P:g}, S={self.S:g})")
        if not (2 * self.R > self.T + self.S):
            raise ValueError(f"a repeated dilemma needs 2R > T + S (here 2R={2 * self.R:g}, T+S={self.T + self.S:g})")
        return self


class Dilemma(_Strict):
    """The [dilemma] table: turns the game into the repeated prisoner's dilemma (two states)."""

    payoffs: Payoffs = Field(default_factory=Payoffs, description="The payoff matrix.")
    noise: Annotated[Number, Field(ge=0, le=0.5, description="Chance a move is flipped by accident.")] = 0.0


def _all_optional(model: type[BaseModel], name: str, doc: str, skip: tuple[str, ...] = ()) -> type[BaseModel]:
    """A copy of `model` where every field may be left out: the same ranges and messages, for overrides."""
    fields: dict[str, Any] = {}
    for fname, f in model.model_fields.items():
        if fname in skip:
            continue
        inner = Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation
        fields[fname] = (Optional[inner], Field(default=None, description=f.description))
    made = create_model(name, __base__=_Strict, __doc__=doc, **fields)
    return made


WorldOverride = _all_optional(World, "WorldOverride", "World parameters a variant changes; the others stay.")
StateOverride = _all_optional(StateSpec, "StateOverride", "Fields of one state a variant changes; the others stay.",
                              skip=("id",))


class Variant(_Strict):
    """One [[variants]] table: the same map with some parameters changed (e.g. Jervis's four worlds)."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=40,
                             description="Chosen with SCENARIO:VARIANT, e.g. four_worlds:offense_indistinguishable.")]
    title: Annotated[str, Field(min_length=1, max_length=80, pattern=NAME_PATTERN, description="Added to the scenario's title.")]
    description: Annotated[str, Field(pattern=PROSE_PATTERN, max_length=5000, description="What is different in this variant.")] = ""
    turns: Annotated[Optional[Whole], Field(ge=1, le=1000, description="A different game length.")] = None
    world: WorldOverride = Field(default_factory=WorldOverride,  # type: ignore[valid-type]
                                 description="World parameters to change, e.g. {offense_defense = 2.0}.")
    states: dict[str, StateOverride] = Field(default_factory=dict,  # type: ignore[valid-type]
                                             description="Per-state changes by state id, e.g. {rubria = {type = \"greedy\"}}.")

    def overrides(self) -> dict[str, object]:
        """This variant as `with_overrides` keys."""
        out: dict[str, object] = {}
        if self.turns is not None:
            out["scenario.turns"] = self.turns
        for key, value in self.world.model_dump(exclude_none=True).items():
            out[f"world.{key}"] = value
        for sid, changes in self.states.items():
            for key, value in changes.model_dump(exclude_none=True).items():
                out[f"states.{sid}.{key}"] = value
        return out


class Scenario(_Strict):
    """A scenario file: the [scenario] table, the [world] table, 2 to 12 [[states]], and optional
    alliances, guarantees, terrain, rivalries, a repeated dilemma and variants."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Security Dilemma scenario")

    scenario: ScenarioInfo
    world: World = Field(default_factory=World)
    states: Annotated[list[StateSpec], Field(min_length=2, max_length=MAX_STATES)]
    alliances: list[Pair] = Field(default_factory=list)
    guarantees: list[Guarantee] = Field(default_factory=list)
    terrain: list[Terrain] = Field(default_factory=list)
    rivalries: list[Rivalry] = Field(default_factory=list)
    dilemma: Optional[Dilemma] = None
    variants: list[Variant] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def state_ids(self) -> list[str]:
        return [s.id for s in self.states]

    @property
    def nuclear(self) -> bool:
        return any(s.warheads > 0 for s in self.states)

    def state(self, state_id: str) -> StateSpec:
        for s in self.states:
            if s.id == state_id:
                return s
        raise KeyError(state_id)

    def with_overrides(self, overrides: dict[str, object]) -> "Scenario":
        """A copy with dotted keys replaced: `world.offense_defense`, `states.rubria.growth`,
        `scenario.turns`, `dilemma.noise`, `dilemma.payoffs.T`, or `states.*.doctrine` for every
        state. A value given as text (from the command line) is read as TOML when it can be:
        "2" is the number 2, "tit_for_tat" stays text. Raises KeyError for an unknown key and
        ValueError (with a plain-words message) for a value out of range."""
        data = self.model_dump(mode="python")
        for key, raw in overrides.items():
            value = _read_value(raw)
            parts = key.split(".")
            if parts[0] == "states" and len(parts) == 3:
                targets = [s for s in data["states"] if parts[1] in ("*", s["id"])]
                if not targets:
                    raise KeyError(f"{key}: no state with id {parts[1]!r} (states: {', '.join(self.state_ids)})")
                if parts[2] not in StateSpec.model_fields:
                    raise KeyError(f"{key}: states have no field {parts[2]!r}{_did_you_mean(parts[2], StateSpec.model_fields)}")
                for s in targets:
                    s[parts[2]] = value
            elif len(parts) == 2 and parts[0] in ("world", "scenario"):
                model = World if parts[0] == "world" else ScenarioInfo
                if parts[1] not in model.model_fields:
                    raise KeyError(f"{key}: [{parts[0]}] has no field {parts[1]!r}"
                                   f"{_did_you_mean(parts[1], model.model_fields)}")
                data[parts[0]][parts[1]] = value
            elif parts[0] == "dilemma" and data.get("dilemma") is not None and (
                    (len(parts) == 3 and parts[1] == "payoffs" and parts[2] in Payoffs.model_fields)
                    or (len(parts) == 2 and parts[1] in Dilemma.model_fields and parts[1] != "payoffs")):
                if len(parts) == 3:
                    data["dilemma"]["payoffs"][parts[2]] = value
                else:
                    data["dilemma"][parts[1]] = value
            elif parts[0] == "dilemma" and data.get("dilemma") is None:
                raise KeyError(f"{key}: scenario {self.id!r} is not a repeated dilemma (it has no [dilemma] table)")
            else:
                raise KeyError(f"unknown key {key!r}: use world.FIELD, scenario.FIELD, states.ID.FIELD, "
                               f"states.*.FIELD, dilemma.noise or dilemma.payoffs.R|T|S|P")
        try:
            return Scenario.model_validate(data)
        except ValidationError as err:
            lines = [f"{p.path or 'scenario'}: {p.message}" + (f" (got {toml_repr(p.value)})" if p.value is not None else "")
                     for p in problems_from_validation(err, data)]
            raise ValueError("; ".join(lines)) from None

    def with_variant(self, variant_id: str) -> "Scenario":
        """This scenario with one of its [[variants]] applied: same id, the variant's title added,
        its overrides applied. The result has no variants of its own and remembers which it is
        (`scenario.variant`). Raises UnknownVariant."""
        variant = next((v for v in self.variants if v.id == variant_id), None)
        if variant is None:
            raise UnknownVariant(self, variant_id)
        base = self.with_overrides(variant.overrides()) if variant.overrides() else self
        data = base.model_dump(mode="python")
        info = data["scenario"]
        info["title"] = f"{info['title']}: {variant.title}"[:80]
        if variant.description:
            info["description"] = (info["description"].rstrip() + "\n\n" + variant.description.strip()).strip()
        info["variant"] = variant.id
        data["variants"] = []
        return Scenario.model_validate(data)


def list_variants(scenario: Scenario) -> list[Variant]:
    """The scenario's variants (for a picker in the UI): each has `.id`, `.title`, `.description`."""
    return list(scenario.variants)


def _read_value(raw: object) -> object:
    if hasattr(raw, "item") and hasattr(raw, "dtype"):  # a numpy number: the plain Python one
        return raw.item()  # type: ignore[union-attr]
    if not isinstance(raw, str):
        return raw
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


# ---------------------------------------------------------------------------------------------
# Problems: what is wrong, in a teacher's words


class Problem(BaseModel):
    """One thing wrong with a scenario, in a teacher's words.

    `loc` is where it is in the data (list positions as indices, as pydantic gives them); `path`
    is how a teacher reads it (`states.rubria.economy`, `alliances[2].members`); `line` is the
    line of the file (filled in by the loader)."""

    loc: tuple[str | int, ...]
    message: str
    value: object = None
    allowed: str = ""
    path: str = ""
    line: Optional[int] = None
    column: Optional[int] = None
    hint: str = ""

    def describe(self, source: str) -> str:
        """Two lines: where and what is wrong, then what was written and what is allowed.

            my.toml, line 27, states.verdia.economy: must be more than 0.
                You wrote -5; allowed: a number more than 0 and at most 1000000.
        """
        where = source
        if self.line is not None:
            where += f", line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
        if self.path:
            where += f", {self.path}"
        text = f"{where}: {self.message}"
        if not text.endswith((".", "?", "!")):
            text += "."
        extra = []
        if self.value is not None:
            extra.append(f"You wrote {toml_repr(self.value)}")
        if self.allowed:
            extra.append(f"allowed: {self.allowed}" if extra else f"Allowed: {self.allowed}")
        if extra:
            text += "\n    " + "; ".join(extra) + "."
        if self.hint:
            text += f"\n    Hint: {self.hint}."
        return text


def semantic_problems(sc: Scenario) -> list[Problem]:
    """Cross-reference checks pydantic cannot do field by field. Every problem, not the first."""
    data = sc.model_dump(mode="python")
    problems = reference_problems(data)
    known = set(sc.state_ids)
    # A variant that names only real states must still give a valid scenario once applied
    # (offense + defense both set to 0, say).
    for v, variant in enumerate(sc.variants):
        if set(variant.states) - known or not variant.overrides():
            continue
        try:
            sc.with_overrides(variant.overrides())
        except (ValueError, KeyError) as err:
            problems.append(Problem(loc=("variants", v), message=f"this variant does not give a valid scenario: {err}",
                                    allowed="overrides that keep every state valid"))
    for p in problems:
        if not p.path:
            p.path = field_path(p.loc, data)
    return problems


def reference_problems(data: Any) -> list[Problem]:
    """The cross-reference checks on raw file data (a dict as read from TOML), tolerant of
    anything malformed (pydantic reports that), so that `check` can report references together
    with range problems in one go."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return problems
    states = data.get("states") if isinstance(data.get("states"), list) else []
    ids = [s.get("id") for s in states if isinstance(s, dict) and isinstance(s.get("id"), str)]
    known = set(ids)
    listed = ", ".join(ids) if ids else "(no state has a valid id yet)"

    seen: set[str] = set()
    for i, s in enumerate(states):
        if isinstance(s, dict) and isinstance(s.get("id"), str):
            if s["id"] in seen:
                problems.append(Problem(loc=("states", i, "id"), message="two states have the same id", value=s["id"],
                                        allowed="a different id for every state"))
            seen.add(s["id"])

    def check_ref(loc: tuple, ref: Any) -> None:
        if isinstance(ref, str) and ref not in known:
            problems.append(Problem(loc=loc, message=f"names {toml_repr(ref)}, which is not a state of this scenario"
                                    + _did_you_mean(ref, ids), allowed="one of: " + listed))

    def entries(key: str) -> Iterable[tuple[int, dict]]:
        items = data.get(key)
        if isinstance(items, list):
            for n, item in enumerate(items):
                if isinstance(item, dict):
                    yield n, item

    for a, pair in entries("alliances"):
        members = pair.get("members")
        if isinstance(members, list):
            for m, member in enumerate(members):
                check_ref(("alliances", a, "members", m), member)
            named = [m for m in members if isinstance(m, str)]
            if len(set(named)) != len(named):
                problems.append(Problem(loc=("alliances", a, "members"), message="names the same state twice",
                                        value=members, allowed="different states"))
    for g, gu in entries("guarantees"):
        for role in ("guarantor", "protege"):
            check_ref(("guarantees", g, role), gu.get(role))
        if isinstance(gu.get("protege"), str) and gu.get("guarantor") == gu.get("protege"):
            problems.append(Problem(loc=("guarantees", g, "protege"), message="a state cannot guarantee itself",
                                    value=gu["protege"], allowed="another state"))
    for kind in ("terrain", "rivalries"):
        for t, entry in entries(kind):
            between = entry.get("between")
            if isinstance(between, (list, tuple)):
                for m, member in enumerate(between):
                    check_ref((kind, t, "between", m), member)
                if len(between) == 2 and between[0] == between[1]:
                    problems.append(Problem(loc=(kind, t, "between"), message="needs two different states",
                                            value=list(between), allowed="two different state ids"))
    positions: dict[tuple, str] = {}
    for i, s in enumerate(states):
        pos = s.get("position") if isinstance(s, dict) else None
        if (isinstance(pos, (list, tuple)) and len(pos) == 2
                and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in pos)):
            key = (round(pos[0], 3), round(pos[1], 3))
            if key in positions:
                problems.append(Problem(loc=("states", i, "position"),
                                        message=f"is the same place as {positions[key]!r}; states need room on the map",
                                        value=list(pos), allowed="a different position"))
            else:
                positions[key] = s.get("id", f"state {i + 1}")
    if isinstance(data.get("dilemma"), dict) and len(states) != 2:
        problems.append(Problem(loc=("dilemma",), message="the repeated dilemma is played by exactly two states",
                                value=len(states), allowed="exactly 2 [[states]]"))

    variant_ids: set[str] = set()
    for v, variant in entries("variants"):
        vid = variant.get("id")
        if isinstance(vid, str):
            if vid in variant_ids:
                problems.append(Problem(loc=("variants", v, "id"), message="two variants have the same id", value=vid,
                                        allowed="a different id for every variant"))
            variant_ids.add(vid)
        changes = variant.get("states")
        if isinstance(changes, dict):
            for sid in changes:
                if sid not in known:
                    problems.append(Problem(loc=("variants", v, "states", sid),
                                            message=f"names {toml_repr(sid)}, which is not a state of this scenario"
                                            + _did_you_mean(sid, ids), allowed="one of: " + listed))
    return problems


def problems_from_validation(err: ValidationError, data: Any) -> list[Problem]:
    """pydantic's errors as Problems in plain words ("must be more than 0", not "Input should be
    greater than 0"), each with the field's path (states by id) and what is allowed."""
    return [explain_error(e, data) for e in err.errors(include_url=False)]


def explain_error(e: dict, data: Any) -> Problem:
    """One pydantic error (a dict of `ValidationError.errors()`, loc relative to the scenario) as
    a Problem. Errors of other models (a save's turns) get the same plain words, without the
    scenario-specific "allowed"."""
    message, value, allowed, loc = _explain(e, tuple(e["loc"]), data)
    return Problem(loc=loc, message=message, value=value, allowed=allowed, path=field_path(loc, data))


_ORDINAL = {0: "first", 1: "second", 2: "third"}


def _explain(e: dict, loc: tuple, data: Any) -> tuple[str, Any, str, tuple]:
    """(message, value written, what is allowed, loc to report) for one pydantic error."""
    kind = e["type"]
    ctx = e.get("ctx") or {}
    value = e.get("input")
    # An item inside a value list (`position = [0.3, 1.4]`, `members = [...]`): report the list's
    # field, say which item.
    item = ""
    field_loc = loc
    if len(loc) >= 2 and isinstance(loc[-1], int) and _is_value_list(loc[:-1]):
        item = f"the {_ORDINAL.get(loc[-1], f'{loc[-1] + 1}th')} item "
        field_loc = loc[:-1]
    schema = schema_at(field_loc)  # the field (for an item: its list)
    allowed = allowed_words(schema_at(loc))  # what this very value may be (for an item: the item's range)

    if kind == "missing":
        if item:
            written = value_at(data, field_loc)
            count = len(written) if isinstance(written, (list, tuple)) else "fewer"
            return (f"must be a list of exactly {_list_len(field_loc)} (this has {count})",
                    written, allowed_words(schema_at(field_loc)), field_loc)
        name = str(loc[-1])
        table = table_name(loc[:-1])
        if not loc[:-1]:
            what = {"scenario": "the file has no [scenario] table (with at least id and title)",
                    "states": "the file has no [[states]] tables: a scenario needs 2 to 12 states"}.get(
                name, f"the file has no {name!r}")
            return what, None, "", loc
        return f"is missing: every {table} table needs `{name}`", None, allowed_words(schema_at(loc)), loc
    if kind == "extra_forbidden":
        name = str(loc[-1])
        parent = loc[:-1]
        known = list(_properties(schema_at(parent)))
        where = f"in {table_name(parent)}" if parent else "at the top of the file"
        if not parent and isinstance(value, (dict, list)):
            return (f"unknown table [{name}]{_did_you_mean(name, known, '[', ']')}", None,
                    "tables: " + ", ".join(_top_table_names()), loc)
        elsewhere = _tables_with_key(name, parent)
        if elsewhere and not _did_you_mean(name, known):
            where += f" (`{name}` belongs in {' or '.join(elsewhere)})"
        return (f"unknown key `{name}` {where}{_did_you_mean(name, known)}", None,
                "the keys of " + (table_name(parent) if parent else "the file") + ": " + ", ".join(known), loc)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()))
        words = {"greater_than": "more than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        message = f"{item}must be {words} {_num(bound)}"
        if kind.startswith("less") and not item and bound <= 1 and isinstance(value, (int, float)) and 2 <= value <= 100:
            message += f" (a share is written as a decimal: {_num(value / 100)} means {_num(value)} %)"
        return message, value, allowed, field_loc
    if kind in ("literal_error", "enum"):
        choices = _choices(schema_at(loc))
        return (f"{item}is not one of the choices{_did_you_mean(str(value), choices)}", value,
                "one of: " + ", ".join(choices), field_loc)
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "finite_number"):
        noun = "a whole number" if kind.startswith("int") else "a number"
        if isinstance(value, bool):
            return f"{item}must be {noun}, not true or false", value, allowed, field_loc
        if isinstance(value, str) and isinstance(_read_value(value), (int, float)):
            return f"{item}must be {noun} written without quotes", value, allowed, field_loc
        if kind.startswith("int") and isinstance(value, float):
            return f"{item}must be a whole number (no decimal point)", value, allowed, field_loc
        return f"{item}must be {noun}", value, allowed, field_loc
    if kind == "int_from_float":
        return f"{item}must be a whole number", value, allowed, field_loc
    if kind in ("string_type", "str_type"):
        return f"{item}must be text in quotes", value, allowed, field_loc
    if kind == "string_pattern_mismatch":
        short = PATTERN_WORDS.get(ctx.get("pattern"), ("is not in the right form", ""))[0]
        return f"{item}{short}", value, allowed, field_loc
    if kind == "string_too_short":
        return f"{item}must not be empty", value, allowed, field_loc
    if kind == "string_too_long":
        return f"{item}is too long: at most {ctx.get('max_length')} characters", value, allowed, field_loc
    if kind in ("too_short", "too_long"):
        n = ctx.get("actual_length")
        if loc == ("states",):
            few = "at least 2" if kind == "too_short" else f"at most {MAX_STATES}"
            return f"a scenario needs {few} [[states]] tables (this file has {n})", None, f"2 to {MAX_STATES} states", loc
        if "prefixItems" in schema:
            return f"must be a list of exactly {_list_len(loc)} (this has {n})", value, allowed, loc
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        few = "at least" if kind == "too_short" else "at most"
        return f"needs {few} {limit} entries (this has {n})", value, allowed, loc
    if kind in ("list_type", "tuple_type"):
        if loc and loc[-1] in _ARRAYS_OF_TABLES and len(loc) == 1:
            return (f"must be [[{loc[-1]}]] tables (double brackets, one per entry)", None,
                    f"[[{loc[-1]}]] tables", loc)
        return f"{item}must be a list in square brackets, like [a, b]", value, allowed, field_loc
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{item}must be a table (a [header] or {{key = value, ...}})", value, allowed, field_loc
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = str(ctx.get("expected_tags", "")).replace("'", "")
        tag = ctx.get("tag")
        key = str(ctx.get("discriminator", "kind")).strip("'")
        what = f"`{key}` " + (f"{toml_repr(tag)} is not known" if tag else "is missing")
        return f"{item}{what}", None, f"one of: {tags}" if tags else "", field_loc
    if kind == "bool_type":
        return f"{item}must be true or false", value, allowed, field_loc
    if kind == "value_error":
        text = str(ctx.get("error", e["msg"]))
        if schema.get("type") == "object":
            allowed = ""
        return f"{item}{text}", value if not isinstance(value, dict) else None, allowed, field_loc
    return f"{item}{e['msg'][0].lower()}{e['msg'][1:]}", value, allowed, field_loc


def _num(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return f"{x:g}" if isinstance(x, float) and abs(x) < 1e6 else str(x)


def _list_len(loc: tuple) -> str:
    node = schema_at(loc)
    n = len(node.get("prefixItems", []))
    return {2: "two values [x, y]" if loc[-1:] == ("position",) else "two ids [\"a\", \"b\"]"}.get(n, f"{n} values")


def value_at(data: Any, loc: tuple) -> Any:
    """The value at `loc` in nested dicts and lists, or None where the path does not exist."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# ---------------------------------------------------------------------------------------------
# Names and paths


_ARRAYS_OF_TABLES = ("states", "alliances", "guarantees", "terrain", "rivalries", "variants")
_BY_ID = ("states", "variants")


def field_path(loc: tuple, data: Any = None) -> str:
    """How a teacher reads a location: states and variants by id (`states.rubria.economy`), other
    lists by position counting from 1 (`alliances[2].members`); items of a value list are left
    to the message."""
    out: list[str] = []
    node = data
    for n, part in enumerate(loc):
        child = None
        try:
            child = node[part] if node is not None else None
        except (KeyError, IndexError, TypeError):
            child = None
        if isinstance(part, int):
            parent = loc[n - 1] if n else None
            if n == 1 and parent in _BY_ID and isinstance(child, dict) and isinstance(child.get("id"), str) \
                    and child["id"]:
                out.append(f".{child['id']}")
            elif n == 1 and parent in _ARRAYS_OF_TABLES:
                out.append(f"[{part + 1}]")
            else:
                break  # an item of a value list: the message says which
        else:
            out.append(f".{part}" if out else str(part))
        node = child
    return "".join(out)


def table_name(loc: tuple) -> str:
    """`[[states]]`, `[world]`, `[variants.world]` for a location inside the file."""
    names = [str(p) for p in loc if not isinstance(p, int)]
    if not names:
        return "the file"
    if isinstance(loc[-1], int):
        return "[[" + ".".join(names) + "]]"
    return "[" + ".".join(names) + "]"


def _tables_with_key(key: str, besides: tuple) -> list[str]:
    """The tables of the format that do have `key` (a key put under the wrong header)."""
    out = []
    for top, node in _resolve(_schema()).get("properties", {}).items():
        node = _resolve(node)
        indexed = node.get("type") == "array"
        if indexed:
            node = _resolve(node.get("items", {}))
        loc = (top, 0) if indexed else (top,)
        if key in node.get("properties", {}) and table_name(loc) != table_name(besides):
            out.append(table_name(loc))
    return out


def _top_table_names() -> list[str]:
    return list(Scenario.model_fields)


def _is_value_list(loc: tuple) -> bool:
    node = schema_at(loc)
    return node.get("type") == "array" and "$ref" not in node.get("items", {}) and not (
        len(loc) == 1 and loc[0] in _ARRAYS_OF_TABLES)


# ---------------------------------------------------------------------------------------------
# The JSON Schema: for editors, and to say in words what a field allows


def json_schema() -> dict:
    """The JSON Schema of the scenario format (docs/scenario.schema.json)."""
    schema = Scenario.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def write_json_schema(path: str | Path) -> Path:
    """Write the JSON Schema where editors (and docs/) can find it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


_SCHEMA: dict | None = None


def _schema() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = Scenario.model_json_schema()
    return _SCHEMA


def _resolve(node: dict) -> dict:
    while True:
        if "$ref" in node:
            node = _schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            merged = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
            node = {**options[0], **merged} if options else merged
        else:
            return node


def schema_at(loc: tuple) -> dict:
    """The schema node for a location in the data (empty if there is none)."""
    node = _resolve(_schema())
    for part in loc:
        if isinstance(part, int):
            if "prefixItems" in node and part < len(node["prefixItems"]):
                node = node["prefixItems"][part]
            elif "items" in node:
                node = node["items"]
            else:
                return {}
        else:
            props = node.get("properties", {})
            if part in props:
                node = props[part]
            elif isinstance(node.get("additionalProperties"), dict):
                node = node["additionalProperties"]
            else:
                return {}
        node = _resolve(node)
    return node


def _properties(node: dict) -> list[str]:
    return list(node.get("properties", {}))


def _choices(node: dict) -> list[str]:
    if "enum" in node:
        return [str(c) for c in node["enum"]]
    if "const" in node:
        return [str(node["const"])]
    return []


def allowed_words(node: dict) -> str:
    """What a schema node allows, in words: "a number from 0 to 1", "one of: human, ai"."""
    if not node:
        return ""
    choices = _choices(node)
    if choices:
        return "one of: " + ", ".join(choices)
    kind = node.get("type")
    if kind in ("number", "integer"):
        noun = "a whole number" if kind == "integer" else "a number"
        low = ("more than", node["exclusiveMinimum"]) if "exclusiveMinimum" in node else (
            ("at least", node["minimum"]) if "minimum" in node else None)
        high = ("less than", node["exclusiveMaximum"]) if "exclusiveMaximum" in node else (
            ("at most", node["maximum"]) if "maximum" in node else None)
        if low and high and low[0] == "at least" and high[0] == "at most":
            return f"{noun} from {_num(low[1])} to {_num(high[1])}"
        bounds = [f"{b[0]} {_num(b[1])}" for b in (low, high) if b]
        return noun + (" " + " and ".join(bounds) if bounds else "")
    if kind == "string":
        if "pattern" in node:
            return PATTERN_WORDS.get(node["pattern"], ("", "text"))[1]
        if node.get("minLength"):
            return f"text in quotes, 1 to {node.get('maxLength', 'any number of')} characters"
        return "text in quotes"
    if kind == "array":
        if "prefixItems" in node:
            inner = allowed_words(_resolve(node["prefixItems"][0]))
            return f"a list of {len(node['prefixItems'])} values, each {inner}"
        lo = node.get("minItems")
        return "a list" + (f" of at least {lo}" if lo else "")
    if kind == "object":
        return "a table"
    return ""


def toml_repr(value: Any) -> str:
    """A value as it would be written in the file: "red", 0.5, true, [0.3, 0.5]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_repr(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_repr(v)}" for k, v in value.items()) + "}"
    return str(value)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "scenario"


if __name__ == "__main__":
    # python -m game.data.scenario docs/scenario.schema.json
    target = sys.argv[1] if len(sys.argv) > 1 else "docs/scenario.schema.json"
    print(f"wrote {write_json_schema(target)}")
