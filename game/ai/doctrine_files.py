"""Student doctrines written as TOML parameter files — no code — for the tournament.

A doctrine file names a built-in repeated-dilemma strategy to start from and, optionally,
changes its rule. Most classic strategies are one *reactive rule* with different numbers:

    [doctrine]
    id = "forgiving_fiona"          # required: your doctrine's id (lower case, not a built-in id)
    title = "Forgiving Fiona"       # optional: the name in tables and charts
    description = "Tit-for-tat that lets one in ten provocations go."
    base = "tit_for_tat"            # optional: the strategy to start from (default tit_for_tat)

    [rule]                          # optional: change the starting strategy's numbers
    first_move = "restrain"         # "restrain", "arm" or "random"
    retaliate_after = 1             # arm once the rival armed in each of the last K rounds (0 = never)
    punish_for = 1                  # rounds each provocation is punished, or "forever" (a grudge)
    forgive = 0.1                   # chance of restraining anyway when retaliation is due
    probe = 0.0                     # chance of arming unprovoked (testing the rival)

The rule each round: on the first round play `first_move`. Afterwards the strategy is
*provoked* when, within the last `punish_for` rounds, the rival completed a run of
`retaliate_after` armed rounds in a row. Provoked: arm (restrain with chance `forgive`).
Not provoked: restrain (arm with chance `probe`).

The bases as reactive rules (first_move, retaliate_after, punish_for, forgive, probe):
tit_for_tat (restrain, 1, 1, 0, 0) · generous_tit_for_tat (restrain, 1, 1, ⅓, 0) ·
tit_for_two_tats (restrain, 2, 1, 0, 0) · grudger (restrain, 1, forever, 0, 0) ·
always_cooperate (restrain, 0, 1, 0, 0) · always_defect (arm, 0, 1, 0, 1) ·
random (random, 0, 1, 0, ½). `win_stay_lose_shift` is not a reactive rule: it may be a base,
but without a [rule] table.

`load_doctrine_file(path)` checks the file with pydantic and raises DoctrineFileError naming
the file, the line, the field, what was written and what is allowed.
"""
from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from game.ai.doctrines.repeated import ARM, REPEATED_STRATEGIES, RESTRAIN, RepeatedStrategy, _classifier
from game.scenario.loading import LineLocator
from game.scenario.models import DOCTRINE_IDS
from game.scenario.patterns import ID_PATTERN
from game.errors import DoctrineFileError

REACTIVE_BASES: dict[str, dict[str, Any]] = {
    "tit_for_tat": dict(first_move="restrain", retaliate_after=1, punish_for=1, forgive=0.0, probe=0.0),
    "generous_tit_for_tat": dict(first_move="restrain", retaliate_after=1, punish_for=1, forgive=1 / 3, probe=0.0),
    "tit_for_two_tats": dict(first_move="restrain", retaliate_after=2, punish_for=1, forgive=0.0, probe=0.0),
    "grudger": dict(first_move="restrain", retaliate_after=1, punish_for="forever", forgive=0.0, probe=0.0),
    "always_cooperate": dict(first_move="restrain", retaliate_after=0, punish_for=1, forgive=0.0, probe=0.0),
    "always_defect": dict(first_move="arm", retaliate_after=0, punish_for=1, forgive=0.0, probe=1.0),
    "random": dict(first_move="random", retaliate_after=0, punish_for=1, forgive=0.0, probe=0.5),
}
BASES = tuple(REPEATED_STRATEGIES)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DoctrineInfo(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
    title: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    description: str = ""
    base: Literal[BASES] = "tit_for_tat"  # type: ignore[valid-type]

    @field_validator("id")
    @classmethod
    def _not_builtin(cls, value: str) -> str:
        if value in DOCTRINE_IDS:
            raise ValueError(f"{value!r} is a built-in doctrine's id; give yours a name of its own")
        return value


class Rule(_Strict):
    first_move: Literal["restrain", "arm", "random"] | None = None
    retaliate_after: Annotated[int, Field(ge=0, le=10)] | None = None
    punish_for: Union[Annotated[int, Field(ge=1, le=1000)], Literal["forever"]] | None = None
    forgive: Annotated[float, Field(ge=0, le=1)] | None = None
    probe: Annotated[float, Field(ge=0, le=1)] | None = None


class DoctrineFile(_Strict):
    doctrine: DoctrineInfo
    rule: Rule | None = None


ALLOWED = {
    "id": "a lower-case id: a letter first, then letters a-z, digits and _ (not a built-in doctrine id)",
    "title": "a name of 1 to 60 characters",
    "base": "one of " + ", ".join(BASES),
    "first_move": '"restrain", "arm" or "random"',
    "retaliate_after": "a whole number from 0 (never retaliate) to 10",
    "punish_for": 'a whole number of rounds from 1 to 1000, or "forever"',
    "forgive": "a chance from 0 to 1",
    "probe": "a chance from 0 to 1",
}


class ReactiveRule(RepeatedStrategy):
    """A student's reactive rule (see game.ai.doctrine_files): provoked by a run of the rival's
    armed rounds within a window, it retaliates (or forgives with some chance); unprovoked it
    restrains (or probes with some chance). Tit-for-tat, generous tit-for-tat, tit-for-two-tats,
    grudger and the unconditional strategies are all special cases (Axelrod 1984)."""

    name = "reactive_rule"
    title = "Reactive rule"
    first_move: str = "restrain"
    retaliate_after: int = 1
    punish_for: float = 1
    forgive: float = 0.0
    probe: float = 0.0

    def move(self, mine, theirs, rng):
        t = len(theirs)
        if t == 0:
            if self.first_move == "random":
                return RESTRAIN if rng.random() < 0.5 else ARM
            return ARM if self.first_move == "arm" else RESTRAIN
        if self._provoked(theirs):
            return RESTRAIN if _chance(self.forgive, rng) else ARM
        return ARM if _chance(self.probe, rng) else RESTRAIN

    def _provoked(self, theirs: np.ndarray) -> bool:
        k = self.retaliate_after
        if k == 0:
            return False
        window = theirs if math.isinf(self.punish_for) else theirs[-(int(self.punish_for) + k - 1):]
        if k == 1:
            return bool(window.any())
        if len(window) < k:
            return False
        return bool(np.convolve(window.astype(np.int32), np.ones(k, dtype=np.int32), "valid").max() >= k)


def _chance(p: float, rng) -> bool:
    """True with probability p; certain outcomes draw nothing (deterministic rules need no generator)."""
    if p <= 0.0:
        return False
    if p >= 1.0:
        return True
    return bool(rng.random() < p)


def doctrine_class(spec: DoctrineFile) -> type[RepeatedStrategy]:
    """The class a checked doctrine file describes (a fresh subclass, named by the file's id)."""
    info = spec.doctrine
    title = info.title or info.id.replace("_", " ").capitalize()
    doc = info.description or f"A student's doctrine based on {info.base}."
    if spec.rule is None:
        base = REPEATED_STRATEGIES[info.base]
        return type(f"Student_{info.id}", (base,), {"name": info.id, "title": title, "__doc__": doc,
                                                     "based_on": info.base})
    params = {**REACTIVE_BASES[info.base], **spec.rule.model_dump(exclude_none=True)}
    punish = math.inf if params["punish_for"] == "forever" else float(params["punish_for"])
    k = params["retaliate_after"]
    stochastic = params["first_move"] == "random" or params["probe"] not in (0.0, 1.0) \
        or (k > 0 and params["forgive"] not in (0.0, 1.0))
    memory = 0 if k == 0 else (math.inf if math.isinf(punish) else punish + k - 1)
    classifier = _classifier(memory, stochastic, nice=params["first_move"] == "restrain" and params["probe"] == 0,
                             retaliating=k > 0 and params["forgive"] < 1, forgiving=not math.isinf(punish))
    attrs = {"name": info.id, "title": title, "__doc__": doc, "based_on": info.base, "classifier": classifier,
             "first_move": params["first_move"], "retaliate_after": k, "punish_for": punish,
             "forgive": float(params["forgive"]), "probe": float(params["probe"])}
    return type(f"Student_{info.id}", (ReactiveRule,), attrs)


def parse_doctrine(text: str, source: str = "<doctrine>") -> type[RepeatedStrategy]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DoctrineFileError(f"{source}: not valid TOML: {err}.") from None
    try:
        spec = DoctrineFile.model_validate(data)
    except ValidationError as err:
        raise DoctrineFileError("\n".join(_problems(source, text, err.errors()))) from None
    if spec.rule is not None and spec.doctrine.base not in REACTIVE_BASES:
        line = LineLocator(text).line_of(("rule",))
        line = f", line {line}" if line is not None else ""
        raise DoctrineFileError(
            f"{source}{line}, rule: {spec.doctrine.base} is not a reactive rule, so it cannot take a [rule] table.\n"
            f"    Leave out [rule], or choose a base among: {', '.join(REACTIVE_BASES)}.")
    return doctrine_class(spec)


def load_doctrine_file(path: str | Path) -> type[RepeatedStrategy]:
    """The doctrine class a student's TOML file describes; DoctrineFileError if it is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DoctrineFileError(f"{path}: no such doctrine file.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise DoctrineFileError(f"{path}: cannot be read ({err}).") from None
    return parse_doctrine(text, str(path))


_PLAIN = {
    "string_pattern_mismatch": "is not a valid id",
    "literal_error": "is not one of the choices",
    "less_than_equal": "is too large",
    "less_than": "is too large",
    "greater_than_equal": "is too small",
    "greater_than": "is too small",
    "string_too_short": "is empty",
    "string_too_long": "is too long",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "string_type": "must be text in double quotes",
    "model_type": "must be a table",
}


def _problems(source: str, text: str, errors: list[dict]) -> list[str]:
    """One message per field (a union such as punish_for gives several errors for one value)."""
    by_path: dict[tuple, list[dict]] = {}
    for e in errors:
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and ("[" in p or "-" in p)))
        by_path.setdefault(loc, []).append(e)
    out = []
    for loc, errs in by_path.items():
        e = errs[0]
        field = str(loc[-1]) if loc else ""
        path = ".".join(str(p) for p in loc) or "the file"
        if e["type"] == "missing":
            msg = "is required"
        elif e["type"] == "extra_forbidden":
            known = {"doctrine": "id, title, description, base", "rule": ", ".join(Rule.model_fields)}
            msg = f"is not a field the game knows (fields here: {known.get(str(loc[0]), 'doctrine, rule')})"
        elif e["type"] == "value_error":
            msg = e["msg"].removeprefix("Value error, ")
        elif len(errs) > 1:
            msg = "is not allowed"
        else:
            msg = _PLAIN.get(e["type"], e["msg"])
        line = LineLocator(text).line_of(loc)
        where = f", line {line}" if line is not None else ""
        text_out = f"{source}{where}, {path}: {msg}."
        if e["type"] not in ("missing", "extra_forbidden"):
            allowed = ALLOWED.get(field, "")
            text_out += f"\n    You wrote {e.get('input')!r}" + (f"; allowed: {allowed}." if allowed else ".")
        out.append((line or 0, text_out))
    return [t for _, t in sorted(out, key=lambda x: x[0])]


__all__ = ["REACTIVE_BASES", "ReactiveRule", "doctrine_class", "load_doctrine_file",
           "parse_doctrine"]
