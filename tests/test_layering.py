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
    # The public face (careers site, candidate portal, signed-link pages) reads from every app below.
    "portal": 6,
    "recruitcrm": 7,
    # The benchmark harness and synthetic data (issue 10) stand above everything; only the
    # top floor's `generate_candidates` command reaches into it.
    "bench": 8,
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


# The rooms (DESIGN.md "Layout"): every domain app holds only these, each a module or — once it
# passes about 300 lines — a package of the same name split by area. `seams.py` is where an app
# fills a lower floor's hook (apps.py only calls it); `roles.py` and `demo.py` are discovered by
# core's role sync and `seed_demo`.
ROOMS = {
    "__init__",
    "apps",
    "models",
    "querysets",
    "services",
    "selectors",
    "filtersets",
    "forms",
    "views",
    "urls",
    "api",
    "tasks",
    "anonymisers",
    "admin",
    "roles",
    "demo",
    "seams",
    "templatetags",
    "management",
    "migrations",
}
# The few modules outside the rooms, each with the reason it is not one of them.
EXTRAS = {
    "candidates": {
        "search": "the Boolean search engine: one interface an OpenSearch could sit behind",
        "normalise": "value normalisation shared by models, import, matching and privacy",
        "privacy_seam": "the hook privacy fills (suppression, record notices), named for it",
    },
    "clients": {
        "sections": "the hook vacancies fills (panels on the client page), named for it",
        "files": "the terms-of-business document file policy, used by services and both views",
    },
    "compliance": {
        "rules": "the UK vetting rules as pure functions, used by every room",
        "requirements": "the Requirements value and the hook vacancies fills (a vacancy's required checks)",
    },
    "vacancies": {"data": "reference data (the inclusive-language lexicon, JSON)"},
    "engagement": {},
    "privacy": {
        "registry": "the one explicit list of every app's anonymisers and the personal-field classification"
    },
    "portal": {},
}
ROOM_LINES = 350  # "about 300": past this a module becomes a package split by area


@pytest.mark.parametrize("app", sorted(EXTRAS))
def test_domain_app_has_only_the_rooms(app: str) -> None:
    strays = []
    for entry in sorted((ROOT / app).iterdir()):
        if entry.name.startswith((".", "__pycache__")) or entry.suffix == ".pyc":
            continue
        name = entry.stem if entry.suffix == ".py" else entry.name
        not_code = entry.is_file() and entry.suffix != ".py"
        if not_code or (name not in ROOMS and name not in EXTRAS[app]):
            strays.append(entry.name)
    assert not strays, f"{app}/ holds modules outside the rooms (DESIGN.md Layout): {strays}"


@pytest.mark.parametrize("app", [*sorted(EXTRAS), "core", "recruitcrm"])
def test_no_module_outgrows_its_room(app: str) -> None:
    big = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts or path.name in {"settings.py"}:
            continue
        lines = len(path.read_text().splitlines())
        if lines > ROOM_LINES:
            big.append(f"{path.relative_to(ROOT)} ({lines} lines)")
    assert not big, "split these by area into a package of the same name:\n" + "\n".join(big)


@pytest.mark.parametrize("app", [*sorted(EXTRAS), "core", "recruitcrm"])
def test_apps_py_holds_no_domain_logic(app: str) -> None:
    """apps.py is the AppConfig and nothing else: its ready() imports a seam module and calls it."""
    tree = ast.parse((ROOT / app / "apps.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom | ast.Expr):  # imports, docstring
            continue
        assert isinstance(node, ast.ClassDef), f"{app}/apps.py defines {type(node).__name__} at module level"
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                assert item.name == "ready", f"{app}/apps.py: {item.name}() belongs in a seam module"
                for statement in item.body:
                    calls_or_imports = isinstance(statement, ast.Import | ast.ImportFrom) or (
                        isinstance(statement, ast.Expr)
                        and isinstance(statement.value, ast.Call | ast.Constant)
                    )
                    assert calls_or_imports, f"{app}/apps.py ready() does more than import and call a seam"


def test_api_code_is_in_api_packages() -> None:
    flat = sorted(str(p.relative_to(ROOT)) for app in FLOORS for p in (ROOT / app).glob("api_*.py"))
    assert not flat, f"API modules belong in <app>/api/: {flat}"
