"""Single values as a scenario file writes them: text read as TOML (a value given on the command
line) and a value written back the way the file would say it (in messages)."""
from __future__ import annotations

import json
import math
import tomllib
from typing import Any


def read_value(raw: object) -> object:
    """`raw` as the plain value a TOML file would give: "2" is the number 2, "tit_for_tat" stays
    text, a numpy number becomes the Python one."""
    if hasattr(raw, "item") and hasattr(raw, "dtype"):  # a numpy number: the plain Python one
        return raw.item()  # type: ignore[union-attr]
    if not isinstance(raw, str):
        return raw
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


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
