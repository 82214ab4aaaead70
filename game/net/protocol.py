"""The classroom wire protocol (DESIGN.md §10): JSON text frames, one message each, tagged by `type`.

Shaped like the Diplomacy engine's server: a client's requests carry an `id` and get an `ok` or an
`error` with the same id; the host pushes notifications on its own (a turn opened with the seat's
view, a turn resolved with the events the seat may see, who has ordered, the game over).

    client -> host   hello (first, once), submit, withdraw, sync
    host -> client   ok, error, welcome, seat_history, turn_opened, turn_resolved, seat_status, game_over

A seat that joins (or rejoins) is sent its history before the open turn: what it was shown of
the turns already played, so a laptop that joins late draws the charts and logs of one that was
there all along.

Every frame the host receives is validated against these models; a frame that is not one of them
gets one `error` naming what is wrong, never a traceback. An error with `fatal` set ends the
connection (wrong code, seat taken over, version mismatch, finished game, kicked): a client must
not reconnect after one.
"""
from __future__ import annotations

import json
import unicodedata
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

PROTOCOL_VERSION = 3  # 2: what the others said to a seat, and its history on joining; 3: its leader's boldness
MAX_FRAME_BYTES = 256 * 1024  # a twelve-state view is ~60 kB of JSON; a client's frames are far smaller
# DNS-SD service names are at most 15 bytes (RFC 6335), so not "_security-dilemma".
SERVICE_TYPE = "_sec-dilemma._tcp.local."

Role = Literal["seat", "observer"]
IfSilent = Literal["wait", "hold", "ai"]
ErrorCode = Literal[
    "bad_frame",           # not JSON, not a known message, a field of the wrong kind
    "not_joined",          # a request before hello
    "version",             # the client speaks another protocol version
    "wrong_code",          # no seat has that code
    "observers_forbidden",
    "taken_over",          # another client joined with this seat's code
    "code_reissued",       # the teacher gave the seat a new code
    "kicked",
    "game_over",
    "illegal_order",       # the rules refuse the orders (the message is the reason)
    "not_now",             # nothing to order (the seat's state is conquered, the turn is resolving)
    "rate_limit",
    "host_closing",
]



TEAM_MAX = 60


def team_problem(name: str) -> str | None:
    """Why a team name cannot be shown on the teacher's console, or None. Control and format
    characters (terminal escapes, bidirectional overrides) are refused: the name is printed on
    the host's terminal and drawn on its projector."""
    if len(name) > TEAM_MAX:
        return f"a team name is at most {TEAM_MAX} characters (this one has {len(name)})."
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return "a team name cannot hold control characters (such as terminal escape codes)."
    return None


def clean_team(name: str) -> str:
    """A team name with control and format characters removed (what the host keeps)."""
    return "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()[:TEAM_MAX]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- client -> host ------------------------------------------------------------------------


class Hello(_Message):
    """Join a seat with its code, or watch as an observer. `bot` asks for the seat AI's random
    generator with each turn, so a doctrine played remotely draws what it would draw on the host."""

    type: Literal["hello"] = "hello"
    id: int
    version: int
    code: Annotated[str, Field(max_length=32)] | None = None
    observer: bool = False
    team: Annotated[str, Field(max_length=TEAM_MAX)] = ""
    bot: bool = False


class Submit(_Message):
    """This seat's orders for the open turn (replacing any given before)."""

    type: Literal["submit"] = "submit"
    id: int
    turn: int  # the turn these orders are for: orders for a turn already resolved are refused
    orders: Annotated[list[dict[str, Any]], Field(max_length=200)]


class Withdraw(_Message):
    type: Literal["withdraw"] = "withdraw"
    id: int


class Sync(_Message):
    """Send me the open turn again (my view and my queued orders)."""

    type: Literal["sync"] = "sync"
    id: int


Request = Annotated[Union[Hello, Submit, Withdraw, Sync], Field(discriminator="type")]


# --- host -> client ------------------------------------------------------------------------


class Ok(_Message):
    type: Literal["ok"] = "ok"
    id: int


class Error(_Message):
    type: Literal["error"] = "error"
    id: int | None = None
    code: ErrorCode
    message: str
    fatal: bool = False


class StateInfo(_Message):
    id: str
    name: str


class Welcome(_Message):
    """Who you are in this game. For a seat, `doctrine` and `difficulty` are the seat's scenario
    doctrine (what a bot plays by default, what the AI uses if the seat is silent), and `boldness`
    its leader's this game (a bot governs as that leader, as an AI on the host would)."""

    type: Literal["welcome"] = "welcome"
    version: int = PROTOCOL_VERSION
    role: Role
    seat: str | None = None
    team: str = ""
    title: str
    states: list[StateInfo]
    turn: int
    max_turns: int
    doctrine: str | None = None
    difficulty: str | None = None
    boldness: float | None = None


class TurnOpened(_Message):
    """A turn to order (`turn` = turns resolved + 1). `view` is the seat's own view (game.net.wire)
    or, for observers, the public view. `queued`: the orders this seat has given for this turn,
    if any (after a reconnection). `ai_rng`: the numpy PCG64 state the seat's AI would draw from
    (bots only). `seconds_left`: the host's timer, None when there is none."""

    type: Literal["turn_opened"] = "turn_opened"
    turn: int
    view: dict[str, Any]
    queued: list[dict[str, Any]] | None = None
    ai_rng: dict[str, Any] | None = None
    seconds_left: float | None = None


class Said(_Message):
    """A rival's statement to this seat: one of its reasons for what it did to the seat
    (game.net.statements says which reasons a seat hears)."""

    turn: int
    speaker: str  # state id
    text: str
    decision: str = ""


class TurnResolved(_Message):
    """The events this seat may see (all public ones for observers), what the others said to
    it this turn (nothing, for observers) and the world's digest."""

    type: Literal["turn_resolved"] = "turn_resolved"
    turn: int
    events: list[dict[str, Any]]
    said: list[Said] = []
    state_hash: str


class Array(_Message):
    """A numpy array as game.net.wire encodes it: dtype, shape and raw bytes in base64."""

    nd: str
    shape: list[int]
    b64: str


class SeatHistory(_Message):
    """What this seat was shown of turns 0..`turn`, one row a turn: the public rows its charts
    draw (rung, alive, Y) and its own row of its perceptions (threat, belief), every event it
    could see and everything the others said to it. Sent on joining, before the open turn."""

    type: Literal["seat_history"] = "seat_history"
    turn: int
    rung: Array  # (turn + 1, N, N)
    alive: Array  # (turn + 1, N)
    Y: Array  # (turn + 1, N)
    threat: Array  # (turn + 1, N): the seat's row
    belief: Array  # (turn + 1, N): the seat's row
    events: list[dict[str, Any]]
    said: list[Said]

    @model_validator(mode="after")
    def _one_row_a_turn(self) -> "SeatHistory":
        n = self.alive.shape[-1] if len(self.alive.shape) == 2 else -1
        shapes = {"rung": [self.turn + 1, n, n], "alive": [self.turn + 1, n], "Y": [self.turn + 1, n],
                  "threat": [self.turn + 1, n], "belief": [self.turn + 1, n]}
        for name, shape in shapes.items():
            if getattr(self, name).shape != shape:
                raise ValueError(f"{name} has shape {getattr(self, name).shape}, not {shape}")
        return self


class SeatInfo(_Message):
    seat: str
    team: str
    remote: bool
    connected: bool
    ordered: bool


class SeatStatus(_Message):
    type: Literal["seat_status"] = "seat_status"
    turn: int
    seats: list[SeatInfo]
    paused: bool
    seconds_left: float | None = None


class GameOver(_Message):
    """The end. `replay`: the whole game as a replay save (game.match.saves), hidden types and
    all — the game is over, so the debrief reveals everything, on every machine."""

    type: Literal["game_over"] = "game_over"
    turn: int
    reason: str
    survivors: list[str]
    replay: dict[str, Any] | None = None


Notice = Annotated[Union[Ok, Error, Welcome, SeatHistory, TurnOpened, TurnResolved, SeatStatus, GameOver],
                  Field(discriminator="type")]

_REQUEST = TypeAdapter(Request)
_NOTICE = TypeAdapter(Notice)


class FrameError(ValueError):
    """A frame that is not a valid message; `str()` says why in one line, `request_id` is the
    frame's `id` when one could be read (so the error reply can answer it)."""

    def __init__(self, message: str, request_id: int | None = None):
        super().__init__(message)
        self.request_id = request_id


def encode(message: _Message) -> str:
    return message.model_dump_json(exclude_none=True)


def _load(frame: str | bytes) -> Any:
    if isinstance(frame, bytes):
        raise FrameError("binary frames are not part of the protocol; send JSON text")
    try:
        return json.loads(frame)
    except (json.JSONDecodeError, RecursionError):
        raise FrameError("not JSON text") from None


def _problem(err: ValidationError) -> str:
    first = err.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"])
    more = len(err.errors()) - 1
    return (f"{where}: {first['msg']}" if where else first["msg"]) + (f" (and {more} more)" if more else "")


def decode_request(frame: str | bytes) -> Request:
    data = _load(frame)
    request_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), int) else None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise FrameError('a message is a JSON object with a "type"', request_id)
    try:
        return _REQUEST.validate_python(data)
    except ValidationError as err:
        raise FrameError(f"not a valid {data['type']!r} message: {_problem(err)}", request_id) from None


def decode_notice(frame: str | bytes) -> Notice:
    data = _load(frame)
    try:
        return _NOTICE.validate_python(data)
    except ValidationError as err:
        raise FrameError(f"the host sent something this client does not understand: {_problem(err)}") from None
