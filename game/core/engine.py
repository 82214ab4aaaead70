"""The Engine: the one API the UI, the AI, replays and tests drive (DESIGN.md §1).

    engine.view_for(state_id)          what that state may know
    engine.submit(state_id, orders)    its orders for this turn (checked; IllegalOrder if not legal)
    engine.pending()                   who has not ordered yet
    engine.advance()                   resolve the turn once nobody is pending
    engine.state_hash()                a digest of the world, for determinism and replays

Randomness: one seeded generator owned by the engine draws everything the rules need. Each AI
draws from its own stream for each turn (ai_rng), fixed by the seed, the turn and the state, so
an AI's choices never shift the world's random stream and nothing about AIs needs saving.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence, get_args

import numpy as np

from game.core.commands import Order, dump_orders, parse_order
from game.core.events import Event
from game.core.metrics import Series
from game.core.perception import ADVISOR, MindSet, initial_observation, stack_mindsets
from game.core.rules import TurnToResolve, check_orders, resolve_turns
from game.core.spirals import STAGES, DyadFrame, SpiralTracker
from game.core.state import WorldState, build_state
from game.core.view import View, make_view, shared_record
from game.scenario.models import Scenario
from game.errors import EngineError, IllegalOrder


# numpy's PCG64 (O'Neill's PCG XSL RR 128/64), as numpy steps it, for AIRandom.random's draws.
_PCG64_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645
_MASK128 = (1 << 128) - 1
_MASK64 = (1 << 64) - 1
_DOUBLE_UNIT = 1.0 / 9007199254740992.0  # 2**-53: a double from the top 53 bits, as numpy's next_double

# The order classes (Order is a union tagged by kind). Submit's fast path knows orders by their
# exact class, one set look-up each: isinstance against their pydantic base goes through the
# metaclass's __instancecheck__, about 1.5 k instructions an order. Anything else (a dict, a
# subclass) is parsed and checked.
_ORDER_CLASSES: frozenset[type] = frozenset(get_args(get_args(Order)[0]))


class AIStreams:
    """Every AI's random numbers in one game: state i's stream for turn t is PCG64 with its state
    and increment taken from BLAKE2b("seed/t/i", 32 bytes, personalised "ai-rng"): the first 16
    bytes, little-endian, are the state, the last 16, with the low bit set, the increment. So the
    numbers are the same for the same game whatever else drew (the rules, other AIs), and nothing
    about AIs needs saving. (A SeedSequence per turn and state, the usual way, costs more than
    many a decision.)

    Each state has one numpy generator for the game, which `start` sets to a point of the stream
    asked for."""

    __slots__ = ("_key", "_generators")

    def __init__(self, seed: int):
        self._key = hashlib.blake2b(f"{seed}/".encode(), digest_size=32, person=b"ai-rng")
        self._generators: dict[int, np.random.Generator] = {}

    def origin(self, index: int, turn: int) -> tuple[int, int]:
        """(state, increment) of PCG64 at the beginning of state `index`'s stream for `turn`."""
        key = self._key.copy()
        key.update(f"{turn}/{index}".encode())
        whole = int.from_bytes(key.digest(), "little")
        return whole & _MASK128, (whole >> 128) | 1

    def start(self, index: int, turn: int, at: tuple[int, int] | None = None) -> np.random.Generator:
        """State `index`'s generator, at the beginning of its stream for `turn` or at `at`, a
        (state, increment) further along it."""
        gen = self._generators.get(index)
        if gen is None:
            gen = self._generators[index] = np.random.Generator(np.random.PCG64(0))
        state, inc = self.origin(index, turn) if at is None else at
        gen.bit_generator.state = {
            "bit_generator": "PCG64", "state": {"state": state, "inc": inc}, "has_uint32": 0, "uinteger": 0,
        }
        return gen


class AIRandom:
    """One AI's random numbers for one decision: its stream for this turn (AIStreams). It offers
    the draws controllers make, as numpy's Generator does, and `generator` for any other.

    Nothing is set up before the first draw (most decisions never draw). The draws controllers
    make, one number at a time (`random()`), are stepped here in Python, with the state as an
    integer: the very numbers numpy's PCG64 gives from that state (tested), without numpy's
    generator, whose state setter alone costs more than two such draws. Anything else
    (`generator`, and the draws through it) moves the stream, where it has got to, into the
    state's numpy generator (AIStreams.start), and every later draw comes from there. Two of
    these for one state and turn share that generator: each one that moves there restarts it."""

    __slots__ = ("_streams", "_index", "_turn", "_state", "_inc", "_generator")

    def __init__(self, streams: AIStreams, index: int, turn: int):
        self._streams = streams
        self._index = index
        self._turn = turn
        self._state: int | None = None  # PCG64's state while the draws are stepped here
        self._inc = 0
        self._generator: np.random.Generator | None = None

    @property
    def generator(self) -> np.random.Generator:
        gen = self._generator
        if gen is None:
            at = None if self._state is None else (self._state, self._inc)
            gen = self._generator = self._streams.start(self._index, self._turn, at)
        return gen

    def random(self, size=None):
        if size is not None or self._generator is not None:
            return self.generator.random(size)
        # One PCG64 step and its output, as numpy's pcg64_next64 and next_double compute them.
        state = self._state
        if state is None:
            state, self._inc = self._streams.origin(self._index, self._turn)
        state = self._state = (state * _PCG64_MULTIPLIER + self._inc) & _MASK128
        folded = (state >> 64) ^ (state & _MASK64)
        rot = state >> 122
        return ((((folded >> rot) | (folded << (64 - rot))) & _MASK64) >> 11) * _DOUBLE_UNIT

    def integers(self, low, high=None, size=None):
        return self.generator.integers(low, high, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self.generator.uniform(low, high, size)

    def permutation(self, x):
        return self.generator.permutation(x)


class TurnSnapshot:
    """What every view of one turn shares, built at the turn's first view_for and reused by the
    others (views are built for every state every turn).

    Valid while the engine's state is `state` (this very object) and views are asked for with
    the same `recent_turns` (view_for checks both); advance drops it, and asking with another `recent_turns`
    builds a new one. It shares among the turn's views:

    - `record`: copies of the public arrays and every state's private rows (view.shared_record);
    - `recent_events`: the events of the last `recent_turns` turns, oldest first;
    - `events_by_state`: the tuple of those each state may see, made when it first asks (one
      tuple for everyone when all of them are public, as in batch runs, which keep no private
      reports);
    - `seen_M`: [state, turn, j], what each state saw of everyone's forces each turn (the
      engine's series, by state: one copy a turn, and each view's part is then a block of it
      rather than a strided window), of which a view copies its state's part;

    and remembers `issued`, the last view given to each state (by id), so that submit can trust
    orders already checked against it.

    The state is not watched. Code that edits `engine.state`'s arrays in place after the turn's
    first view (a test setting up a situation, say) gets later views of that turn showing the
    public arrays, perceptions and offers as they were at that first view; only a state's own
    numbers (my_Y, my_O, ...) are read afresh. Such code should edit before asking for views."""

    __slots__ = ("state", "recent_turns", "record", "recent_events", "events_by_state", "seen_M", "issued")

    def __init__(self, state: WorldState, recent_turns: int, events: list[Event], moves: np.ndarray,
                 seen_M: np.ndarray):
        first = state.turn - recent_turns + 1
        recent = []
        for e in reversed(events):
            if e.turn < first:
                break
            recent.append(e)
        recent.reverse()
        self.state = state
        self.recent_turns = recent_turns
        self.record = shared_record(state, moves=moves)
        self.recent_events = recent
        self.events_by_state: dict[str, tuple[Event, ...]] = (
            {} if any(e.visible_to is not None for e in recent) else dict.fromkeys(state.ids, tuple(recent)))
        self.seen_M = np.ascontiguousarray(seen_M.transpose(1, 0, 2))
        self.issued: dict[str, View] = {}

    def events_for(self, state_id: str) -> tuple[Event, ...]:
        seen = self.events_by_state.get(state_id)
        if seen is None:
            seen = self.events_by_state[state_id] = tuple(e for e in self.recent_events if e.visible(state_id))
        return seen


@dataclass
class TurnReport:
    turn: int
    events: list[Event]
    state_hash: str


@dataclass
class TurnRecord:
    turn: int
    orders: dict[str, list[dict]]  # state id -> orders as plain data
    state_hash: str
    explanations: dict[str, Any] = field(default_factory=dict)


class Engine:
    def __init__(self, scenario: Scenario, seed: int | None = None, minds: Mapping[str, MindSet] | None = None,
                 record: bool = True):
        """`record=False` is for batch runs that keep no replay: no per-turn hash, no order log, no
        private intelligence reports, and each turn resolved on `state` itself, which a reader
        holding it across `advance` sees change (the world played is the same)."""
        self.scenario = scenario
        self.record = record
        self.seed = int(scenario.scenario.seed if seed is None else seed)
        minds = dict(minds or {})
        unknown = set(minds) - set(scenario.state_ids)
        if unknown:
            raise KeyError(f"mind-sets given for unknown states: {sorted(unknown)}")
        self.minds: dict[str, MindSet] = {sid: minds.get(sid, ADVISOR) for sid in scenario.state_ids}
        self.rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed)))
        self.state: WorldState = build_state(scenario, stack_mindsets([self.minds[s] for s in scenario.state_ids]))
        initial_observation(self.state, self.rng)
        # Whether the game is over (the last turn played, or one state left): worked out when the
        # world changes, that is here and when a turn closes, because the match loop and submit
        # ask several times a turn. (A plain attribute: a property costs more than the question.)
        self.finished: bool = self._game_over()
        self._orders: dict[int, list[Order]] = {}
        self._explanations: dict[str, Any] = {}
        self._snapshot: TurnSnapshot | None = None  # this turn's, once a view has been asked for
        self._ai_streams = AIStreams(self.seed)
        self._indices = {sid: k for k, sid in enumerate(self.state.ids)}  # the states never change in a game
        self.events: list[Event] = []
        self.records: list[TurnRecord] = []
        self.initial_hash = self.state.digest() if record else ""  # a replay's first check; batch runs keep none
        self.tracker = SpiralTracker(self.state.ids, self.state.spiral_threshold)
        self.series = Series(self.state.ids, scenario.scenario.turns)
        self._observe_spirals(frozenset())

    # --- reading -------------------------------------------------------------------------
    @property
    def turn(self) -> int:
        """Turns resolved so far; orders being gathered are for turn `turn + 1`."""
        return self.state.turn

    @property
    def ids(self) -> tuple[str, ...]:
        return self.state.ids

    def _game_over(self) -> bool:
        st = self.state
        return st.turn >= st.max_turns or sum(st.alive.tolist()) <= 1

    def alive_ids(self) -> list[str]:
        return [sid for sid, a in zip(self.state.ids, self.state.alive) if a]

    def view_for(self, state_id: str, recent_turns: int = 3) -> View:
        """What that state may know now, with the events of the last `recent_turns` turns it may
        see. Views of one turn share what they hold alike (TurnSnapshot)."""
        i = self._index(state_id)
        st = self.state
        snap = self._snapshot
        if snap is None or snap.state is not st or snap.recent_turns != recent_turns:  # none for this view yet
            series = self.series
            snap = self._snapshot = TurnSnapshot(st, recent_turns, self.events, series["move"], series["M_est"])
        view = make_view(st, i, snap.events_for(state_id), seen_M=snap.seen_M[i], shared=snap.record)
        snap.issued[state_id] = view
        return view

    def events_for(self, state_id: str | None) -> list[Event]:
        """Every event that state may see (all of them for None: the debrief, spectators)."""
        if state_id is None:
            return list(self.events)
        return [e for e in self.events if e.visible(state_id)]

    def state_hash(self) -> str:
        return self.state.digest()

    def spiral_stage(self, a: str, b: str) -> str:
        return STAGES[int(self.tracker.stage[self._index(a), self._index(b)])]

    # --- ordering ------------------------------------------------------------------------
    def pending(self) -> list[str]:
        orders = self._orders
        return [sid for k, (sid, alive) in enumerate(zip(self.state.ids, self.state.alive.tolist()))
                if alive and k not in orders]

    def submitted(self, state_id: str) -> list[Order] | None:
        return self._orders.get(self._index(state_id))

    def check(self, state_id: str, orders: Iterable[Order | dict]) -> list[Order]:
        """Parse and check a set of orders without submitting them (raises IllegalOrder)."""
        i = self._index(state_id)
        if not self.state.alive[i]:
            raise IllegalOrder(f"{self.state.names[i]} has been conquered and gives no orders.")
        return check_orders(self.state, i, [parse_order(o) for o in orders])

    def submit(self, state_id: str, orders: Iterable[Order | dict], explanation: Any = None,
               checked_against: View | None = None) -> None:
        """Orders for the coming turn; submitting again replaces them. `explanation` is the
        controller's reasons (kept for the log and the debrief, never read by the rules).

        `checked_against`: the view the caller already checked these orders against, in order,
        with rules.check_order (which reads a view exactly as it reads the world). When it is the
        view this engine last gave that state this turn, the orders are not checked again, and the
        state's index is that view's: an AI's submit is a few dictionary look-ups."""
        orders = list(orders)
        snap = self._snapshot
        if (checked_against is not None and snap is not None and snap.issued.get(state_id) is checked_against
                and not self.finished and _ORDER_CLASSES.issuperset(map(type, orders))):
            self._orders[checked_against.me] = orders
        else:
            if self.finished:
                raise EngineError("The game is over: no more orders.")
            i = self._index(state_id)
            self._orders[i] = self.check(state_id, orders)
        if explanation is not None:
            self._explanations[state_id] = explanation
        else:
            self._explanations.pop(state_id, None)

    def withdraw(self, state_id: str) -> None:
        self._orders.pop(self._index(state_id), None)
        self._explanations.pop(state_id, None)

    def ai_rng(self, state_id: str) -> AIRandom:
        """The random numbers for that state's AI to decide this turn with: the stream the seed,
        the turn and the state fix (AIStreams), set up at its first draw (AIRandom)."""
        return AIRandom(self._ai_streams, self._index(state_id), self.state.turn)

    def advance(self) -> TurnReport:
        """Resolve the turn once nobody is pending (advance_together, for this game alone)."""
        return advance_together([self])[0]

    def _ready_to_advance(self) -> None:
        if self.finished:
            raise EngineError("The game is over.")
        waiting = self.pending()
        if waiting:
            raise EngineError("Waiting for orders from: " + ", ".join(waiting))

    def _turn_to_resolve(self) -> TurnToResolve:
        return TurnToResolve(self.state, self._orders, self.rng, reports=self.record, in_place=not self.record)

    def _close_turn(self, new_state: WorldState, events: list[Event]) -> TurnReport:
        """The turn resolved into `new_state` and `events`: spirals, the record, the next turn."""
        orders = self._orders
        self.state = new_state
        self.finished = self._game_over()
        formed = frozenset(
            tuple(sorted((self.state.index(e.actors[0]), self.state.index(e.actors[1]))))
            for e in events if e.kind == "arms_control_formed"
        )
        events += self._observe_spirals(formed)
        self.events.extend(events)
        digest = ""
        if self.record:
            digest = self.state.digest()
            self.records.append(TurnRecord(
                turn=self.state.turn,
                orders={self.state.ids[i]: dump_orders(o) for i, o in sorted(orders.items())},
                state_hash=digest,
                explanations=self._explanations,
            ))
        self._orders = {}
        self._explanations = {}
        self._snapshot = None
        if self.finished:
            self.tracker.close(self.state.turn)
        return TurnReport(turn=self.state.turn, events=events, state_hash=digest)

    # --- internals -----------------------------------------------------------------------
    def _index(self, state_id: str) -> int:
        try:
            return self._indices[state_id]
        except (KeyError, TypeError):
            raise IllegalOrder(f"There is no state called {state_id!r}.") from None

    def _observe_spirals(self, arms_control_formed: frozenset) -> list[Event]:
        st = self.state
        # The state's own arrays: the tracker reads them during `update` and keeps none.
        frame = DyadFrame(turn=st.turn, M=st.M, threat=st.threat, rung=st.rung, war=st.war, alive=st.alive,
                          arms_control_formed=arms_control_formed)
        changes = self.tracker.update(frame)
        self.series.record(st, self.tracker.stage)
        out = []
        names = dict(zip(st.ids, st.names))
        for what, ep, stage in changes:
            pair = f"{names[ep.a]} and {names[ep.b]}"
            if what == "started" and ep.mutual:
                text = f"An arms-race spiral has formed between {pair}: both building and each more afraid of the other."
            elif what == "started":
                afraid = ep.fearing[0] if ep.fearing else ep.b
                other = ep.b if afraid == ep.a else ep.a
                text = (f"An arms race has formed between {pair}: both building, {names[afraid]} ever more afraid of "
                        f"{names[other]}, which is not afraid of it.")
            elif what == "stage":
                text = f"The spiral between {pair} is now at the {stage} stage."
            else:
                how = {"calm": "both stopped building", "war": "it ended in war",
                       "arms_control": "an arms-control agreement stopped it"}.get(stage, stage)
                text = f"The spiral between {pair} is over: {how}."
            out.append(Event(turn=st.turn, kind=f"spiral_{what}", actors=(ep.a, ep.b), text=text,
                             data={"stage": stage, "start": ep.start, "fearing": list(ep.fearing),
                                   **({"richardson": ep.richardson} if ep.richardson else {})},
                             cause={"rule": "spiral definition (DESIGN.md §5)"}))
        return out


def advance_together(engines: Sequence[Engine]) -> list[TurnReport]:
    """Resolve the turn of each engine (nobody pending in any), all at once: an experiment's games
    advance together, because the rules' array work costs little more for all of them than for
    one (rules.resolve_turns). Each game's turn is the same as if it advanced alone."""
    for engine in engines:
        engine._ready_to_advance()
    resolved = resolve_turns([engine._turn_to_resolve() for engine in engines])
    return [engine._close_turn(state, events) for engine, (state, events) in zip(engines, resolved)]
