"""Saves and replays (JSON): the scenario, the seed, every order of every turn and the state hash
after every turn. Loading a replay reproduces the hashes or says at which turn it diverged.

A save is a replay that may be continued: `play --load` replays it to rebuild the world, then the
game goes on. Writing is atomic: the new file is written beside the old one and swapped in, so a
crash mid-write never destroys the previous save.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.core.commands import Order
from game.core.engine import Engine
from game.core.perception import MindSet
from game.data.scenario import Scenario

FORMAT = "security-dilemma"
SCHEMA_VERSION = 1


class SaveError(Exception):
    """A save or replay that cannot be read; the message names the file and what is wrong."""


class ReplayDivergence(SaveError):
    def __init__(self, source: str, turn: int, expected: str, got: str):
        self.turn = turn
        self.expected = expected
        self.got = got
        super().__init__(
            f"{source}: the replay diverged at turn {turn}: the recorded state hash is {expected}, "
            f"replaying the recorded orders gives {got}. The file was edited, or written by a "
            f"different version of the rules."
        )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ControllerSpec(_Model):
    kind: Literal["human", "ai"]
    doctrine: str | None = None
    difficulty: Literal["easy", "normal", "hard"] = "normal"


class TurnEntry(_Model):
    turn: int = Field(ge=1)
    orders: dict[str, list[Order]]
    hash: str
    explanations: dict[str, Any] = Field(default_factory=dict)


class SaveGame(_Model):
    format: Literal["security-dilemma"] = FORMAT
    schema_version: int
    kind: Literal["save", "replay"] = "save"
    scenario: Scenario
    seed: int
    minds: dict[str, dict[str, float]] = Field(default_factory=dict)
    controllers: dict[str, ControllerSpec] = Field(default_factory=dict)
    initial_hash: str
    turns: list[TurnEntry] = Field(default_factory=list)
    ui: dict[str, Any] = Field(default_factory=dict)


def record(engine: Engine, controllers: dict[str, ControllerSpec] | None = None, kind: str = "save",
           ui: dict[str, Any] | None = None, explanations: bool = True) -> SaveGame:
    """Everything needed to rebuild `engine` turn by turn."""
    return SaveGame(
        schema_version=SCHEMA_VERSION,
        kind=kind,
        scenario=engine.scenario,
        seed=engine.seed,
        minds={sid: m.as_dict() for sid, m in engine.minds.items()},
        controllers=controllers or {},
        initial_hash=engine.initial_hash,
        turns=[
            TurnEntry(turn=r.turn, orders=r.orders, hash=r.state_hash,
                      explanations=r.explanations if explanations else {})
            for r in engine.records
        ],
        ui=ui or {},
    )


def to_json(save: SaveGame) -> str:
    return json.dumps(save.model_dump(mode="json", exclude_none=True), indent=1, sort_keys=False) + "\n"


def write_save(path: str | Path, save: SaveGame) -> Path:
    """Write atomically: a temporary file in the same folder, flushed to disk, then renamed over
    the old one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = to_json(save)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def parse_save(text: str, source: str = "<save>") -> SaveGame:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.pos >= len(text.rstrip()) - 1:
            raise SaveError(f"{source}: the file ends too early (line {err.lineno}): it was cut off while "
                            f"being written or copied. Try an earlier save or an autosave.") from None
        raise SaveError(f"{source}: not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(f"{source}: not a Security Dilemma save or replay (no \"format\": \"{FORMAT}\").")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SaveError(f"{source}: written in save format version {version!r}; this game reads version {SCHEMA_VERSION}.")
    try:
        return SaveGame.model_validate(data)
    except ValidationError as err:
        problems = []
        for e in err.errors()[:5]:
            where = _describe_loc(data, e["loc"])
            problems.append(f"{where}: {e['msg']}")
        more = f" (and {len(err.errors()) - 5} more)" if len(err.errors()) > 5 else ""
        raise SaveError(f"{source}: damaged or hand-edited save: " + "; ".join(problems) + more) from None


def _describe_loc(data: Any, loc: tuple) -> str:
    """`turns[3].orders.rubria[0].kind` reads better as 'turn 4, rubria's order 1 (kind)'."""
    parts = [str(p) for p in loc]
    if len(loc) >= 2 and loc[0] == "turns" and isinstance(loc[1], int):
        try:
            turn = data["turns"][loc[1]].get("turn", loc[1] + 1)
        except (KeyError, IndexError, AttributeError, TypeError):
            turn = loc[1] + 1
        rest = ".".join(parts[2:])
        return f"turn {turn}" + (f" ({rest})" if rest else "")
    return ".".join(parts) or "the file"


def read_save(path: str | Path) -> SaveGame:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SaveError(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SaveError(f"{path}: cannot be read ({err}).") from None
    return parse_save(text, str(path))


def restore(save: SaveGame, source: str = "<save>", verify: bool = True, upto: int | None = None) -> Engine:
    """Rebuild the engine by replaying every recorded turn, checking each state hash."""
    minds = {sid: MindSet(**m) for sid, m in save.minds.items()}
    try:
        engine = Engine(save.scenario, seed=save.seed, minds=minds)
    except (KeyError, TypeError) as err:
        raise SaveError(f"{source}: the save's settings do not fit its scenario ({err}).") from None
    if verify and engine.initial_hash != save.initial_hash:
        raise ReplayDivergence(source, 0, save.initial_hash, engine.initial_hash)
    for entry in save.turns[: upto if upto is not None else len(save.turns)]:
        if entry.turn != engine.turn + 1:
            raise SaveError(f"{source}: turns are out of order: expected turn {engine.turn + 1}, found {entry.turn}.")
        try:
            for sid in engine.pending():
                engine.submit(sid, entry.orders.get(sid, []), entry.explanations.get(sid))
            report = engine.advance()
        except Exception as err:  # an order the rules refuse: the file was edited
            raise SaveError(f"{source}: turn {entry.turn} cannot be replayed: {err}") from None
        if verify and report.state_hash != entry.hash:
            raise ReplayDivergence(source, entry.turn, entry.hash, report.state_hash)
    return engine
