"""Every AI decision carries its reasons: factors with sizes, the belief behind it, and a
sentence a player can read; `simulate --explain` prints them."""
from __future__ import annotations

import re

from game.cli import main
from game.match.games import run_game
from tests.ai.helpers import reasons, scenario


def _game(seed: int = 3):
    sc = scenario(3, turns=12, seed=seed, world=dict(offense_defense=1.6, distinguishability=0.2, intel_noise=0.2),
                  cerulia={"type": "greedy"})
    return run_game(sc, seed=seed).engine


def test_every_ai_turn_has_an_arms_reason_with_a_sentence():
    """Each AI explains its budget every turn in a sentence that names it."""
    eng = _game()
    names = dict(zip(eng.ids, eng.state.names))
    for rec in eng.records:
        for sid in eng.ids:
            exp = rec.explanations.get(sid)
            if exp is None:
                continue
            arms = [r for r in exp["reasons"] if r["decision"] == "arms"]
            assert len(arms) == 1
            assert arms[0]["summary"].startswith(names[sid])
            assert arms[0]["order"]["kind"] == "budget"


def test_raising_arms_is_explained_by_a_belief_and_its_evidence():
    """"X ordered its arms up 14 %: going into this turn it believes Y is 62 % likely to be greedy —
    by its estimate Y's forces grew about 9 % last turn (± 6 %); Y's forces look 70 % offensive":
    the belief is said to be the one the decision was taken on, and an estimate carries its error."""
    eng = _game()
    raised = [r for r in reasons(eng) if r["decision"] == "arms" and " ordered its arms up " in r["summary"]]
    assert raised
    for r in raised:
        assert re.search(r"ordered its arms up \d+ %: going into this turn it believes \w+ is \d+ % likely to be greedy — ",
                         r["summary"])
        assert re.search(r"by its estimate \w+'s forces grew about \d+ % last turn \(± \d+ %\)", r["summary"]) \
            or "offensive" in r["summary"] or "distinguishability" in r["summary"]
        assert 0.0 <= r["belief"] <= 1.0
        assert {f["name"] for f in r["factors"]} >= {"belief", "offense_seen", "distinguishability", "reaction"}


def test_a_greedy_states_sentences_do_not_give_its_type_away():
    """Ambition is a factor for the debrief, never a phrase in what the state says."""
    eng = _game()
    greedy = [sid for sid, g in zip(eng.ids, eng.state.greedy) if g]
    for r in reasons(eng):
        if r["state"] in greedy and r["decision"] == "arms":
            assert "more than security" not in r["summary"]
            assert any(f["name"] == "ambition" for f in r["factors"])


def test_simulate_explain_prints_the_reasons(capsys):
    """`python main.py simulate two_neighbours --turns 3 --explain` prints each AI's reasons."""
    assert main(["simulate", "two_neighbours", "--turns", "3", "--seed", "1", "--explain"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"> (Rubria|Verdia) (ordered|kept|let|held)", out)
