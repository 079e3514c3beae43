"""Imports only go down the floors DESIGN.md draws (no app imports one above it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# app -> the floor it stands on; an app may import apps on lower floors (and its own).
FLOORS = {
    "core": 0,
    "candidates": 1,
    "clients": 1,
    "compliance": 2,
    "vacancies": 3,
    "engagement": 4,
    "privacy": 5,
    "recruitcrm": 6,
    # The benchmark harness and synthetic data (issue 10) stand above everything; only the
    # top floor's `generate_candidates` command reaches into it.
    "bench": 7,
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(FLOORS))
def test_app_imports_only_lower_floors(app: str) -> None:
    offences = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for imported in _imports(path) & set(FLOORS):
            same_floor_sibling = FLOORS[imported] == FLOORS[app] and imported != app
            allowed = app == "recruitcrm" and imported == "bench" and "management" in path.parts
            if (FLOORS[imported] > FLOORS[app] or same_floor_sibling) and not allowed:
                offences.append(f"{path.relative_to(ROOT)} imports {imported}")
    # recruitcrm.settings names apps as strings only; embedded/env are tooling on the top floor.
    assert not offences, "\n".join(offences)
