"""Saves and replays (JSON): the scenario, the seed, every order of every turn and the state hash
after every turn. Loading a replay reproduces the hashes or says at which turn it diverged.

A save is a replay that may be continued: `play --load` replays it to rebuild the world, then the
game goes on. A save also keeps each turn's AI explanations (for the log and the debrief) and a
free `ui` dict (the UI's own settings: camera, open panels...), neither of which the rules read.

Writing is atomic: the new file is written beside the old one, flushed to disk, and renamed over
it, so a crash mid-write never destroys the previous save.

Reading never ends in a traceback: a file that is cut off, not a save, from another version of the
format, or hand-edited into something the game cannot use raises SaveError, whose message names
the file, the turn and the field.
"""
from __future__ import annotations

import base64
import binascii
import json
import math
import os
import tempfile
from glob import escape as glob_escape
from pathlib import Path
from typing import Annotated, Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.core.commands import Order
from game.scenario.files import Unreadable, check_nesting, parse_problem, read_text_capped
from game.core.engine import Engine
from game.core.perception import MindSet
from game.match.match import Match
from game.match.seats import ReplaySeat
from game.scenario.models import Scenario, semantic_problems
from game.scenario.patterns import PATTERN_WORDS
from game.scenario.problems import explain_error, value_at
from game.scenario.toml_values import toml_repr
from game.errors import EngineError, OrderError, ReplayDivergence, SaveError

FORMAT = "security-dilemma"
SEALED = "sealed"  # the field that holds a save's hidden types (seal_types)
MAX_SAVE_BYTES = 64 << 20  # 64 MB: a 1000-turn, 12-state game with every explanation is well under
SCHEMA_VERSION = 1

# Older versions this game can still read: version -> function turning that data into the next
# version's. Empty while there is only version 1.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

_MIND_FIELDS = tuple(MindSet.__dataclass_fields__)
_MIND_SHARES = ("empathy", "forgetting", "prior")  # probabilities and shares; the others are weights
HASH_PATTERN = r"^[0-9a-f]+$"
PATTERN_WORDS.setdefault(HASH_PATTERN, ("is not a state hash", "a state hash: digits 0-9 and letters a-f"))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ControllerSpec(_Model):
    """Who governed a state: a human (a named team, if it gave a name), or an AI doctrine at a
    difficulty. Saves from before teams had names load with none."""

    kind: Literal["human", "ai"]
    doctrine: str | None = None
    difficulty: Literal["easy", "normal", "hard"] = "normal"
    team: Annotated[str, Field(max_length=60)] | None = None


class TurnEntry(_Model):
    turn: int = Field(ge=1)
    orders: dict[str, list[Order]]
    hash: str = Field(pattern=HASH_PATTERN)
    explanations: dict[str, Any] = Field(default_factory=dict)


class SaveGame(_Model):
    format: Literal["security-dilemma"] = FORMAT
    schema_version: int
    kind: Literal["save", "replay"] = "save"
    scenario: Scenario
    seed: int = Field(ge=0)
    minds: dict[str, dict[str, float]] = Field(default_factory=dict)
    controllers: dict[str, ControllerSpec] = Field(default_factory=dict)
    initial_hash: str = Field(pattern=HASH_PATTERN)
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


def seal_types(data: dict) -> None:
    """Take each state's hidden type out of a save's scenario and keep them encoded in one field,
    so a student who opens a hot-seat or classroom save does not read every rival's type in
    plain sight (replays, made for the debrief, keep them readable). Not secrecy: a fold."""
    states = data.get("scenario", {}).get("states", [])
    types = {s["id"]: s.pop("type", "security_seeker") for s in states}
    data[SEALED] = base64.b64encode(json.dumps(types, sort_keys=True).encode()[::-1]).decode("ascii")


def unseal_types(data: dict, source: str) -> None:
    """Put sealed types back into the scenario before it is read (SaveError if the field is junk)."""
    if SEALED not in data:
        return
    sealed = data.pop(SEALED)
    try:
        types = json.loads(base64.b64decode(str(sealed), validate=True)[::-1])
        assert isinstance(types, dict)
        states = data["scenario"]["states"]
        for s in states:
            s["type"] = types[s["id"]]
    except (ValueError, AssertionError, KeyError, TypeError, binascii.Error):
        raise SaveError(f"{source}: damaged save: its sealed section ({SEALED}) cannot be read.") from None


def to_json(save: SaveGame) -> str:
    """The save as JSON text. Raises SaveError if the explanations or the ui dict hold something
    that is not plain data (a bug of the caller, reported without losing the previous save)."""
    try:
        data = save.model_dump(mode="json", exclude_none=True)
        if save.kind == "save":
            seal_types(data)
        return json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    except (TypeError, ValueError) as err:
        raise SaveError(f"the game cannot be saved: {err} (explanations and ui must be plain JSON data)") from None


def write_save(path: str | Path, save: SaveGame) -> Path:
    """Write atomically: a temporary file in the same folder, flushed to disk, then renamed over
    the old one. If anything fails, the old file is untouched and the temporary file removed."""
    path = Path(path)
    if path.is_dir():
        raise SaveError(f"{path}: is a folder; give a file name for the save.")
    text = to_json(save)
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A write killed half-way (power cut, kill -9) left its temporary file: it is garbage now.
        for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    except OSError as err:
        raise SaveError(f"{path}: cannot write the save here ({err.strerror or err}).") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0600); a save should be as readable as any file the user writes.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(err, OSError):
            kept = "; the previous save is unchanged" if existed else ""
            raise SaveError(f"{path}: the save could not be written ({err.strerror or err}){kept}.") from None
        raise
    _sync_folder(path.parent)
    return path


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# Reading


def parse_save(text: str, source: str = "<save>") -> SaveGame:
    """A SaveGame from JSON text, or SaveError naming what is wrong and where."""
    if not text.strip():
        raise SaveError(f"{source}: the file is empty: it was cut off while being written or copied. "
                        f"Try an earlier save or an autosave.")
    try:
        check_nesting(text)
        data = json.loads(text)
    except (Unreadable, RecursionError) as err:
        raise SaveError(f"{source}: not a save: it {parse_problem(err) or err}.") from None
    except ValueError as err:
        if not isinstance(err, json.JSONDecodeError):
            raise SaveError(f"{source}: not a save: it {parse_problem(err) or err}.") from None
        if _cut_off(text, err):
            raise SaveError(f"{source}: the file was cut off (it ends at line {text.count(chr(10)) + 1} in the middle "
                            f"of the data): it was not completely written or copied. Try an earlier save or an "
                            f"autosave.") from None
        raise SaveError(f"{source}: not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}. "
                        f"If you edited it by hand, check that line.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(f"{source}: this is not a Security Dilemma save or replay (it has no "
                        f"\"format\": \"{FORMAT}\"). Saves are the .json files the game writes.")
    data = _migrate(data, source)
    unseal_types(data, source)
    try:
        save = SaveGame.model_validate(data)
    except ValidationError as err:
        errors = err.errors(include_url=False)
        problems = [_describe(e, data) for e in errors[:6]]
        more = f"\n  (and {len(errors) - 6} more)" if len(errors) > 6 else ""
        raise SaveError(f"{source}: damaged or hand-edited save:\n  " + "\n  ".join(problems) + more) from None
    problems = _consistency_problems(save)
    if problems:
        raise SaveError(f"{source}: damaged or hand-edited save:\n  " + "\n  ".join(problems))
    return save


def _cut_off(text: str, err: json.JSONDecodeError) -> bool:
    """A decode error that happens at the very end of the text (or inside a string that runs to
    the end) means the file was truncated, not that it was edited."""
    end = len(text.rstrip())
    if err.pos >= end - 1:
        return True
    return err.msg.startswith("Unterminated string") and '"' not in text[err.pos + 1:]


def _migrate(data: dict, source: str) -> dict:
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(f"{source}: the save has no valid \"schema_version\" (found {version!r}); "
                        f"this game reads version {SCHEMA_VERSION}.")
    if version > SCHEMA_VERSION:
        raise SaveError(f"{source}: written by a newer version of the game (save format {version}); this game "
                        f"reads format {SCHEMA_VERSION} and older. Update the game to open it.")
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(f"{source}: written by an older version of the game (save format {version}), which "
                            f"this version ({SCHEMA_VERSION}) can no longer read.")
        data = step(data)
        version = data["schema_version"]
    return data


def _describe(e: dict, data: dict) -> str:
    """One validation error: `turn 4, rubria's order 1 (budget), military_share: must be at most 0.5 (found 0.9)`."""
    loc = tuple(e["loc"])
    if loc == ("scenario",) and e.get("type") == "missing":
        return "the save has no \"scenario\" (the world it was played in): it cannot be opened without it"
    if len(loc) > 1 and loc[0] == "scenario":
        problem = explain_error({**e, "loc": loc[1:]}, data.get("scenario"), Scenario)
        where = "the scenario" + (f", {problem.path}" if problem.path else "")
    else:
        problem = explain_error(e, data, Scenario)
        where = _where(data, loc)
    found = f" (found {toml_repr(problem.value)})" if problem.value is not None else ""
    allowed = f"; allowed: {problem.allowed}" if problem.allowed and not problem.allowed.startswith("the keys") else ""
    return f"{where}: {problem.message}{found}{allowed}"


def _where(data: Any, loc: tuple) -> str:
    """`turns[3].orders.rubria[0].budget.military_share` reads better as
    'turn 4, rubria's order 1 (budget), military_share'."""
    if len(loc) >= 2 and loc[0] == "turns" and isinstance(loc[1], int):
        entry = value_at(data, ("turns", loc[1]))
        turn = entry.get("turn", loc[1] + 1) if isinstance(entry, dict) else loc[1] + 1
        out = f"turn {turn}"
        rest = list(loc[2:])
        if len(rest) >= 3 and rest[0] == "orders" and isinstance(rest[2], int):
            sid, n = rest[1], rest[2]
            order = value_at(data, ("turns", loc[1], "orders", sid, n))
            kind = order.get("kind") if isinstance(order, dict) else None
            out += f", {sid}'s order {n + 1}" + (f" ({kind})" if isinstance(kind, str) else "")
            rest = [p for p in rest[3:] if p != kind]
        elif len(rest) >= 2 and rest[0] in ("orders", "explanations"):
            out += f", {rest[0]} of {rest[1]}"
            rest = rest[2:]
        if rest:
            out += ", " + ".".join(str(p) for p in rest)
        return out
    return ".".join(str(p) for p in loc) or "the file"


def _consistency_problems(save: SaveGame) -> list[str]:
    """What the models cannot see field by field: the scenario's cross-references, state ids that
    are not in the scenario, mind-set fields, turns out of order."""
    out = [f"the scenario, {p.path}: {p.message}" for p in semantic_problems(save.scenario)]
    ids = set(save.scenario.state_ids)
    listed = ", ".join(save.scenario.state_ids)
    for what, keys in (("minds", save.minds), ("controllers", save.controllers)):
        for sid in keys:
            if sid not in ids:
                out.append(f"{what}.{sid}: {sid!r} is not a state of the scenario (its states: {listed})")
    for sid, mind in save.minds.items():
        for key, value in mind.items():
            if key not in _MIND_FIELDS:
                out.append(f"minds.{sid}.{key}: unknown mind-set field (known: {', '.join(_MIND_FIELDS)})")
            elif not (math.isfinite(value) and 0 <= value <= (1 if key in _MIND_SHARES else 100)):
                top = 1 if key in _MIND_SHARES else 100
                out.append(f"minds.{sid}.{key}: must be a number from 0 to {top} (found {value!r})")
    for n, entry in enumerate(save.turns, start=1):
        if entry.turn != n:
            out.append(f"turn {entry.turn}: turns are out of order or missing: entry {n} should be turn {n}")
            break
        for sid in entry.orders:
            if sid not in ids:
                out.append(f"turn {entry.turn}: orders for {sid!r}, which is not a state of the scenario "
                           f"(its states: {listed})")
    if len(save.turns) > save.scenario.scenario.turns:
        out.append(f"turns: {len(save.turns)} turns recorded, but the scenario lasts {save.scenario.scenario.turns}")
    return out


def read_save(path: str | Path) -> SaveGame:
    path = Path(path)
    if path.suffix.lower() == ".toml" and path.is_file():
        raise SaveError(f"{path}: is a scenario file (.toml), not a save or replay. Give the .json file a game "
                        f"wrote: a save, an autosave, or the replay.json of simulate.")
    try:
        text = read_text_capped(path, MAX_SAVE_BYTES, "save file")
    except Unreadable as err:
        if err.line is not None:
            raise SaveError(f"{path}: not a save (not UTF-8 text); saves are the .json files the game writes.") from None
        raise SaveError(f"{path}: {err}.") from None
    return parse_save(text, str(path))


# ---------------------------------------------------------------------------------------------
# Replaying


def restore(save: SaveGame, source: str = "<save>", verify: bool = True, upto: int | None = None) -> Engine:
    """The engine of `replay_match` (for readers that only need the world and its history)."""
    return replay_match(save, source, verify, upto).engine


def replay_match(save: SaveGame, source: str = "<save>", verify: bool = True, upto: int | None = None) -> Match:
    """Rebuild the game by playing every recorded turn (or the first `upto`) through the match
    loop, each state seated by its recorded orders, checking each state hash. Raises
    ReplayDivergence at the first turn whose hash differs, SaveError if a recorded order is
    refused by the rules. The match comes back with replay seats: hand the states to their
    players or doctrines with `Match.set_seat` to go on."""
    turns = save.turns[: upto if upto is not None else len(save.turns)]
    seats = {sid: ReplaySeat(orders={e.turn: e.orders.get(sid, []) for e in turns},
                             explanations={e.turn: e.explanations[sid] for e in turns if sid in e.explanations})
             for sid in save.scenario.state_ids}
    try:
        minds = {sid: MindSet(**m) for sid, m in save.minds.items()}
        match = Match(save.scenario, seats, seed=save.seed, minds=minds)
    except (KeyError, TypeError, ValueError) as err:
        raise SaveError(f"{source}: the save's settings do not fit its scenario ({err}).") from None
    engine = match.engine
    if verify and engine.initial_hash != save.initial_hash:
        raise ReplayDivergence(source, 0, save.initial_hash, engine.initial_hash)
    for entry in turns:
        if entry.turn != engine.turn + 1:
            raise SaveError(f"{source}: turns are out of order: expected turn {engine.turn + 1}, found {entry.turn}.")
        try:
            report = match.play_turn()
        except OrderError as err:
            raise SaveError(f"{source}: turn {entry.turn} cannot be replayed: the rules refuse "
                            f"{getattr(err, 'state_id', None)}'s orders: {err}. "
                            f"The file was edited, or written by a different version of the rules.") from None
        except EngineError as err:
            raise SaveError(f"{source}: turn {entry.turn} cannot be replayed: {err}") from None
        if verify and report.state_hash != entry.hash:
            raise ReplayDivergence(source, entry.turn, entry.hash, report.state_hash)
    return match
