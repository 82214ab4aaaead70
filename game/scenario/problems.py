"""What is wrong with a scenario, in a teacher's words.

`Problem` is one thing wrong, with where it is (`states.rubria.economy`, a line once the loader
knows it), what was written and what is allowed. pydantic's validation errors become Problems
here, read against the model's JSON Schema so that ranges and choices are said the way the
models state them; `reference_problems` checks the cross-references of raw file data (ids named
in alliances, terrain, guarantees and variants; duplicated ids) that pydantic cannot check field
by field.
"""
from __future__ import annotations

import functools
from typing import Any, Iterable, Optional

from pydantic import BaseModel, ValidationError

from game.errors import did_you_mean as _did_you_mean
from game.scenario.patterns import PATTERN_WORDS
from game.scenario.toml_values import read_value, toml_repr


class Problem(BaseModel):
    """One thing wrong with a scenario, in a teacher's words.

    `loc` is where it is in the data (list positions as indices, as pydantic gives them); `path`
    is how a teacher reads it (`states.rubria.economy`, `alliances[2].members`); `line` is the
    line of the file (filled in by the loader)."""

    loc: tuple[str | int, ...]
    message: str
    value: object = None
    allowed: str = ""
    path: str = ""
    line: Optional[int] = None
    column: Optional[int] = None
    hint: str = ""

    def describe(self, source: str) -> str:
        """Two lines: where and what is wrong, then what was written and what is allowed.

            my.toml, line 27, states.verdia.economy: must be more than 0.
                You wrote -5; allowed: a number more than 0 and at most 1000000.
        """
        where = source
        if self.line is not None:
            where += f", line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
        if self.path:
            where += f", {self.path}"
        text = f"{where}: {self.message}"
        if not text.endswith((".", "?", "!")):
            text += "."
        extra = []
        if self.value is not None:
            extra.append(f"You wrote {toml_repr(self.value)}")
        if self.allowed:
            extra.append(f"allowed: {self.allowed}" if extra else f"Allowed: {self.allowed}")
        if extra:
            text += "\n    " + "; ".join(extra) + "."
        if self.hint:
            text += f"\n    Hint: {self.hint}."
        return text


def reference_problems(data: Any) -> list[Problem]:
    """The cross-reference checks on raw file data (a dict as read from TOML), tolerant of
    anything malformed (pydantic reports that), so that `check` can report references together
    with range problems in one go."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return problems
    states = data.get("states") if isinstance(data.get("states"), list) else []
    ids = [s.get("id") for s in states if isinstance(s, dict) and isinstance(s.get("id"), str)]
    known = set(ids)
    listed = ", ".join(ids) if ids else "(no state has a valid id yet)"

    seen: set[str] = set()
    for i, s in enumerate(states):
        if isinstance(s, dict) and isinstance(s.get("id"), str):
            if s["id"] in seen:
                problems.append(Problem(loc=("states", i, "id"), message="two states have the same id", value=s["id"],
                                        allowed="a different id for every state"))
            seen.add(s["id"])

    def check_ref(loc: tuple, ref: Any) -> None:
        if isinstance(ref, str) and ref not in known:
            problems.append(Problem(loc=loc, message=f"names {toml_repr(ref)}, which is not a state of this scenario"
                                    + _did_you_mean(ref, ids), allowed="one of: " + listed))

    def entries(key: str) -> Iterable[tuple[int, dict]]:
        items = data.get(key)
        if isinstance(items, list):
            for n, item in enumerate(items):
                if isinstance(item, dict):
                    yield n, item

    for a, pair in entries("alliances"):
        members = pair.get("members")
        if isinstance(members, list):
            for m, member in enumerate(members):
                check_ref(("alliances", a, "members", m), member)
            named = [m for m in members if isinstance(m, str)]
            if len(set(named)) != len(named):
                problems.append(Problem(loc=("alliances", a, "members"), message="names the same state twice",
                                        value=members, allowed="different states"))
    for g, gu in entries("guarantees"):
        for role in ("guarantor", "protege"):
            check_ref(("guarantees", g, role), gu.get(role))
        if isinstance(gu.get("protege"), str) and gu.get("guarantor") == gu.get("protege"):
            problems.append(Problem(loc=("guarantees", g, "protege"), message="a state cannot guarantee itself",
                                    value=gu["protege"], allowed="another state"))
    for kind in ("terrain", "rivalries"):
        for t, entry in entries(kind):
            between = entry.get("between")
            if isinstance(between, (list, tuple)):
                for m, member in enumerate(between):
                    check_ref((kind, t, "between", m), member)
                if len(between) == 2 and between[0] == between[1]:
                    problems.append(Problem(loc=(kind, t, "between"), message="needs two different states",
                                            value=list(between), allowed="two different state ids"))
    positions: dict[tuple, str] = {}
    for i, s in enumerate(states):
        pos = s.get("position") if isinstance(s, dict) else None
        if (isinstance(pos, (list, tuple)) and len(pos) == 2
                and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in pos)):
            key = (round(pos[0], 3), round(pos[1], 3))
            if key in positions:
                problems.append(Problem(loc=("states", i, "position"),
                                        message=f"is the same place as {positions[key]!r}; states need room on the map",
                                        value=list(pos), allowed="a different position"))
            else:
                positions[key] = s.get("id", f"state {i + 1}")
    if isinstance(data.get("dilemma"), dict) and len(states) != 2:
        problems.append(Problem(loc=("dilemma",), message="the repeated dilemma is played by exactly two states",
                                value=len(states), allowed="exactly 2 [[states]]"))

    variant_ids: set[str] = set()
    for v, variant in entries("variants"):
        vid = variant.get("id")
        if isinstance(vid, str):
            if vid in variant_ids:
                problems.append(Problem(loc=("variants", v, "id"), message="two variants have the same id", value=vid,
                                        allowed="a different id for every variant"))
            variant_ids.add(vid)
        changes = variant.get("states")
        if isinstance(changes, dict):
            for sid in changes:
                if sid not in known:
                    problems.append(Problem(loc=("variants", v, "states", sid),
                                            message=f"names {toml_repr(sid)}, which is not a state of this scenario"
                                            + _did_you_mean(sid, ids), allowed="one of: " + listed))
    return problems


def problems_from_validation(err: ValidationError, data: Any, model: type[BaseModel]) -> list[Problem]:
    """pydantic's errors as Problems in plain words ("must be more than 0", not "Input should be
    greater than 0"), each with the field's path (states by id) and what is allowed. `model` is
    the scenario model whose schema says what each field allows."""
    return [explain_error(e, data, model) for e in err.errors(include_url=False)]


def explain_error(e: dict, data: Any, model: type[BaseModel]) -> Problem:
    """One pydantic error (a dict of `ValidationError.errors()`, loc relative to the scenario) as
    a Problem. Errors of other models (a save's turns) get the same plain words, without the
    scenario-specific "allowed"."""
    message, value, allowed, loc = _explain(e, tuple(e["loc"]), data, _reader(model))
    return Problem(loc=loc, message=message, value=value, allowed=allowed, path=field_path(loc, data))


_ORDINAL = {0: "first", 1: "second", 2: "third"}


def _explain(e: dict, loc: tuple, data: Any, reader: SchemaReader) -> tuple[str, Any, str, tuple]:
    """(message, value written, what is allowed, loc to report) for one pydantic error."""
    kind = e["type"]
    ctx = e.get("ctx") or {}
    value = e.get("input")
    # An item inside a value list (`position = [0.3, 1.4]`, `members = [...]`): report the list's
    # field, say which item.
    item = ""
    field_loc = loc
    if len(loc) >= 2 and isinstance(loc[-1], int) and reader.is_value_list(loc[:-1]):
        item = f"the {_ORDINAL.get(loc[-1], f'{loc[-1] + 1}th')} item "
        field_loc = loc[:-1]
    schema = reader.at(field_loc)  # the field (for an item: its list)
    allowed = reader.allowed_words(reader.at(loc))  # what this very value may be (for an item: the item's range)

    if kind == "missing":
        if item:
            written = value_at(data, field_loc)
            count = len(written) if isinstance(written, (list, tuple)) else "fewer"
            return (f"must be a list of exactly {reader.list_len(field_loc)} (this has {count})",
                    written, reader.allowed_words(reader.at(field_loc)), field_loc)
        name = str(loc[-1])
        table = table_name(loc[:-1])
        if not loc[:-1]:
            what = {"scenario": "the file has no [scenario] table (with at least id and title)",
                    "states": "the file has no [[states]] tables: a scenario needs 2 to 12 states"}.get(
                name, f"the file has no {name!r}")
            return what, None, "", loc
        return f"is missing: every {table} table needs `{name}`", None, reader.allowed_words(reader.at(loc)), loc
    if kind == "extra_forbidden":
        name = str(loc[-1])
        parent = loc[:-1]
        known = list(_properties(reader.at(parent)))
        where = f"in {table_name(parent)}" if parent else "at the top of the file"
        if not parent and isinstance(value, (dict, list)):
            return (f"unknown table [{name}]{_did_you_mean(name, known, '[', ']')}", None,
                    "tables: " + ", ".join(reader.top_table_names()), loc)
        elsewhere = reader.tables_with_key(name, parent)
        if elsewhere and not _did_you_mean(name, known):
            where += f" (`{name}` belongs in {' or '.join(elsewhere)})"
        return (f"unknown key `{name}` {where}{_did_you_mean(name, known)}", None,
                "the keys of " + (table_name(parent) if parent else "the file") + ": " + ", ".join(known), loc)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()))
        words = {"greater_than": "more than", "greater_than_equal": "at least",
                 "less_than": "less than", "less_than_equal": "at most"}[kind]
        message = f"{item}must be {words} {_num(bound)}"
        if kind.startswith("less") and not item and bound <= 1 and isinstance(value, (int, float)) and 2 <= value <= 100:
            message += f" (a share is written as a decimal: {_num(value / 100)} means {_num(value)} %)"
        return message, value, allowed, field_loc
    if kind in ("literal_error", "enum"):
        choices = _choices(reader.at(loc))
        return (f"{item}is not one of the choices{_did_you_mean(str(value), choices)}", value,
                "one of: " + ", ".join(choices), field_loc)
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing", "finite_number"):
        noun = "a whole number" if kind.startswith("int") else "a number"
        if isinstance(value, bool):
            return f"{item}must be {noun}, not true or false", value, allowed, field_loc
        if isinstance(value, str) and isinstance(read_value(value), (int, float)):
            return f"{item}must be {noun} written without quotes", value, allowed, field_loc
        if kind.startswith("int") and isinstance(value, float):
            return f"{item}must be a whole number (no decimal point)", value, allowed, field_loc
        return f"{item}must be {noun}", value, allowed, field_loc
    if kind == "int_from_float":
        return f"{item}must be a whole number", value, allowed, field_loc
    if kind in ("string_type", "str_type"):
        return f"{item}must be text in quotes", value, allowed, field_loc
    if kind == "string_pattern_mismatch":
        short = PATTERN_WORDS.get(ctx.get("pattern"), ("is not in the right form", ""))[0]
        return f"{item}{short}", value, allowed, field_loc
    if kind == "string_too_short":
        return f"{item}must not be empty", value, allowed, field_loc
    if kind == "string_too_long":
        return f"{item}is too long: at most {ctx.get('max_length')} characters", value, allowed, field_loc
    if kind in ("too_short", "too_long"):
        n = ctx.get("actual_length")
        if loc == ("states",):
            low, high = schema.get("minItems"), schema.get("maxItems")
            few = f"at least {low}" if kind == "too_short" else f"at most {high}"
            return f"a scenario needs {few} [[states]] tables (this file has {n})", None, f"{low} to {high} states", loc
        if "prefixItems" in schema:
            return f"must be a list of exactly {reader.list_len(loc)} (this has {n})", value, allowed, loc
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        few = "at least" if kind == "too_short" else "at most"
        return f"needs {few} {limit} entries (this has {n})", value, allowed, loc
    if kind in ("list_type", "tuple_type"):
        if loc and loc[-1] in _ARRAYS_OF_TABLES and len(loc) == 1:
            return (f"must be [[{loc[-1]}]] tables (double brackets, one per entry)", None,
                    f"[[{loc[-1]}]] tables", loc)
        return f"{item}must be a list in square brackets, like [a, b]", value, allowed, field_loc
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{item}must be a table (a [header] or {{key = value, ...}})", value, allowed, field_loc
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = str(ctx.get("expected_tags", "")).replace("'", "")
        tag = ctx.get("tag")
        key = str(ctx.get("discriminator", "kind")).strip("'")
        what = f"`{key}` " + (f"{toml_repr(tag)} is not known" if tag else "is missing")
        return f"{item}{what}", None, f"one of: {tags}" if tags else "", field_loc
    if kind == "bool_type":
        return f"{item}must be true or false", value, allowed, field_loc
    if kind == "value_error":
        text = str(ctx.get("error", e["msg"]))
        if schema.get("type") == "object":
            allowed = ""
        return f"{item}{text}", value if not isinstance(value, dict) else None, allowed, field_loc
    return f"{item}{e['msg'][0].lower()}{e['msg'][1:]}", value, allowed, field_loc


def _num(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return f"{x:g}" if isinstance(x, float) and abs(x) < 1e6 else str(x)


def value_at(data: Any, loc: tuple) -> Any:
    """The value at `loc` in nested dicts and lists, or None where the path does not exist."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# ---------------------------------------------------------------------------------------------
# Names and paths


_ARRAYS_OF_TABLES = ("states", "alliances", "guarantees", "terrain", "rivalries", "variants")
_BY_ID = ("states", "variants")


def field_path(loc: tuple, data: Any = None) -> str:
    """How a teacher reads a location: states and variants by id (`states.rubria.economy`), other
    lists by position counting from 1 (`alliances[2].members`); items of a value list are left
    to the message."""
    out: list[str] = []
    node = data
    for n, part in enumerate(loc):
        child = None
        try:
            child = node[part] if node is not None else None
        except (KeyError, IndexError, TypeError):
            child = None
        if isinstance(part, int):
            parent = loc[n - 1] if n else None
            if n == 1 and parent in _BY_ID and isinstance(child, dict) and isinstance(child.get("id"), str) \
                    and child["id"]:
                out.append(f".{child['id']}")
            elif n == 1 and parent in _ARRAYS_OF_TABLES:
                out.append(f"[{part + 1}]")
            else:
                break  # an item of a value list: the message says which
        else:
            out.append(f".{part}" if out else str(part))
        node = child
    return "".join(out)


def table_name(loc: tuple) -> str:
    """`[[states]]`, `[world]`, `[variants.world]` for a location inside the file."""
    names = [str(p) for p in loc if not isinstance(p, int)]
    if not names:
        return "the file"
    if isinstance(loc[-1], int):
        return "[[" + ".".join(names) + "]]"
    return "[" + ".".join(names) + "]"


# ---------------------------------------------------------------------------------------------
# The schema: what a field allows, in words


class SchemaReader:
    """A model's JSON Schema read by location in the data: the node of a field and what it allows."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.root = model.model_json_schema()

    def resolve(self, node: dict) -> dict:
        while True:
            if "$ref" in node:
                node = self.root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
            elif "anyOf" in node:
                options = [o for o in node["anyOf"] if o.get("type") != "null"]
                merged = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
                node = {**options[0], **merged} if options else merged
            else:
                return node

    def at(self, loc: tuple) -> dict:
        """The schema node for a location in the data (empty if there is none)."""
        node = self.resolve(self.root)
        for part in loc:
            if isinstance(part, int):
                if "prefixItems" in node and part < len(node["prefixItems"]):
                    node = node["prefixItems"][part]
                elif "items" in node:
                    node = node["items"]
                else:
                    return {}
            else:
                props = node.get("properties", {})
                if part in props:
                    node = props[part]
                elif isinstance(node.get("additionalProperties"), dict):
                    node = node["additionalProperties"]
                else:
                    return {}
            node = self.resolve(node)
        return node

    def allowed_words(self, node: dict) -> str:
        """What a schema node allows, in words: "a number from 0 to 1", "one of: human, ai"."""
        if not node:
            return ""
        choices = _choices(node)
        if choices:
            return "one of: " + ", ".join(choices)
        kind = node.get("type")
        if kind in ("number", "integer"):
            noun = "a whole number" if kind == "integer" else "a number"
            low = ("more than", node["exclusiveMinimum"]) if "exclusiveMinimum" in node else (
                ("at least", node["minimum"]) if "minimum" in node else None)
            high = ("less than", node["exclusiveMaximum"]) if "exclusiveMaximum" in node else (
                ("at most", node["maximum"]) if "maximum" in node else None)
            if low and high and low[0] == "at least" and high[0] == "at most":
                return f"{noun} from {_num(low[1])} to {_num(high[1])}"
            bounds = [f"{b[0]} {_num(b[1])}" for b in (low, high) if b]
            return noun + (" " + " and ".join(bounds) if bounds else "")
        if kind == "string":
            if "pattern" in node:
                return PATTERN_WORDS.get(node["pattern"], ("", "text"))[1]
            if node.get("minLength"):
                return f"text in quotes, 1 to {node.get('maxLength', 'any number of')} characters"
            return "text in quotes"
        if kind == "array":
            if "prefixItems" in node:
                inner = self.allowed_words(self.resolve(node["prefixItems"][0]))
                return f"a list of {len(node['prefixItems'])} values, each {inner}"
            lo = node.get("minItems")
            return "a list" + (f" of at least {lo}" if lo else "")
        if kind == "object":
            return "a table"
        return ""

    def list_len(self, loc: tuple) -> str:
        n = len(self.at(loc).get("prefixItems", []))
        return {2: "two values [x, y]" if loc[-1:] == ("position",) else "two ids [\"a\", \"b\"]"}.get(n, f"{n} values")

    def is_value_list(self, loc: tuple) -> bool:
        node = self.at(loc)
        return node.get("type") == "array" and "$ref" not in node.get("items", {}) and not (
            len(loc) == 1 and loc[0] in _ARRAYS_OF_TABLES)

    def tables_with_key(self, key: str, besides: tuple) -> list[str]:
        """The tables of the format that do have `key` (a key put under the wrong header)."""
        out = []
        for top, node in self.resolve(self.root).get("properties", {}).items():
            node = self.resolve(node)
            indexed = node.get("type") == "array"
            if indexed:
                node = self.resolve(node.get("items", {}))
            loc = (top, 0) if indexed else (top,)
            if key in node.get("properties", {}) and table_name(loc) != table_name(besides):
                out.append(table_name(loc))
        return out

    def top_table_names(self) -> list[str]:
        return list(self.root.get("properties", {}))


@functools.cache
def _reader(model: type[BaseModel]) -> SchemaReader:
    return SchemaReader(model)


def _properties(node: dict) -> list[str]:
    return list(node.get("properties", {}))


def _choices(node: dict) -> list[str]:
    if "enum" in node:
        return [str(c) for c in node["enum"]]
    if "const" in node:
        return [str(node["const"])]
    return []
