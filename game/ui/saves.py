"""Save files as the player sees them: the name a manual save gets, and the line the load window
shows for a file (read back from that name)."""
from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path


def save_name(scenario_id: str, turn: int) -> str:
    return f"{scenario_id}-{time.strftime('%Y%m%d-%H%M%S')}-t{turn:03d}.json"


def describe_save(path: Path) -> str:
    when = _dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d %b %H:%M")
    kind = "autosave" if path.name.startswith("autosave-") else "save"
    stem = path.stem.replace("autosave-", "")
    parts = stem.split("-")
    turn = next((p[1:] for p in reversed(parts) if p.startswith("t") and p[1:].isdigit()), "")
    scen = parts[0] if parts else stem
    return f"{when} · {scen} · turn {int(turn) if turn else '?'} · {kind}"

