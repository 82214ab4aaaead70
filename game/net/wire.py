"""A View as plain JSON data and back, exactly (a doctrine decides the same on either), and the
public view an observer gets.

The encoding follows the View's own field list (its dataclass fields or its slots), so a field
added to the View travels without a change here. Values are tagged by what they are:

    numpy array   {"nd": dtype, "shape": [...], "data": nested lists}   (read-only again on arrival)
    tuple         {"tuple": [...]}
    Event         {"event": Event.to_dict()}
    anything else plain JSON (floats keep every bit: JSON numbers are written as Python's repr)
"""
from __future__ import annotations

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


# What every state's view holds alike: the public record (a test checks that these are equal in
# every state's view). An observer is given these and the public events, nothing else.
PUBLIC_FIELDS = (
    "turn", "max_turns", "ids", "names", "colors", "pos", "dist", "geo", "omega", "distinguishability",
    "intel_noise", "spiral_threshold", "dilemma", "payoffs", "dilemma_noise",
    "alive", "Y", "N", "reputation", "mobilised", "wars_won", "wars_lost", "conquered_by", "dilemma_score",
    "last_move", "pact", "guarantee", "ac_offer", "arms_control", "pledge_until", "transparent_until",
    "threat_made", "rung", "crisis_since", "war", "war_attacker", "war_start", "last_peace", "war_label", "moves",
)


def encode_value(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {"nd": value.dtype.str, "shape": list(value.shape), "data": value.tolist()}
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
            arr = np.array(data["data"], dtype=np.dtype(data["nd"])).reshape(data["shape"])
            arr.setflags(write=False)
            return arr
        if "event" in data:
            return Event.from_dict(data["event"])
        if "tuple" in data:
            return tuple(decode_value(v) for v in data["tuple"])
    return data


def view_to_json(view: View) -> dict[str, Any]:
    return {name: encode_value(getattr(view, name)) for name in view_fields()}


def view_from_json(data: dict[str, Any]) -> View:
    """A real View (a doctrine's `decide` takes it). Raises ValueError if a field is missing."""
    names = view_fields()
    missing = [n for n in names if n not in data]
    if missing:
        raise ValueError(f"the view lacks {', '.join(missing)}")
    values = {n: decode_value(data[n]) for n in names}
    try:
        return View(**values)
    except TypeError:
        view = object.__new__(View)
        for name, value in values.items():
            object.__setattr__(view, name, value)
        return view


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
