"""The news as rich text: one event as a coloured line, the dispatches of the last turns, and what
the states said (to a player: about it; to spectators: why each AI did what it did)."""
from __future__ import annotations

from game.theory import GLOSSARY
from game.ui.concepts import GOAL_LINE, concept_tag
from game.ui.picture import Picture
from game.ui.widgets.kit import esc, hexc

EVENT_COLORS = {
    "war": "#FF7A59", "crisis": "#E08CC0", "spiral": "#F0B840", "alliance": "#7CC8F2", "reassure": "#4FD1A5",
}


def event_color(kind: str) -> str | None:
    if kind.startswith(("war", "conquered", "border_clash", "nuclear")):
        return EVENT_COLORS["war"]
    if kind.startswith(("crisis", "threat", "mobilised")):
        return EVENT_COLORS["crisis"]
    if kind.startswith("spiral"):
        return EVENT_COLORS["spiral"]
    if kind.startswith(("pact", "guarantee", "ally", "call")):
        return EVENT_COLORS["alliance"]
    if kind.startswith(("pledge", "unilateral", "transparency", "arms_control", "peace")):
        return EVENT_COLORS["reassure"]
    return None


def event_line(e) -> str:
    col = event_color(e.kind)
    text = esc(e.text)
    if col:
        text = f"<font color='{col}'>{text}</font>"
    return text + concept_tag(e)


def dispatch_html(pic: Picture) -> str:
    """The events of the last five turns, newest first."""
    out = []
    first = max(1, pic.turn - 4)
    for t in range(pic.turn, first - 1, -1):
        events = [e for e in pic.events_of_turn(t) if (e.kind != "war_turn" or t == pic.turn)
                  and not (pic.spectator and e.kind == "intelligence")]
        if not events:
            continue
        out.append(f"<b>Turn {t}</b>")
        for e in events[:14]:
            out.append("• " + event_line(e))
    if not out:
        if pic.turn == 0:
            out.append("<i>Nothing has happened yet. Give your orders and end the turn.</i><br>" + esc(GOAL_LINE)
                       if not pic.spectator else "<i>The first turn is about to be played.</i>")
        else:
            out.append(f"<i>Quiet: nothing {'you could see ' if not pic.spectator else ''}happened in turns "
                       f"{first}–{pic.turn}.</i>")
    return "<br>".join(out)


def statements_html(pic: Picture) -> str:
    statements = pic.statements_of_turn(pic.turn)
    if pic.spectator:
        if not statements:
            return "<i>No AI reasoning recorded for the last turn yet.</i><br><br>" + esc(GLOSSARY["security_dilemma"])
        out = [f"<b>Turn {pic.turn}: why each state did what it did</b>"]
        for s in statements:
            col = hexc(pic.colors[pic.index(s.speaker)])
            out.append(f"<font color='{col}'><b>{esc(pic.name(s.speaker))}</b></font>: {esc(s.text)}")
        return "<br>".join(out)
    if not statements:
        return "<i>No statements about you last turn.</i>"
    out = []
    for s in statements:
        col = hexc(pic.colors[pic.index(s.speaker)])
        out.append(f"<font color='{col}'><b>{esc(pic.name(s.speaker))}</b></font>: “{esc(s.text)}”")
    return "<br>".join(out)
