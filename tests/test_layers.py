"""The house's layers (DESIGN.md §1): dependencies point one way,

    errors, theory  <-  scenario  <-  core  <-  ai  <-  match  <-  report  <-  sim, net  <-  ui  <-  cli

(`a <- b`: b may import a), function-local imports included; only game.ui imports pygame; and
outside the core only the match loop resolves turns. Read from the source (AST), so an import
hidden in a function body counts like any other."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "game"

# Rank of each top-level part of the game package: a module may import its own part and lower ranks.
RANKS = {
    "errors": 0, "theory": 0, "resources": 0,
    "scenario": 1,
    "core": 2, "ai": 3, "match": 4, "report": 5, "sim": 6, "net": 6, "ui": 7, "cli": 8,
    "__init__": 0,
}


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, wherever it stands."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((node.lineno, target))
            # `from game import core` names a part too
            if target == "game":
                out += [(node.lineno, f"game.{a.name}") for a in node.names]
    return out


def sources() -> list[Path]:
    return sorted(GAME.rglob("*.py"))


def test_every_part_of_the_game_has_a_rank():
    """A new top-level package must be placed in the layers before it is used."""
    unknown = {part_of(module_name(p)) for p in sources()} - set(RANKS)
    assert not unknown, f"place these in RANKS (and in DESIGN.md §1): {sorted(unknown)}"


def test_dependencies_point_one_way():
    """No module imports a higher layer, nor a sibling of its own rank (sim and net are peers)."""
    bad = []
    for path in sources():
        me = part_of(module_name(path))
        for line, target in imports_of(path):
            if not target.startswith("game.") or target == "game":
                continue
            them = part_of(target)
            if them == me or them not in RANKS:
                continue
            if RANKS[them] >= RANKS[me] and RANKS[them] != 0:
                bad.append(f"{path.relative_to(ROOT)}:{line} ({me}) imports {target} ({them})")
    assert not bad, "imports against the layers:\n" + "\n".join(bad)


def test_only_the_ui_imports_pygame():
    """pygame and pygame_gui are imported in game.ui alone: a headless host needs neither."""
    bad = [f"{p.relative_to(ROOT)}:{line} imports {t}" for p in sources() if part_of(module_name(p)) != "ui"
           for line, t in imports_of(p) if t.split(".")[0] in ("pygame", "pygame_gui")]
    assert not bad, "\n".join(bad)


def test_outside_the_core_only_the_match_loop_resolves_turns():
    """`Engine.advance` and `advance_together` (several games' turns at once) are called from
    game/match/match.py and nowhere else outside game.core."""
    allowed = {GAME / "match" / "match.py"}
    bad = []
    for path in sources():
        if part_of(module_name(path)) == "core" or path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "advance" \
                    and ast.unparse(func.value).split(".")[-1] in ("engine", "eng", "_engine") \
                    or "advance_together" in (getattr(func, "attr", None), getattr(func, "id", None)):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, "turns resolved outside the match loop: " + ", ".join(bad)


def test_every_package_ships_in_the_wheel():
    """pyproject.toml lists packages by hand (assets and scenarios are mapped in): each package
    under game/ must be listed, or a plain `pip install .` would leave it out."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {module_name(p) for p in GAME.rglob("__init__.py")}
    assert packages <= listed, f"add to pyproject.toml's packages: {sorted(packages - listed)}"
