"""What one screen may show: a player's picture of the world, or a spectator's.

Every scene draws from a `Picture`, never from the engine. `for_player` builds it from that
player's view (`engine.view_for`), the events that player may see, and that player's own row of
the recorded perceptions (what its advisor believed and feared, turn by turn) — nothing of a
rival's true forces, type, budget or beliefs. `for_spectator` (watch mode, the debrief) sees
everything. Building a picture is done once per turn change, not per frame. No pygame here.

AI explanations: an AI's reasons are its private reasoning. A player is shown only the reasons
an AI gives about that player (the decisions targeted at it), presented as that state's public
statement; spectators and the debrief see every reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.core.engine import Engine
from game.core.events import Event
from game.core.rules import legal_orders
from game.core.spirals import STAGES
from game.core.view import View
from game.net.statements import said_to
from game.ui.palette import Color, state_colors


@dataclass(frozen=True)
class Statement:
    turn: int
    speaker: str  # state id
    text: str
    decision: str = ""
    target: str | None = None


@dataclass(frozen=True)
class EpisodeInfo:
    a: str
    b: str
    start: int
    end: int | None
    stage: str  # latest stage
    peak: str
    stages: tuple[tuple[int, str], ...]
    ended_by: str | None
    richardson: dict[str, float]
    tragic: bool | None = None  # known to spectators (and in the debrief) only
    fearing: tuple[str, ...] = ()  # the sides whose fear of the other rose (both: mutual)

    @property
    def mutual(self) -> bool:
        return len(self.fearing) == 2

    @property
    def active(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class History:
    turns: np.ndarray  # (T,)
    arms: np.ndarray  # (T, N) forces as the viewer saw them (own column true)
    threat: np.ndarray  # (T, N, N) [i, j] threat i felt from j; a player gets only its own row
    belief: np.ndarray  # (T, N, N) [i, j] P(j greedy) in i's reading; a player gets only its own row
    tension: np.ndarray | None  # (T, N, N) mutual tension: spectators only
    rung: np.ndarray  # (T, N, N) public
    alive: np.ndarray  # (T, N) public
    output: np.ndarray  # (T, N) public


@dataclass(frozen=True)
class OwnState:
    Y: float
    O: float
    D: float
    s: float
    mu: float
    growth: float
    welfare: float
    prev_M: float
    type: str

    @property
    def M(self) -> float:
        return self.O + self.D


@dataclass(frozen=True)
class Picture:
    viewer: str | None  # None: a spectator sees everything
    scenario_id: str
    title: str
    turn: int
    max_turns: int
    finished: bool
    ids: tuple[str, ...]
    names: tuple[str, ...]
    colors: tuple[Color, ...]
    pos: np.ndarray
    # public, per state
    alive: np.ndarray
    Y: np.ndarray
    N: np.ndarray
    reputation: np.ndarray
    mobilised: np.ndarray
    conquered_by: np.ndarray
    dilemma_score: np.ndarray
    last_move: np.ndarray
    # the viewer's perception, per state (a spectator: the truth)
    forces: np.ndarray
    forces_err: np.ndarray  # one standard error, as a share
    offense_look: np.ndarray
    d_seen: np.ndarray
    belief: np.ndarray  # (N, N); a player's picture holds only its own row
    threat: np.ndarray  # (N, N); a player's picture holds only its own row
    # public, per dyad
    pact: np.ndarray
    guarantee: np.ndarray
    arms_control: np.ndarray
    rung: np.ndarray
    war: np.ndarray
    war_attacker: np.ndarray
    stage: np.ndarray  # spiral stage index (STAGES), public like the spiral events
    # the world as the viewer believes it to be
    omega: float
    distinguishability: float
    dilemma: bool
    payoffs: tuple[float, float, float, float]
    history: History
    events: tuple[Event, ...]
    statements: tuple[Statement, ...]
    episodes: tuple[EpisodeInfo, ...]
    own: OwnState | None = None
    view: View | None = None
    legal: tuple = ()
    types: tuple[str, ...] | None = None  # hidden types: spectators only
    extra: dict[str, Any] = field(default_factory=dict)

    # --- helpers the scenes use ------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def me(self) -> int | None:
        return None if self.viewer is None else self.ids.index(self.viewer)

    @property
    def spectator(self) -> bool:
        return self.viewer is None

    def index(self, sid: str) -> int:
        return self.ids.index(sid)

    def name(self, sid: str) -> str:
        return self.names[self.ids.index(sid)]

    def rivals(self) -> list[int]:
        me = self.me
        return [k for k in range(self.n) if k != me and self.alive[k]]

    def events_of_turn(self, turn: int) -> list[Event]:
        return [e for e in self.events if e.turn == turn]

    def statements_of_turn(self, turn: int) -> list[Statement]:
        return [s for s in self.statements if s.turn == turn]

    def link_kind(self, i: int, j: int) -> str | None:
        """Which link style the dyad gets on the map (None: no link)."""
        if not (self.alive[i] and self.alive[j]):
            return None
        if self.war[i, j]:
            return "war"
        stage = STAGES[int(self.stage[i, j])]
        if self.rung[i, j] >= 2 or stage == "crisis":
            return "crisis"
        if stage in ("emerging", "spiral", "runaway"):
            return stage
        if self.pact[i, j]:
            return "alliance"
        if self.arms_control[i, j]:
            return "arms_control"
        return None


def _episodes(engine: Engine, reveal: bool) -> tuple[EpisodeInfo, ...]:
    greedy = dict(zip(engine.state.ids, engine.state.greedy))
    out = []
    for ep in engine.tracker.episodes:
        stages = tuple((int(t), str(s)) for t, s in ep.stages)
        out.append(EpisodeInfo(
            a=ep.a, b=ep.b, start=int(ep.start), end=None if ep.end is None else int(ep.end),
            stage=stages[-1][1] if stages else "emerging", peak=ep.peak, stages=stages, ended_by=ep.ended_by,
            richardson=dict(ep.richardson), fearing=tuple(ep.fearing),
            tragic=(not greedy[ep.a] and not greedy[ep.b]) if reveal else None,
        ))
    return tuple(out)


def _statements(engine: Engine, viewer: str | None) -> tuple[Statement, ...]:
    """A player hears what the rivals said to it (game.net.statements, the rule a class game's
    host applies too); a spectator reads every reason."""
    out = []
    for rec in engine.records:
        if viewer is not None:
            out += [Statement(s.turn, s.speaker, s.text, s.decision, viewer)
                    for s in said_to(rec.turn, rec.explanations, viewer)]
            continue
        for sid, exp in rec.explanations.items():
            if not isinstance(exp, dict):
                continue
            reasons = exp.get("reasons") or []
            if reasons:
                for r in reasons:
                    out.append(Statement(rec.turn, sid, str(r.get("summary", "")), str(r.get("decision", "")),
                                         r.get("target")))
            else:
                for s in exp.get("sentences") or []:
                    out.append(Statement(rec.turn, sid, str(s)))
    return tuple(out)


def for_player(engine: Engine, viewer: str) -> Picture:
    """Only what `viewer` may know."""
    view = engine.view_for(viewer)
    me = view.me
    s = engine.series
    T = s.length
    n = view.n
    own_rows = lambda name: _only_row(s[name][:T], me)  # noqa: E731
    history = History(
        turns=s.turns[:T].copy(),
        arms=np.array(view.seen_M, dtype=float)[:T],
        threat=own_rows("threat"),
        belief=own_rows("belief"),
        tension=None,
        rung=s["rung"].copy(),
        alive=s["alive"].copy(),
        output=s["Y"].copy(),
    )
    belief = np.zeros((n, n))
    belief[me] = view.belief
    threat = np.zeros((n, n))
    threat[me] = view.threat
    own = OwnState(Y=view.my_Y, O=view.my_O, D=view.my_D, s=view.my_s, mu=view.my_mu, growth=view.my_growth,
                   welfare=view.my_welfare, prev_M=view.my_prev_M, type=view.my_type)
    sc = engine.scenario
    return Picture(
        viewer=viewer, scenario_id=sc.id, title=sc.scenario.title, turn=view.turn, max_turns=view.max_turns,
        finished=engine.finished, ids=view.ids, names=view.names, colors=tuple(state_colors(view.colors)),
        pos=np.array(view.pos), alive=np.array(view.alive), Y=np.array(view.Y), N=np.array(view.N),
        reputation=np.array(view.reputation), mobilised=np.array(view.mobilised),
        conquered_by=np.array(view.conquered_by), dilemma_score=np.array(view.dilemma_score),
        last_move=np.array(view.last_move),
        forces=np.array(view.M_est), forces_err=np.array(view.error), offense_look=np.array(view.mu_est),
        d_seen=np.array(view.distinguishability_seen), belief=belief, threat=threat,
        pact=np.array(view.pact), guarantee=np.array(view.guarantee), arms_control=np.array(view.arms_control),
        rung=np.array(view.rung), war=np.array(view.war), war_attacker=np.array(view.war_attacker),
        stage=engine.tracker.stage.copy(),
        omega=view.omega, distinguishability=view.distinguishability, dilemma=view.dilemma, payoffs=view.payoffs,
        history=history, events=tuple(engine.events_for(viewer)), statements=_statements(engine, viewer),
        episodes=_episodes(engine, reveal=False), own=own, view=view, legal=tuple(legal_orders(view)),
    )


def _only_row(arr: np.ndarray, me: int) -> np.ndarray:
    out = np.zeros_like(arr)
    out[:, me, :] = arr[:, me, :]
    return out


def for_spectator(engine: Engine) -> Picture:
    """Everything: watch mode and the debrief."""
    st = engine.state
    s = engine.series
    T = s.length
    sigma = np.zeros(st.n)
    from game.core.perception import sigmoid

    history = History(
        turns=s.turns[:T].copy(), arms=s["M"].copy(), threat=s["threat"].copy(), belief=s["belief"].copy(),
        tension=s["tension"].copy(), rung=s["rung"].copy(), alive=s["alive"].copy(), output=s["Y"].copy(),
    )
    sc = engine.scenario
    return Picture(
        viewer=None, scenario_id=sc.id, title=sc.scenario.title, turn=st.turn, max_turns=st.max_turns,
        finished=engine.finished, ids=st.ids, names=st.names, colors=tuple(state_colors(st.colors)),
        pos=st.pos.copy(), alive=st.alive.copy(), Y=st.Y.copy(), N=st.N.copy(), reputation=st.reputation.copy(),
        mobilised=st.mobilised.copy(), conquered_by=st.conquered_by.copy(), dilemma_score=st.dilemma_score.copy(),
        last_move=st.last_move.copy(),
        forces=st.M.copy(), forces_err=sigma, offense_look=st.mu.copy(), d_seen=np.full(st.n, st.distinguishability),
        belief=sigmoid(st.belief) * (1 - np.eye(st.n)), threat=st.threat.copy(),
        pact=st.pact.copy(), guarantee=st.guarantee.copy(), arms_control=st.arms_control.copy(), rung=st.rung.copy(),
        war=st.war.copy(), war_attacker=st.war_attacker.copy(), stage=engine.tracker.stage.copy(),
        omega=st.omega_perceived, distinguishability=st.distinguishability, dilemma=st.dilemma, payoffs=st.payoffs,
        history=history, events=tuple(engine.events), statements=_statements(engine, None),
        episodes=_episodes(engine, reveal=True),
        types=tuple("greedy" if g else "security_seeker" for g in st.greedy),
        extra={"true_omega": st.omega},
    )


# ---------------------------------------------------------------------------------------------
# Spiral episodes as an action–reaction chain


@dataclass(frozen=True)
class ChainRow:
    turn: int
    arms_a: float
    arms_b: float
    growth_a: float
    growth_b: float
    belief_ab: float | None  # a's reading of b (None: not the viewer's to know)
    belief_ba: float | None
    threat_ab: float | None
    threat_ba: float | None
    events: tuple[str, ...]
    stage: str


def _in_chain(e: Event, a: str, b: str) -> bool:
    """Acts of either side, and each side's intelligence reports about the other."""
    if e.kind.startswith("spiral_") or e.kind == "war_turn":
        return False
    if e.kind == "intelligence":
        return set(e.actors[:2]) == {a, b}
    return a in e.actors or b in e.actors


def episode_chain(pic: Picture, ep: EpisodeInfo) -> list[ChainRow]:
    """Turn by turn, from two turns before the episode began: who moved, how the other read it,
    how it answered. Readings are filled in only where the viewer may know them."""
    a, b = pic.index(ep.a), pic.index(ep.b)
    h = pic.history
    turns = list(h.turns)
    first = max(0, ep.start - 2)
    last = ep.end if ep.end is not None else pic.turn
    stage_at = {}
    current = "calm"
    stages = dict(ep.stages)
    rows = []
    for t in range(first, last + 1):
        if t not in turns:
            continue
        k = turns.index(t)
        if t in stages:
            current = stages[t]
        elif t >= ep.start and current == "calm":
            current = "emerging"
        stage_at[t] = current
        prev = max(k - 1, 0)
        ga = (h.arms[k, a] - h.arms[prev, a]) / max(h.arms[prev, a], 1e-9) if k else 0.0
        gb = (h.arms[k, b] - h.arms[prev, b]) / max(h.arms[prev, b], 1e-9) if k else 0.0

        def known(i: int) -> bool:
            return pic.spectator or pic.me == i

        rows.append(ChainRow(
            turn=t, arms_a=float(h.arms[k, a]), arms_b=float(h.arms[k, b]), growth_a=float(ga), growth_b=float(gb),
            belief_ab=float(h.belief[k, a, b]) if known(a) else None,
            belief_ba=float(h.belief[k, b, a]) if known(b) else None,
            threat_ab=float(h.threat[k, a, b]) if known(a) else None,
            threat_ba=float(h.threat[k, b, a]) if known(b) else None,
            events=tuple(e.text for e in pic.events_of_turn(t) if _in_chain(e, ep.a, ep.b)),
            stage=current if t >= ep.start else "calm",
        ))
    return rows
