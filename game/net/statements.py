"""What a state hears of the others' reasons: the one rule behind a player's "What they said to
you" box, in a local game (game.ui.picture) and in a class game (the host sends each seat what
it hears, protocol.Said).

An AI's reasons are its private reasoning. A state hears only the reasons a rival gave about it
(the decisions targeted at it), as that rival's public statement: never its own reasons, nor a
rival's reasons about anyone else, nor sentences that name no target.
"""
from __future__ import annotations

from typing import Any, Mapping

from game.net.protocol import Said


def said_to(turn: int, explanations: Mapping[str, Any], listener: str) -> list[Said]:
    """What `listener` hears of one turn's reasons (`explanations`: state id -> the reasons the
    engine stored with the turn)."""
    out = []
    for speaker, exp in explanations.items():
        if not isinstance(exp, dict) or speaker == listener:
            continue
        for reason in exp.get("reasons") or []:
            if reason.get("target") == listener and reason.get("summary"):
                out.append(Said(turn=turn, speaker=speaker, text=str(reason["summary"]),
                                decision=str(reason.get("decision", ""))))
    return out
