"""A View as plain JSON data and back, exactly (a doctrine decides the same on either), and the
public view an observer gets.

The encoding follows the View's own field list (its dataclass fields or its slots), so a field
added to the View travels without a change here. Values are tagged by what they are:

    numpy array   {"nd": dtype, "shape": [...], "b64": the raw bytes in base64}   (read-only again
                  on arrival; raw bytes keep every bit and cost a fraction of writing floats out)
    tuple         {"tuple": [...]}
    Event         {"event": Event.to_dict()}
    anything else plain JSON (floats keep every bit: Python writes a float's shortest exact repr)
"""
from __future__ import annotations

import base64
import dataclasses
from typing import Any

import numpy as np

from game.core.engine import Engine
from game.core.events import Event
from game.core.view import View


def view_fields() -> tuple[str, ...]:
    """The View's data fields (caches and private helpers, named with `_`, are not data)."""
    if dataclasses.is_dataclass(View):
        names = [f.name for f in dataclasses.fields(View)]
    else:
        names = [slot for cls in reversed(View.__mro__) for slot in getattr(cls, "__slots__", ())]
    return tuple(n for n in dict.fromkeys(names) if not n.startswith("_"))


_FIELDS = view_fields()

# What every state's view holds alike: the public record (a test checks that these are equal in
# every state's view). An observer is given these and the public events, nothing else.
PUBLIC_FIELDS = (
    "turn", "max_turns", "ids", "names", "colors", "pos", "dist", "geo", "omega", "distinguishability",
    "intel_noise", "spiral_threshold", "dilemma", "payoffs", "dilemma_noise",
    "alive", "Y", "N", "reputation", "mobilised", "wars_won", "wars_lost", "conquered_by", "dilemma_score",
    "last_move", "pact", "guarantee", "ac_offer", "arms_control", "pledge_until", "transparent_until",
    "threat_made", "rung", "crisis_since", "war", "war_attacker", "war_start", "last_peace", "broke_faith", "war_label", "moves",
    "nuclear_strike",
)


def encode_value(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value)
        return {"nd": data.dtype.str, "shape": list(data.shape), "b64": base64.b64encode(data.tobytes()).decode("ascii")}
    if isinstance(value, Event):
        return {"event": value.to_dict()}
    if isinstance(value, tuple):
        return {"tuple": [encode_value(v) for v in value]}
    if isinstance(value, np.generic):
        return value.item()
    return value


def decode_value(data: Any) -> Any:
    if isinstance(data, dict):
        if "nd" in data:
            dtype = np.dtype(data["nd"])
            if dtype.hasobject:
                raise ValueError("object arrays are not data")
            raw = base64.b64decode(data["b64"], validate=True)
            arr = np.frombuffer(raw, dtype=dtype).reshape(data["shape"])  # read-only: frombuffer of bytes
            return arr
        if "event" in data:
            return Event.from_dict(data["event"])
        if "tuple" in data:
            return tuple(decode_value(v) for v in data["tuple"])
    return data


def view_to_json(view: View, shared: dict[int, Any] | None = None) -> dict[str, Any]:
    """`shared`: a dict the caller keeps while encoding several views of one turn: the arrays and
    events those views share (the public record) are then encoded once. Keyed by object identity,
    so it must not outlive the views."""
    if shared is None:
        return {name: encode_value(getattr(view, name)) for name in _FIELDS}
    out = {}
    for name in _FIELDS:
        value = getattr(view, name)
        if name == "events":
            out[name] = {"tuple": [_shared(e, shared) for e in value]}
        elif isinstance(value, np.ndarray):
            out[name] = _shared(value, shared)
        else:
            out[name] = encode_value(value)
    return out


def _shared(value: Any, shared: dict[int, Any]) -> Any:
    key = id(value)
    encoded = shared.get(key)
    if encoded is None:
        encoded = shared[key] = encode_value(value)
    return encoded


def view_from_json(data: dict[str, Any]) -> View:
    """A real View (a doctrine's `decide` takes it). Raises ValueError if a field is missing."""
    names = _FIELDS
    missing = [n for n in names if n not in data]
    if missing:
        raise ValueError(f"the view lacks {', '.join(missing)}")
    values = {n: decode_value(data[n]) for n in names}
    # The turn's shared cache of public rows as tuples starts empty on this side of the wire.
    return View(**values, _public_lists={})


def public_view(engine: Engine) -> dict[str, Any]:
    """What any state may see, for observers: the public fields of a view (they are the same in
    every state's view) and the public events of the recent turns. No hidden type, no one's
    perceptions, no offers or calls between others, no pending orders."""
    first = engine.ids[0]
    view = engine.view_for(first)
    out = {name: encode_value(getattr(view, name)) for name in PUBLIC_FIELDS}
    # The events of `first`'s view include its private ones: keep the public ones only.
    out["events"] = [e.to_dict() for e in view.events if e.visible_to is None]
    return out


def public_from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The public view with its arrays and tuples back (events as Event objects)."""
    out = {name: decode_value(value) for name, value in data.items() if name != "events"}
    out["events"] = tuple(Event.from_dict(e) for e in data.get("events", ()))
    return out
