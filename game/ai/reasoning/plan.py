"""One turn's plan: the orders a state gives, each checked against the rules and the orders
before it, with the reason for each, and the readings of the view that several decisions share."""
from __future__ import annotations

import math
from typing import Callable

from game.ai.reasoning import threat as th
from game.ai.reasoning.reasons import Explanation, Reason
from game.core import combat
from game.core.commands import Order, target_of
from game.core.perception import NOISE_PERSISTENCE, THREAT_RANGE
from game.core.rules import check_order, offers_open
from game.core.view import View
from game.errors import IllegalOrder

NO_ACTS: frozenset[str] = frozenset()  # (the acts of a state that aimed none at me)


class TurnReading:
    """The readings of the public record every state's plan makes alike, made once a turn for
    all of them (View.shared): the public arrays as tuples, and what follows from them alone.

    What follows from arrays unchanged since the game's last reading is taken from it: the core
    hands on the very tuples of a public array whose values have not changed (View.lists), so a
    reading made of the same tuple objects is the same reading. (The map never changes in a game,
    and who is alive, who holds a second strike and who is bound to defend another seldom do.)
    The last reading is kept for each game, found by its map's tuple: a batch worker plays its
    games in step, so the reading made just before is most often another game's."""

    __slots__ = ("rivals_of", "N", "reputation", "mobilised", "pact", "guarantee", "war", "dist", "geo",
                 "threat_made", "rung", "second_strike", "proximity", "ac_open", "bound", "nuclear_rivals_of",
                 "arms_control", "pledge_until", "transparent_until", "broke_faith", "last_peace", "alive")

    def __init__(self, view: View):
        lists = view.lists
        self.alive = alive = lists("alive")
        self.N, self.reputation, self.mobilised = lists("N"), lists("reputation"), lists("mobilised")
        self.pact, self.guarantee, self.war = lists("pact"), lists("guarantee"), lists("war")
        self.dist, self.geo, self.threat_made, self.rung = lists("dist"), lists("geo"), lists("threat_made"), lists("rung")
        last = _last_readings.get(id(self.dist))  # this game's last reading, if kept
        # and those one decision reads, each in every plan (signals; the budget; start_war)
        self.arms_control, self.pledge_until = lists("arms_control"), lists("pledge_until")
        self.transparent_until, self.broke_faith, self.last_peace = (
            lists("transparent_until"), lists("broke_faith"), lists("last_peace"))
        same_alive = last is not None and last.alive is alive
        if same_alive:
            self.rivals_of = last.rivals_of
        else:
            living = [k for k, is_alive in enumerate(alive) if is_alive]
            # [i]: every other state still alive (View.rivals of i's view)
            self.rivals_of: tuple[tuple[int, ...], ...] = tuple(
                [tuple([k for k in living if k != i]) for i in range(view.n)])
        if same_alive and last.N is self.N:
            self.second_strike, self.nuclear_rivals_of = last.second_strike, last.nuclear_rivals_of
        else:
            # [j]: does j hold a survivable second strike (asked of every rival weighed for a war)?
            self.second_strike: tuple[bool, ...] = tuple(map(combat.second_strike, self.N))
            # [i]: i's living rivals with a survivable second strike (in most worlds, none)
            self.nuclear_rivals_of: tuple[tuple[int, ...], ...] = tuple(
                tuple([k for k in rivals if self.second_strike[k]]) for rivals in self.rivals_of)
        if last is not None and last.dist is self.dist:
            self.proximity = last.proximity
        else:
            # [i][j]: how near j is to i as a threat, exp(−dist/ℓ) (arms, threat and alliances weigh it)
            self.proximity: tuple[tuple[float, ...], ...] = tuple(
                tuple([math.exp(-d / THREAT_RANGE) for d in row]) for row in self.dist)
        if last is not None and last.pact is self.pact and last.guarantee is self.guarantee:
            self.bound = last.bound
        else:
            # [k]: is k bound to defend another (a pact or a guarantee)?
            self.bound: tuple[bool, ...] = tuple([any(p) or any(g) for p, g in zip(self.pact, self.guarantee)])
        # [i][j]: does i's arms-control offer to j stand?
        self.ac_open: tuple[tuple[bool, ...], ...] = tuple(map(tuple, offers_open(view, "arms_control").tolist()))
        if len(_last_readings) >= _READINGS_KEPT:
            _last_readings.clear()
        _last_readings[id(self.dist)] = self


# The last TurnReading made of each game, by the id of its `dist` tuple (a game's map is one tuple
# for the whole game). The entry holds that tuple, so while it is kept no other object can take its
# id; and a reading is reused only for the very tuples it was made of, so never for another game.
_last_readings: dict[int, TurnReading] = {}
_READINGS_KEPT = 64  # (past that many games, the readings kept are dropped and made anew)
_TURN_READING = ("ai", "turn_reading")  # its key in the views' shared cache


def turn_reading(view: View) -> TurnReading:
    """This turn's TurnReading, shared by every state's plan."""
    return view.shared(_TURN_READING, TurnReading)


class Plan:
    """Orders being gathered with their reasons. A reason is given as a sentence function of
    game.ai.reasoning.explain and the facts it needs, and written only when explanations are
    wanted (batch experiments switch them off)."""

    # (Slots: a plan holds more attributes than an instance keeps without a dict of its own, and
    # the decisions read them many times a turn.)
    __slots__ = ("view", "orders", "explain", "exp", "_cache", "_attack_chance", "_defence", "_hold_chance",
                 "_resolve", "_given", "my_M", "M_est", "mu_est", "belief", "threat", "public", "rivals", "N",
                 "reputation", "mobilised", "pact", "guarantee", "war", "dist", "geo", "threat_made", "rung",
                 "second_strike", "proximity", "ac_open", "bound", "nuclear_rivals", "war_row", "pact_row",
                 "fronts", "at_war", "n_pacts")

    def __init__(self, view: View, doctrine: str, explain: bool = True):
        self.view = view
        self.orders: list[Order] = []
        self.explain = explain
        self.exp = Explanation(state=view.my_id, doctrine=doctrine) if explain else None
        self._cache: dict = {}
        # Readings of each rival asked by several decisions, made on first use ([j]: None until then).
        n = view.n
        self._attack_chance: list[float | None] = [None] * n  # asked by crises, war and signals
        self._defence: list[tuple[float, float] | None] = [None] * n
        self._hold_chance: list[float | None] = [None] * n  # asked by war_chosen (crises) and start_war
        self._resolve: list[float | None] = [None] * n  # asked by crises, start_war and signals
        self._given: set[tuple[str, str | None]] = set()  # (kind, target) and (kind, None) of every order
        me = view.me
        self.my_M: float = view.my_M  # (a property of the view, summing my forces: read once)
        # The view's arrays that several decisions read, as plain tuples (View.lists): [j] about
        # state j, or [i][j] for a dyad. Mine are read once; the public ones, once a turn for
        # every state's plan (TurnReading).
        lists = view.lists
        self.M_est, self.mu_est, self.belief, self.threat = lists("M_est"), lists("mu_est"), lists("belief"), lists("threat")
        self.public = public = turn_reading(view)
        self.rivals: tuple[int, ...] = public.rivals_of[me]
        self.N, self.reputation, self.mobilised = public.N, public.reputation, public.mobilised
        self.pact, self.guarantee, self.war = public.pact, public.guarantee, public.war
        self.dist, self.geo, self.threat_made, self.rung = public.dist, public.geo, public.threat_made, public.rung
        self.second_strike = public.second_strike
        self.proximity = public.proximity
        self.ac_open = public.ac_open
        self.bound = public.bound
        self.nuclear_rivals = public.nuclear_rivals_of[me]
        self.war_row: tuple[bool, ...] = self.war[me]
        self.pact_row: tuple[bool, ...] = self.pact[me]
        self.fronts = sum(self.war_row)
        self.at_war = self.fronts > 0
        self.n_pacts = sum(self.pact_row)

    def is_arming(self, j: int, turns: int = 2) -> bool:
        """Does j seem to be arming: seen growth over `turns` turns at or above the spiral
        threshold and beyond what intelligence noise alone would show (two standard errors)."""
        key = ("arming", turns)
        reading = self._cache.get(key)
        if reading is None:
            view = self.view
            h = view.seen_M
            if len(h) < 2:
                reading = self._cache[key] = ()
            else:
                k = turns if turns < len(h) - 1 else len(h) - 1  # min(turns, len(h) - 1), without the call
                spread = 2 * math.sqrt(2 * (1 - NOISE_PERSISTENCE**k)) / k
                reading = self._cache[key] = (self.seen_forces(0), self.seen_forces(k), view.lists("error"),
                                              view.spiral_threshold, 1.0 / k, spread)
        if not reading:
            return False
        now, then, err, gamma, per_turn, spread = reading
        then_j = then[j]
        g = (now[j] / (1e-9 if then_j < 1e-9 else then_j)) ** per_turn - 1.0
        return g >= gamma and g > spread * err[j]

    def seen_forces(self, turns_ago: int) -> list[float]:
        """Everyone's forces as I saw them `turns_ago` turns before the last (0: the last), as a
        plain list, made once (the power trend of every rival reads the same rows)."""
        key = ("seen", turns_ago)
        if key not in self._cache:
            self._cache[key] = self.view.seen_M[-1 - turns_ago].tolist()
        return self._cache[key]

    def acts_toward_me(self, actor: int) -> set[str] | frozenset[str]:
        """Kinds of the public acts `actor` aimed at me last turn."""
        return self.acts_by_actor().get(actor, NO_ACTS)

    def acts_by_actor(self) -> dict[int, set[str]]:
        """{actor: kinds of the public acts it aimed at me last turn}, for the states that did (read
        once a plan: signals ask it of every rival)."""
        acts = self._cache.get("acts")
        if acts is None:
            view, acts = self.view, {}
            ids, turn = view.ids, view.turn
            me_id = ids[view.me]
            for e in view.events:
                if e.turn == turn and len(e.actors) > 1 and e.actors[1] == me_id and e.actors[0] in ids:
                    acts.setdefault(ids.index(e.actors[0]), set()).add(e.kind)
            self._cache["acts"] = acts
        return acts

    def climbed_alone(self, rival: int) -> bool:
        """Was the last step up our crisis (in the events I saw these last turns) mine alone? Then
        the rival's mobilisation since answers my step; it does not prepare an attack of its own."""
        if "climbed" not in self._cache:
            view, last = self.view, {}
            me_id = view.ids[view.me]
            for e in view.events:  # oldest first: the last step up between two states wins
                if e.kind == "crisis_escalated" and me_id in e.actors:
                    other = e.actors[1] if e.actors[0] == me_id else e.actors[0]
                    last[other] = e.data.get("movers") == [me_id]
            self._cache["climbed"] = last
        return self._cache["climbed"].get(self.view.ids[rival], False)

    @property
    def main_rival(self) -> int | None:
        """The rival (not an ally) I feel most threatened by: the first of the most threatening,
        as max() would pick (cached)."""
        if "main_rival" not in self._cache:
            pact_row, threat, best = self.pact_row, self.threat, None
            for j in self.rivals:
                if not pact_row[j] and (best is None or threat[j] > threat[best]):
                    best = j
            self._cache["main_rival"] = best
        return self._cache["main_rival"]

    @property
    def main_threat(self) -> th.ThreatReading | None:
        """The main rival's threat, read factor by factor (cached)."""
        if "main" not in self._cache:
            best = self.main_rival
            self._cache["main"] = th.reading(self, best) if best is not None else None
        return self._cache["main"]

    def attack_chance(self, j: int) -> float:
        """th.win_probability(plan, j) — my chance of winning a war turn attacking j, its
        defenders counted — read once per decision (crises, war and signals all ask)."""
        chance = self._attack_chance[j]
        if chance is None:
            chance = self._attack_chance[j] = th.win_probability(self, j, defence=self.defence(j))
        return chance

    def defence(self, j: int) -> tuple[float, float]:
        """th.defence_of(plan, j), read once per decision."""
        defence = self._defence[j]
        if defence is None:
            defence = self._defence[j] = th.defence_of(self, j)
        return defence

    def hold_chance(self, j: int) -> float:
        """th.defend_probability(plan, j), read once per decision."""
        chance = self._hold_chance[j]
        if chance is None:
            chance = self._hold_chance[j] = th.defend_probability(self, j)
        return chance

    def resolve(self, j: int) -> float:
        """th.resolve_of(plan, j), read once per decision."""
        resolve = self._resolve[j]
        if resolve is None:
            resolve = self._resolve[j] = th.resolve_of(self, j)
        return resolve

    def give(self, order: Order, why: Callable[..., Reason] | None = None, *facts) -> bool:
        """Give `order` if the rules allow it; its reason is `why(*facts)`."""
        try:
            check_order(self.view, self.view.me, order, self.orders)
        except IllegalOrder:
            return False
        self.orders.append(order)
        kind, target, given = order.kind, target_of(order), self._given
        given.add((kind, None))
        if target is not None:
            given.add((kind, target))
        if why is not None and self.explain:
            r = why(*facts)
            r.order = order.model_dump(mode="json", exclude_none=True)
            self.exp.add(r)
        return True

    def note(self, why: Callable[..., Reason], *facts) -> None:
        """The reason for something not done (holding back, passing the buck)."""
        if self.explain:
            self.exp.add(why(*facts))

    def has(self, kind: str, target: str | None = None) -> bool:
        return (kind, target) in self._given
