"""The scenario file format (DESIGN.md §8): pydantic models, TOML in.

Structure and ranges are checked by pydantic; the cross-references (ids named in alliances,
terrain, guarantees, duplicated ids) by `semantic_problems`, so that `check` can report every
problem of a file at once. Loading with line-numbered messages lives in `game.data.loading`.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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

_ID = r"^[a-z][a-z0-9_]*$"
_COLOR = r"^#[0-9A-Fa-f]{6}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioInfo(_Strict):
    id: Annotated[str, Field(pattern=_ID, max_length=40, description="lower-case id: letters, digits, _")]
    title: Annotated[str, Field(min_length=1, max_length=80)]
    description: str = ""
    turns: Annotated[int, Field(ge=1, le=1000)] = 30
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 0
    hints: list[str] = Field(default_factory=list, description="tips shown once in a guided first game")


class World(_Strict):
    offense_defense: Annotated[float, Field(gt=0, le=5, description="Ω: >1 offense has the advantage")] = 1.0
    perceived_offense_defense: Annotated[
        float | None,
        Field(gt=0, le=5, description="what states believe Ω is (cult of the offensive); defaults to Ω"),
    ] = None
    distinguishability: Annotated[float, Field(ge=0, le=1)] = 0.5
    intel_noise: Annotated[float, Field(ge=0, le=1)] = 0.2
    spiral_threshold: Annotated[float, Field(gt=0, le=0.5)] = 0.05
    ambiguous_posture: Annotated[
        float, Field(ge=0, le=1, description="how offensive forces look when they cannot be told apart")
    ] = 0.7

    @property
    def believed_offense_defense(self) -> float:
        return self.offense_defense if self.perceived_offense_defense is None else self.perceived_offense_defense


class StateSpec(_Strict):
    id: Annotated[str, Field(pattern=_ID, max_length=40)]
    name: Annotated[str, Field(min_length=1, max_length=40)]
    color: Annotated[str, Field(pattern=_COLOR)] = "#888888"
    position: tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]]
    economy: Annotated[float, Field(gt=0, le=1e6)] = 100.0
    growth: Annotated[float, Field(ge=-0.1, le=0.2)] = 0.02
    offense: Annotated[float, Field(ge=0, le=1e6)] = 10.0
    defense: Annotated[float, Field(ge=0, le=1e6)] = 20.0
    warheads: Annotated[float, Field(ge=0, le=1e5)] = 0.0
    type: Literal["security_seeker", "greedy"] = "security_seeker"
    controller: Literal["human", "ai"] = "ai"
    doctrine: Literal[DOCTRINE_IDS] = "defensive_realist"  # type: ignore[valid-type]
    difficulty: Literal[DIFFICULTIES] = "normal"  # type: ignore[valid-type]
    military_share: Annotated[
        float | None, Field(ge=0, le=0.5, description="opening budget; defaults to what keeps forces level")
    ] = None

    @model_validator(mode="after")
    def _has_forces(self) -> "StateSpec":
        if self.offense + self.defense <= 0:
            raise ValueError("a state needs some forces: offense + defense must be above 0")
        return self


class Pair(_Strict):
    members: Annotated[list[str], Field(min_length=2)]


class Guarantee(_Strict):
    guarantor: str
    protege: str


class Terrain(_Strict):
    between: tuple[str, str]
    factor: Annotated[float, Field(gt=0, le=3, description=">1 open plain, <1 sea or mountains")]


class Rivalry(_Strict):
    between: tuple[str, str]
    rung: Annotated[int, Field(ge=0, le=4)] = 1


class Payoffs(_Strict):
    R: float = 3.0
    T: float = 5.0
    S: float = 0.0
    P: float = 1.0

    @model_validator(mode="after")
    def _is_a_dilemma(self) -> "Payoffs":
        if not (self.T > self.R > self.P > self.S):
            raise ValueError(f"a prisoner's dilemma needs T > R > P > S (got T={self.T}, R={self.R}, P={self.P}, S={self.S})")
        if not (2 * self.R > self.T + self.S):
            raise ValueError(f"a repeated dilemma needs 2R > T + S (got 2R={2 * self.R}, T+S={self.T + self.S})")
        return self


class Dilemma(_Strict):
    payoffs: Payoffs = Field(default_factory=Payoffs)
    noise: Annotated[float, Field(ge=0, le=0.5, description="chance a move is flipped by accident")] = 0.0


class Scenario(_Strict):
    scenario: ScenarioInfo
    world: World = Field(default_factory=World)
    states: Annotated[list[StateSpec], Field(min_length=2, max_length=12)]
    alliances: list[Pair] = Field(default_factory=list)
    guarantees: list[Guarantee] = Field(default_factory=list)
    terrain: list[Terrain] = Field(default_factory=list)
    rivalries: list[Rivalry] = Field(default_factory=list)
    dilemma: Dilemma | None = None

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
        `scenario.turns`, or `states.*.doctrine` for every state. Raises KeyError/ValueError."""
        data = self.model_dump(mode="python")
        for key, value in overrides.items():
            parts = key.split(".")
            if parts[0] == "states" and len(parts) == 3:
                targets = [s for s in data["states"] if parts[1] in ("*", s["id"])]
                if not targets:
                    raise KeyError(f"no state with id {parts[1]!r} (states: {', '.join(self.state_ids)})")
                for s in targets:
                    if parts[2] not in StateSpec.model_fields:
                        raise KeyError(f"states have no field {parts[2]!r}")
                    s[parts[2]] = value
            elif len(parts) == 2 and parts[0] in ("world", "scenario"):
                model = World if parts[0] == "world" else ScenarioInfo
                if parts[1] not in model.model_fields:
                    raise KeyError(f"{parts[0]} has no field {parts[1]!r}")
                data[parts[0]][parts[1]] = value
            elif len(parts) == 3 and parts[0] == "dilemma" and data.get("dilemma") is not None:
                data["dilemma"].setdefault(parts[1], {})
                if parts[1] == "payoffs":
                    data["dilemma"]["payoffs"][parts[2]] = value
                else:
                    raise KeyError(f"unknown key {key!r}")
            elif len(parts) == 2 and parts[0] == "dilemma" and data.get("dilemma") is not None:
                data["dilemma"][parts[1]] = value
            else:
                raise KeyError(
                    f"unknown key {key!r}: use world.FIELD, scenario.FIELD, states.ID.FIELD or states.*.FIELD"
                )
        return Scenario.model_validate(data)


class Problem(BaseModel):
    """One thing wrong with a scenario, in a teacher's words."""

    loc: tuple[str | int, ...]
    message: str
    value: object = None
    allowed: str = ""


def semantic_problems(sc: Scenario) -> list[Problem]:
    """Cross-reference checks pydantic cannot do field by field. Every problem, not the first."""
    problems: list[Problem] = []
    ids = sc.state_ids
    known = set(ids)
    seen: set[str] = set()
    for i, s in enumerate(sc.states):
        if s.id in seen:
            problems.append(Problem(loc=("states", i, "id"), message="two states have the same id", value=s.id,
                                    allowed="a different id for every state"))
        seen.add(s.id)

    def check_ref(loc: tuple, ref: str) -> bool:
        if ref not in known:
            problems.append(Problem(loc=loc, message="names a state that does not exist", value=ref,
                                    allowed="one of: " + ", ".join(ids)))
            return False
        return True

    for a, pair in enumerate(sc.alliances):
        for m, member in enumerate(pair.members):
            check_ref(("alliances", a, "members", m), member)
        if len(set(pair.members)) != len(pair.members):
            problems.append(Problem(loc=("alliances", a, "members"), message="a state cannot ally with itself",
                                    value=pair.members, allowed="different states"))
    for g, gu in enumerate(sc.guarantees):
        check_ref(("guarantees", g, "guarantor"), gu.guarantor)
        check_ref(("guarantees", g, "protege"), gu.protege)
        if gu.guarantor == gu.protege:
            problems.append(Problem(loc=("guarantees", g, "protege"), message="a state cannot guarantee itself",
                                    value=gu.protege, allowed="another state"))
    for kind, entries in (("terrain", sc.terrain), ("rivalries", sc.rivalries)):
        for t, entry in enumerate(entries):
            for m, member in enumerate(entry.between):
                check_ref((kind, t, "between", m), member)
            if entry.between[0] == entry.between[1]:
                problems.append(Problem(loc=(kind, t, "between"), message="needs two different states",
                                        value=list(entry.between), allowed="two different state ids"))
    positions = {}
    for i, s in enumerate(sc.states):
        key = (round(s.position[0], 3), round(s.position[1], 3))
        if key in positions:
            problems.append(Problem(loc=("states", i, "position"),
                                    message=f"is the same place as {positions[key]!r}; states need room on the map",
                                    value=list(s.position), allowed="a different position"))
        positions[key] = s.id
    if sc.dilemma is not None and len(sc.states) != 2:
        problems.append(Problem(loc=("dilemma",), message="the repeated dilemma is played by exactly two states",
                                value=len(sc.states), allowed="2 states"))
    return problems


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "scenario"
