"""The suppression list: salted hashes of erased people's email and phone join it, so an erased
person is not re-sourced (DOMAIN.md erasure; the hashing and the reads: privacy.selectors.suppression).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q

from candidates.models import Candidate
from core.models import User
from core.services import audit_record
from privacy.models import SuppressionEntry, SuppressionOverride
from privacy.selectors.suppression import suppression_digests


# Called inside an anonymisation's own transaction: join it rather than add a savepoint round trip
# per person (the sweep's round trips per group are counted: tests/privacy/test_sweep_at_scale.py).
@transaction.atomic(savepoint=False)
def suppression_add(*, email: str, phone: str) -> int:
    return suppression_add_many(people=[(email, phone)])


@transaction.atomic(savepoint=False)
def suppression_add_many(*, people: list[tuple[str, str]]) -> int:
    """`suppression_add` for many people (email, phone) at once: one INSERT (the sweep's groups)."""
    found = sorted(
        {pair for email, phone in people for pair in suppression_digests(email=email, phone=phone)}
    )
    if not found:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SuppressionEntry._meta.db_table} (kind, digest, created_at)"
            " SELECT unnest(%s::text[]), unnest(%s::text[]), now() ON CONFLICT DO NOTHING",
            [[kind for kind, _ in found], [d for _, d in found]],
        )
        return cursor.rowcount


@transaction.atomic
def suppression_override_record(*, candidate: Candidate, actor: User, reason: str) -> None:
    """A suppressed person added again anyway, with the recorded reason."""
    SuppressionOverride.objects.create(candidate=candidate, by=actor, reason=reason)
    audit_record(actor=actor, action="candidate.suppression_overridden", obj=candidate)


@transaction.atomic
def suppression_clear(*, email: str, phone: str) -> int:
    """Take this person's email and phone off the suppression list; returns how many entries went.

    Only for someone who came back of their own accord (applied on the careers site): the list
    exists so we never re-source an erased person, not to turn away one who asks to be considered.
    The caller audits it against the record they now have (no contact details in the log)."""
    found = suppression_digests(email=email, phone=phone)
    if not found:
        return 0
    match = Q(pk__in=[])
    for kind, digest in found:
        match |= Q(kind=kind, digest=digest)
    deleted, _ = SuppressionEntry.objects.filter(match).delete()
    return int(deleted)
