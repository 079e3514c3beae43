"""The suppression list: salted hashes of erased people's email and phone (DOMAIN.md erasure).

Only an HMAC-SHA-256 of the normalised value is kept, salted with PRIVACY_SUPPRESSION_SALT (default:
SECRET_KEY), so the list cannot be read back into contact details. privacy.apps registers
`is_suppressed` with candidates' hook, so creating or importing a suppressed person is flagged.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.db import connection

from candidates.models import Candidate
from candidates.normalise import normalise_phone
from core.models import User
from privacy.models import SuppressionEntry, SuppressionOverride

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def _salt() -> bytes:
    return str(getattr(settings, "PRIVACY_SUPPRESSION_SALT", "") or settings.SECRET_KEY).encode()


def _normal_email(email: str) -> str:
    return email.strip().lower()


def _normal_phone(phone: str) -> str:
    if _E164.fullmatch(phone):
        # Already normalised (as stored and as an import validated it): parsing again gives the
        # same string, or fails and falls back to the same string, so skip the slow parser.
        return phone
    try:
        return normalise_phone(phone) if phone.strip() else ""
    except Exception:  # an unparseable number: hash what we were given, stripped of spaces
        return "".join(phone.split())


def digest(value: str) -> str:
    return hmac.new(_salt(), value.encode(), hashlib.sha256).hexdigest()


def _digests(*, email: str, phone: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if email and _normal_email(email):
        found.append((SuppressionEntry.Kind.EMAIL, digest(_normal_email(email))))
    if phone and _normal_phone(phone):
        found.append((SuppressionEntry.Kind.PHONE, digest(_normal_phone(phone))))
    return found


def suppress(*, email: str, phone: str) -> int:
    return suppress_many([(email, phone)])


def suppress_many(people: list[tuple[str, str]]) -> int:
    """`suppress` for many people (email, phone) at once: one INSERT (the sweep's groups)."""
    found = sorted({pair for email, phone in people for pair in _digests(email=email, phone=phone)})
    if not found:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SuppressionEntry._meta.db_table} (kind, digest, created_at)"
            " SELECT unnest(%s::text[]), unnest(%s::text[]), now() ON CONFLICT DO NOTHING",
            [[kind for kind, _ in found], [d for _, d in found]],
        )
        return cursor.rowcount


def is_suppressed(email: str, phone: str) -> bool:
    q = _digests(email=email, phone=phone)
    if not q:
        return False
    from django.db.models import Q

    match = Q(pk__in=[])
    for kind, d in q:
        match |= Q(kind=kind, digest=d)
    return SuppressionEntry.objects.filter(match).exists()


def are_suppressed(people: list[tuple[str, str]]) -> list[bool]:
    """`is_suppressed` for many people (an import of 50,000 rows): a query per 5,000 digests."""
    wanted = [_digests(email=email, phone=phone) for email, phone in people]
    listed: set[tuple[str, str]] = set()
    for kind in SuppressionEntry.Kind.values:
        # By kind, so the (kind, digest) unique index answers.
        digests = sorted({d for found in wanted for k, d in found if k == kind})
        for start in range(0, len(digests), 5000):
            batch = digests[start : start + 5000]
            listed.update(
                SuppressionEntry.objects.filter(kind=kind, digest__in=batch).values_list("kind", "digest")
            )
    return [any(pair in listed for pair in found) for found in wanted]


def record_override(candidate: Candidate, actor: User, reason: str) -> None:
    from core.services import audit_record

    SuppressionOverride.objects.create(candidate=candidate, by=actor, reason=reason)
    audit_record(actor=actor, action="candidate.suppression_overridden", obj=candidate)


def legal_hold_notice(candidate: Candidate, user: User) -> tuple[str, str] | None:
    """Shown on the candidate's page: a legal hold is visible on the record (issue 7)."""
    from django.urls import reverse

    from privacy.models import LegalHold

    hold = LegalHold.objects.filter(candidate=candidate, released_at__isnull=True).first()
    if hold is None:
        return None
    url = reverse("privacy:candidate", args=[candidate.pk]) if getattr(user, "is_admin", False) else ""
    return (f"On legal hold since {hold.placed_at:%d %b %Y}: {hold.reason}", url)
