"""Issue 17: every privacy service that writes runs in a transaction. Read from the source, so a new
public service without `@transaction.atomic` (or a `with transaction.atomic()` of its own) fails
here unless it is listed below with the reason it is exempt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import transaction

from privacy.services.erasure import candidates_anonymise_locked

SERVICES = Path(__file__).resolve().parents[2] / "privacy" / "services"

EXEMPT = {
    # Helpers that write nothing themselves: SQL text, plans, validation.
    "sql_group_ids",
    "anonymiser_set_based_values",
    "sql_prepared_execute",
    "sql_placeholders_name",
    "sql_group_ids_bind",
    "person_plan_compile",
    "candidate_plan_get",
    "reason_require",
    # Run inside the caller's transaction, which locked the rows; they refuse to run outside one.
    "candidates_anonymise_locked",
    "contact_anonymise_locked",
    "candidate_restrict_locked",
    # A transaction per person (their link, email and note): one for the whole run would hold
    # locks for minutes and lose every notice already sent if one email failed.
    "retention_notices_send",
    # Claims its run in one atomic update, then a transaction per group of people.
    "sweep_run",
}


def _public_services() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(SERVICES.glob("*.py")):
        tree = ast.parse(path.read_text())
        found += [(path.name, node) for node in tree.body if isinstance(node, ast.FunctionDef)]
    return [(name, node) for name, node in found if not node.name.startswith("_")]


def _is_atomic(node: ast.FunctionDef) -> bool:
    decorated = any("transaction.atomic" in ast.unparse(d) for d in node.decorator_list)
    return decorated or "transaction.atomic()" in ast.unparse(node)


def test_every_public_privacy_service_runs_in_a_transaction_or_says_why_not():
    services = _public_services()
    assert len(services) > 20
    missing = [
        f"{file}:{node.name}" for file, node in services if node.name not in EXEMPT and not _is_atomic(node)
    ]
    assert missing == []


def test_the_exemptions_are_real_services():
    names = {node.name for _, node in _public_services()}
    assert names >= EXEMPT


def test_the_locked_anonymiser_refuses_to_run_outside_a_transaction(monkeypatch):
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        candidates_anonymise_locked(people=[])
