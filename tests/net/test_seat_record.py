"""What a team's laptop draws in a class game, with a real host and clients on 127.0.0.1: the
"What they said to you" box holds what the same local game would show that state, and a laptop
that joins late, or drops and rejoins, draws the charts and logs of one there all along."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.net.host import Host
from game.net.protocol import SeatHistory, TurnResolved
from game.ui.dispatches import statements_html
from game.ui.picture import for_player
from tests.net.helpers import TIMEOUT, Laptop, in_threads, world

SEED = 7
SPIRALS_SEED = 11  # random:5: a spiral about seat 0 from turn 1, its stages reported on turns 3, 4 and 6
TURNS = 8


def _host(scenario, remote, seed: int = SEED) -> Host:
    return Host(scenario=scenario, seed=seed, remote=remote).start()


def _heard(engine, sid) -> list[tuple[int, str, str]]:
    """Every reason a rival gave about `sid`, straight from the host's records."""
    return [(rec.turn, speaker, r["summary"]) for rec in engine.records for speaker, exp in rec.explanations.items()
            if isinstance(exp, dict) and speaker != sid
            for r in exp.get("reasons") or [] if r.get("target") == sid and r.get("summary")]


def test_a_remote_seat_hears_what_the_local_game_shows_that_state_and_nothing_else():
    """Each remote seat's statements box holds exactly what the local game's picture of that
    state holds, turn by turn; no seat is sent what the AIs said to another seat."""
    scenario = world("random:4", turns=TURNS)
    seats = scenario.state_ids[:2]
    with _host(scenario, seats) as host:
        codes = host.codes()
        laptops = in_threads({sid: lambda c=codes[sid]: Laptop(host.address, c).play() for sid in seats})
        assert host.wait(TIMEOUT)
        engine = host.match.engine
        for sid in seats:
            laptop = laptops[sid]
            laptop.close()
            remote, local = for_player(laptop.session.engine, sid), host.call(lambda s=sid: for_player(engine, s))
            assert remote.statements == local.statements
            for turn in range(1, TURNS + 1):  # the box as it read after each turn
                assert statements_html(replace(remote, turn=turn)) == statements_html(replace(local, turn=turn))
            sent = [(s.turn, s.speaker, s.text) for m in laptop.messages(TurnResolved) for s in m.said]
            assert sent == _heard(engine, sid)
    assert all(_heard(engine, sid) for sid in seats)  # the AIs spoke to both seats: the test can tell them apart


def _screen_data(laptop: Laptop, sid: str) -> dict:
    """What the laptop's screens draw from: the picture's history, events, statements, spirals."""
    pic = for_player(laptop.session.engine, sid)
    h = pic.history
    return {
        "turn": pic.turn, "turns": h.turns, "arms": h.arms, "threat": h.threat, "belief": h.belief, "rung": h.rung,
        "alive": h.alive, "output": h.output, "stage": pic.stage,
        "events": [e.to_dict() for e in pic.events], "statements": pic.statements, "episodes": pic.episodes,
    }


def _assert_same(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for key, value in want.items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(got[key], value), key
        else:
            assert got[key] == value, key


@pytest.fixture(scope="module")
def there_all_along():
    """The reference: seat 0's laptop connected from the first turn to the last, in a world
    where spirals start early (their episodes must be read in order by a late laptop too)."""
    scenario = world("random:5", turns=TURNS)
    sid = scenario.state_ids[0]
    with _host(scenario, [sid], seed=SPIRALS_SEED) as host:
        laptop = Laptop(host.address, host.codes()[sid]).play()
        laptop.close()
    assert laptop.hashes.keys() == set(range(1, TURNS + 1))
    pic = for_player(laptop.session.engine, sid)
    assert pic.episodes and pic.episodes[0].start < 4 and pic.statements  # the test can tell a late laptop apart
    return scenario, sid, laptop


def test_b_a_laptop_that_joins_late_draws_what_one_there_all_along_draws(there_all_along):
    """Another computer played turns 1-6; the team's laptop joins at turn 7 and ends with the
    same charts, events, statements and spirals as a laptop connected from the start."""
    scenario, sid, reference = there_all_along
    with _host(scenario, [sid], seed=SPIRALS_SEED) as host:
        code = host.codes()[sid]
        Laptop(host.address, code).play(stop_at=7).close()
        late = Laptop(host.address, code).play()
        late.close()
    assert late.hashes == {t: h for t, h in reference.hashes.items() if t >= 7}  # the same game from turn 7
    assert late.messages(SeatHistory)[0].turn == 6
    _assert_same(_screen_data(late, sid), _screen_data(reference, sid))


def test_b_a_laptop_that_drops_and_rejoins_catches_up_on_the_turns_it_missed(there_all_along):
    """The laptop drops after turn 3; while it is away the seat plays turns 4-5 from another
    computer; back with the same record, it draws what a laptop there all along draws."""
    scenario, sid, reference = there_all_along
    with _host(scenario, [sid], seed=SPIRALS_SEED) as host:
        code = host.codes()[sid]
        laptop = Laptop(host.address, code).play(stop_at=4)
        laptop.close()
        Laptop(host.address, code).play(stop_at=6).close()
        back = Laptop(host.address, code, session=laptop.session).play()
        back.close()
    # the same game, and the laptop really missed turns 4 and 5
    assert {**laptop.hashes, **back.hashes} == {t: reference.hashes[t] for t in (1, 2, 3, 6, 7, 8)}
    _assert_same(_screen_data(back, sid), _screen_data(reference, sid))


def test_c_the_history_a_seat_is_sent_holds_only_what_it_could_see():
    """A late joiner's history: the events it could see (no other seat's intelligence or offers),
    its own row of perceptions only, and what was said to it."""
    scenario = world("random:4", turns=TURNS)
    sid = scenario.state_ids[0]
    with _host(scenario, [sid]) as host:
        code = host.codes()[sid]
        Laptop(host.address, code).play(stop_at=6).close()
        late = Laptop(host.address, code).play(stop_at=6)
        late.close()
        engine = host.match.engine
        history = late.messages(SeatHistory)[0]
        private_to_others = [e for e in engine.events if not e.visible(sid)]
        assert private_to_others  # the test can fail: others had private events by turn 5
        assert history.events == [e.to_dict() for e in engine.events_for(sid)]
        assert all(e.get("visible_to") is None or sid in e["visible_to"] for e in history.events)
        n = len(engine.ids)
        assert history.threat.shape == history.belief.shape == [6, n]  # one row a turn: its own
        assert [(s.turn, s.speaker, s.text) for s in history.said] == _heard(engine, sid)
        assert not any('"seat_history"' in f and '"my_type"' in f for f in late.client.frames)  # not a view
