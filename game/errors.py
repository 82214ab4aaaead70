"""Every error the game raises on purpose: one tree under `GameError` (DESIGN.md §1).

A `GameError` is something the player, the teacher or the calling code can act on, and its
message says what and where, written for them. The command line prints it as one line; any other
exception is a bug in the game. This module is the bottom layer: it imports nothing from game.

    GameError
    ├── UserError               bad command-line input
    ├── ScenarioError           a scenario that cannot be used (every problem, with its line)
    ├── UnknownVariant          a variant id the scenario does not define
    ├── RandomSpecError         a `random:...` reference that does not say how many states
    ├── SaveError               a save or replay that cannot be read or written
    │   └── ReplayDivergence    replaying the recorded orders does not give the recorded state
    ├── DoctrineFileError       a student's doctrine file that cannot be used
    ├── OrderError              an order refused
    │   ├── InvalidOrder        malformed: not an order at all (fails to parse or validate)
    │   └── IllegalOrder        well-formed, but the rules do not allow it now
    ├── EngineError             the engine driven out of order
    └── NetError                a classroom connection that failed or was refused
"""
from __future__ import annotations

import difflib
from typing import Any, Iterable, Protocol


class GameError(Exception):
    """An error the game raises on purpose; `str(err)` is written for whoever must act on it."""


class UserError(GameError):
    """Bad input from the command line: the message is printed as is."""


class Problem(Protocol):
    """One thing wrong with a scenario (game.scenario.problems.Problem)."""

    line: int | None

    def describe(self, source: str) -> str: ...


class ScenarioError(GameError):
    """A scenario that cannot be used; `.problems` lists everything wrong with it."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = sorted(problems, key=lambda p: (p.line is None, p.line or 0))
        super().__init__(self.format())

    def format(self) -> str:
        return "\n".join(p.describe(self.source) for p in self.problems)


class UnknownVariant(GameError):
    """A variant id the scenario does not define."""

    def __init__(self, scenario: Any, variant_id: str):
        self.scenario_id = scenario.id
        self.variant_id = variant_id
        self.known = [v.id for v in scenario.variants]
        if self.known:
            self.short = f"scenario {scenario.id!r} has no variant {variant_id!r}{did_you_mean(variant_id, self.known)}"
            text = f"{self.short} (its variants: {', '.join(self.known)})"
        else:
            self.short = text = f"scenario {scenario.id!r} has no variants (asked for {variant_id!r})"
        self.text = text
        super().__init__(text)

    def __str__(self) -> str:
        return self.text


class RandomSpecError(GameError):
    """A `random:...` reference that does not say how many states (or which seed); what is
    allowed is game.scenario.random_worlds.REF_FORMAT."""


class SaveError(GameError):
    """A save or replay that cannot be read or written; the message names the file and what is wrong."""


class ReplayDivergence(SaveError):
    """Replaying the recorded orders does not give the recorded state: `.turn` is where (0 = the
    opening state, before any order)."""

    def __init__(self, source: str, turn: int, expected: str, got: str):
        self.source = source
        self.turn = turn
        self.expected = expected
        self.got = got
        where = "in the opening state, before any order" if turn == 0 else f"at turn {turn}"
        super().__init__(
            f"{source}: the replay diverged {where}: the recorded state hash is {expected}, "
            f"replaying the recorded orders gives {got}. The file was edited, or written by a "
            f"different version of the rules."
        )


class DoctrineFileError(GameError):
    """A doctrine file that cannot be used; the message says where and what is wrong."""


class OrderError(GameError):
    """An order refused. `str(err)` is the reason, written for a player; `.order` is the order
    when it is known."""

    def __init__(self, reason: str, order: Any = None):
        super().__init__(reason)
        self.reason = reason
        self.order = order


class InvalidOrder(OrderError):
    """Data that is not an order: an unknown kind, a missing field, a value out of range."""


class IllegalOrder(OrderError):
    """An order the rules do not allow now (no crisis to respond to, no pact to leave...)."""


class EngineError(GameError):
    """The engine was driven out of order (advance with orders missing, orders after the end)."""


class NetError(GameError):
    """A classroom connection that failed, or a message the other side refused."""


def did_you_mean(word: str, choices: Iterable[str], before: str = "`", after: str = "`") -> str:
    """" — did you mean `economy`?" when one of `choices` is close to `word`, else ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean {before}{close[0]}{after}?" if close else ""
