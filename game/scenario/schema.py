"""The scenario format as a JSON Schema, for editors that check a TOML file as it is typed
(docs/scenario.schema.json). Regenerate it after changing the models with

    python -m game.scenario.schema docs/scenario.schema.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from game.scenario.models import Scenario


def json_schema() -> dict:
    """The JSON Schema of the scenario format (docs/scenario.schema.json)."""
    schema = Scenario.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def write_json_schema(path: str | Path) -> Path:
    """Write the JSON Schema where editors (and docs/) can find it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "docs/scenario.schema.json"
    print(f"wrote {write_json_schema(target)}")
