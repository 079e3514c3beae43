"""The schema the server serves agrees with the written contract, API.md in the project's shared docs.

The contract lives beside a checkout (`../shared/docs/API.md`; docs/api.md links to it, it is not
copied into the repository; `API_CONTRACT` names another file). Every `METHOD /path/` in its tables
is an operation of /api/schema/ under /api/v1, and the fields it lists for the main resources are
properties of that operation's request or response components. Its "Added in the second round"
is not built yet, so the check stops at that heading.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.api.schema import served_schema

API_MD = Path(
    os.environ.get("API_CONTRACT") or Path(__file__).resolve().parents[3] / "shared" / "docs" / "API.md"
)
NOT_BUILT_YET = "\n## Added in the second round"
if not API_MD.is_file():
    pytest.skip(
        f"no API contract at {API_MD} (set API_CONTRACT to the shared docs' API.md)", allow_module_level=True
    )
METHODS = "GET|POST|PATCH|PUT|DELETE"
ENTRY = re.compile(rf"^((?:{METHODS})(?:, (?:{METHODS}))*) (\S+)$")
FIELD_LIST = re.compile(r"^\{?[a-z_]+(?:, [a-z_]+)*\}?$")
# Code spans in field cells that name a value, not a field ("the application must be at `offer`").
VALUES_IN_PROSE = {"offer"}

# The collection paths of the main resources: their rows list fields (other rows describe behaviour).
RESOURCES = [
    "/teams/",
    "/users/",
    "/candidates/",
    "/clients/",
    "/contacts/",
    "/vacancies/",
    "/applications/",
    "/shortlists/",
    "/placements/",
    "/compliance/right-to-work/",
    "/compliance/dbs/",
    "/compliance/references/",
    "/privacy/retention-policies/",
    "/privacy/sweeps/",
    "/privacy/subject-access-requests/",
    "/privacy/erasure-requests/",
    "/audit/events/",
    "/communications/",
    "/complaints/",
]


def normalise(path: str) -> str:
    """`/candidates/{cid}/` and `/candidates/{consent_id}/` are the same route; queries are not routes."""
    return re.sub(r"\{[^}]*\}", "{}", path.split("?")[0])


def parse_rows() -> list[tuple[list[tuple[str, str]], list[str]]]:
    """Each table row of the contract: its (METHOD, path) entries and the fields its cells list."""
    rows = []
    text = API_MD.read_text().split(NOT_BUILT_YET)[0]
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("| method") or line.startswith("| ---"):
            continue
        entries: list[tuple[str, str]] = []
        previous = ""
        for span in re.findall(r"`([^`]+)`", line):
            match = ENTRY.match(span)
            if not match:
                continue
            path = match.group(2)
            if path.startswith("…"):  # `PATCH …/{id}/`: the path before it, continued
                path = previous.rstrip("/") + path[1:]
            previous = path.split("?")[0]
            entries.extend((method, path) for method in match.group(1).split(", "))
        if entries:
            rows.append((entries, listed_fields(line)))
    # "Candidate fields: `…`" is a paragraph under the candidates table.
    paragraph = text.split("Candidate fields:")[1].split("\n\n")[0]
    for entries, fields in rows:
        if ("GET", "/candidates/") in entries:
            fields.extend(listed_fields(paragraph))
    return rows


def listed_fields(text: str) -> list[str]:
    """Field names in code spans, leaving out what is in parentheses (choices, nested shapes)."""
    while True:
        stripped = re.sub(r"\([^()]*\)", "", text)
        if stripped == text:
            break
        text = stripped
    fields = []
    for span in re.findall(r"`([^`]+)`", text.replace("\n", " ")):
        span = re.sub(r": \[.*$", "", span)  # `rationale, entries: [{…}]`: the nested shape is prose
        if FIELD_LIST.match(span.strip()):
            fields.extend(name.strip("{} ") for name in span.split(","))
    return [name for name in fields if name not in VALUES_IN_PROSE]


def operations() -> dict[tuple[str, str], dict[str, Any]]:
    prefix = "/api/v1"
    found = {}
    for path, item in served_schema()["paths"].items():
        assert path.startswith(prefix), path
        for method, operation in item.items():
            found[(method.upper(), normalise(path[len(prefix) :]))] = operation
    return found


def component_properties(operation: dict[str, Any]) -> set[str]:
    """Properties of the components an operation reads and writes (a page's `results` items too)."""
    schemas = served_schema()["components"]["schemas"]
    refs: list[str] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"].rsplit("/", 1)[1])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(operation.get("requestBody", {}))
    collect({code: body for code, body in operation.get("responses", {}).items() if code.startswith("2")})
    properties: set[str] = set()
    seen: set[str] = set()
    while refs:
        name = refs.pop()
        if name in seen:
            continue
        seen.add(name)
        component = schemas[name]
        properties |= set(component.get("properties", {}))
        results = component.get("properties", {}).get("results", {})
        collect(results)
    return properties


ROWS = parse_rows()


def test_the_contract_parses_into_many_operations_and_resources():
    entries = {entry for row_entries, _ in ROWS for entry in row_entries}
    assert len(entries) >= 60
    assert ("POST", "/applications/{id}/move/") in entries
    assert ("PATCH", "/privacy/retention-policies/{id}/") in entries
    assert ("POST", "/candidates/{id}/consents/{cid}/withdraw/") in entries
    documented = {row_entries[0][1].split("?")[0] for row_entries, fields in ROWS if fields}
    assert set(RESOURCES) <= documented


@pytest.mark.parametrize(
    ("method", "path"),
    sorted({entry for row_entries, _ in ROWS for entry in row_entries}),
    ids=lambda value: value,
)
def test_every_documented_operation_is_in_the_schema(method, path):
    assert (method, normalise(path)) in operations(), f"{method} /api/v1{path} is not in /api/schema/"


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_documented_field_of_a_resource_is_in_the_schema(resource):
    row_entries, fields = next((e, f) for e, f in ROWS if e[0][1].split("?")[0] == resource)
    assert fields, f"no fields parsed for {resource}"
    found = operations()
    properties: set[str] = set()
    for method, path in row_entries:
        operation = found.get((method, normalise(path)))
        if operation is not None:
            properties |= component_properties(operation)
    missing = sorted(set(fields) - properties)
    assert not missing, f"{resource}: {missing} are documented in API.md but not in the schema"
