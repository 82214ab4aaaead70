"""The scenario file format (DESIGN.md §8) as pydantic models: every rule of a scenario is stated
once, here. The JSON Schema (`game.scenario.schema`), the teacher-readable messages
(`game.scenario.problems`) and the docs all read these models.

Structure and ranges are checked by pydantic; the cross-references (ids named in alliances,
terrain, guarantees, variants, duplicated ids) by `problems.semantic_problems`, so that `check`
can report every problem of a file at once. Reading files, line numbers and scenario references
(`four_worlds:variant`, `random:6`) live in `game.scenario.loading`.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, create_model, model_validator

from game.errors import UnknownVariant
from game.errors import did_you_mean as _did_you_mean
from game.scenario.patterns import COLOR_PATTERN, ID_PATTERN, NAME_PATTERN, PROSE_PATTERN
from game.scenario.problems import Problem, field_path, problems_from_validation, reference_problems
from game.scenario.toml_values import read_value, toml_repr

# Kept here (not imported from game.ai) so the scenario layer stays free of the AI; a test checks
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
    boldness: Annotated[Optional[Number], Field(ge=-3, le=3, description=(
        "The AI leader's appetite for risk, in standard deviations of all leaders' (0 typical, 2 a gambler, "
        "-2 most cautious). Leave out to draw a new leader each game."))] = None
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
            value = read_value(raw)
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
                     for p in problems_from_validation(err, data, Scenario)]
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


def list_variants(scenario: Scenario) -> list[Variant]:
    """The scenario's variants (for a picker in the UI): each has `.id`, `.title`, `.description`."""
    return list(scenario.variants)
