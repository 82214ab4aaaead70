"""Who governs a state in a match: a seat. Every seat is asked the same question by the match —
"your orders for this turn, given this view" — or, for a person, waits for them.

- `ControllerSeat`: anything with `decide(view, rng)` — an AI doctrine, a scripted test policy,
  the mutual-restraint policy. Decides at once.
- `HumanSeat`: a person at this machine (the window hands in orders through `Match.submit`).
- `RemoteSeat` (the network host): a person elsewhere; the same as a human seat for the loop.
- `ReplaySeat`: the orders a save or replay recorded for that state, turn by turn.

A seat that waits for a person says what happens when the match must go on without its orders
(`if_silent`): "wait" (nothing; the match waits), "hold" (forces held level, nothing else) or
"ai" (its fallback doctrine decides for it this turn).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from game.core.controller import Controller

IfSilent = Literal["wait", "hold", "ai"]


@dataclass
class ControllerSeat:
    """A state governed by a controller that decides at once (AI doctrine, scripted policy)."""

    controller: Controller
    automatic = True

    @property
    def name(self) -> str:
        return getattr(self.controller, "name", "controller")

    @property
    def mindset(self):
        return getattr(self.controller, "mindset", None)


@dataclass
class HumanSeat:
    """A person at this machine. `fallback` is the controller used when `if_silent` is "ai" (and
    the mind-set the engine gives the state's advisor is the neutral one, whatever it is)."""

    team: str = ""
    if_silent: IfSilent = "wait"
    fallback: Controller | None = None
    automatic = False
    remote = False
    name = "human"
    mindset = None


@dataclass
class RemoteSeat(HumanSeat):
    """A person on another machine (a network seat): for the loop, a human who may be silent."""

    remote = True


@dataclass
class ReplaySeat:
    """The orders recorded for one state: `orders[turn]` (turns from 1) with their recorded
    explanations. A turn with nothing recorded is an empty set of orders (a conquered state or a
    state that gave none)."""

    orders: Mapping[int, list] = field(default_factory=dict)
    explanations: Mapping[int, Any] = field(default_factory=dict)
    automatic = True
    name = "replay"
    mindset = None


Seat = ControllerSeat | HumanSeat | RemoteSeat | ReplaySeat
