"""The JSON Schema in docs/ matches the models, and the docs describe every field."""
from __future__ import annotations

import json
import re

from game.scenario.models import DOCTRINE_IDS
from game.scenario.schema import json_schema, schema_text
from game.resources import builtin_scenario_ids
from game.scenario.loading import load_scenario

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "scenario.schema.json"
FORMAT_DOC = ROOT / "docs" / "scenario-format.md"


def test_committed_schema_is_up_to_date():
    """docs/scenario.schema.json is what the models give now (regenerate with
    `python -m game.scenario.schema docs/scenario.schema.json`)."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), \
        "docs/scenario.schema.json is stale: run python -m game.scenario.schema docs/scenario.schema.json"


def test_schema_is_json_schema_with_standard_keywords():
    """Editors read the schema: it declares its dialect and uses exclusiveMinimum, not pydantic's `gt`."""
    schema = json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    text = json.dumps(schema)
    assert '"gt"' not in text and '"le"' not in text
    assert schema["$defs"]["World"]["properties"]["offense_defense"]["exclusiveMinimum"] == 0


def test_every_field_has_a_description():
    """Every field of every table explains itself (editors show it on hover; the docs rely on it)."""
    schema = json_schema()
    for name, table in schema["$defs"].items():
        for field, spec in table.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_format_doc_mentions_every_field():
    """docs/scenario-format.md covers every key of every table."""
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    schema = json_schema()
    for name, table in schema["$defs"].items():
        for field in table.get("properties", {}):
            assert re.search(rf"`{re.escape(field)}`", doc), f"docs/scenario-format.md does not mention `{field}` ({name})"
    for doctrine in DOCTRINE_IDS:
        assert doctrine in doc


def test_builtin_scenarios_are_valid():
    """Every shipped scenario, and each of its variants, loads."""
    for sid in builtin_scenario_ids():
        sc = load_scenario(sid)
        for variant in sc.variants:
            assert load_scenario(f"{sid}:{variant.id}").scenario.variant == variant.id


def test_annotated_example_in_the_docs_is_valid():
    """The annotated example of docs/scenario-format.md loads (the docs never show a broken file as good)."""
    from game.scenario.loading import parse_scenario

    doc = FORMAT_DOC.read_text(encoding="utf-8")
    section = doc.split("## An annotated example", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    sc = parse_scenario(example, "docs example")
    assert sc.id == "three_rivals" and len(sc.states) == 3
