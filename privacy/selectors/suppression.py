"""Is this person on the suppression list? (DOMAIN.md erasure.) Reads of the list that
privacy.services.suppression_list writes.

Only an HMAC-SHA-256 of the normalised value is kept, salted with PRIVACY_SUPPRESSION_SALT (default:
SECRET_KEY), so the list cannot be read back into contact details. privacy.seams registers these
with candidates' seam, so creating or importing a suppressed person is flagged.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.db.models import Q

from candidates.normalise import normalise_phone
from privacy.models import SuppressionEntry

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


def suppression_digest(value: str) -> str:
    return hmac.new(_salt(), value.encode(), hashlib.sha256).hexdigest()


def suppression_digests(*, email: str, phone: str) -> list[tuple[str, str]]:
    """(kind, digest) of each of this person's normalised email and phone that is not empty."""
    found: list[tuple[str, str]] = []
    if email and _normal_email(email):
        found.append((SuppressionEntry.Kind.EMAIL, suppression_digest(_normal_email(email))))
    if phone and _normal_phone(phone):
        found.append((SuppressionEntry.Kind.PHONE, suppression_digest(_normal_phone(phone))))
    return found


def suppression_matches(*, email: str, phone: str) -> bool:
    """Is this email or phone on the list?"""
    found = suppression_digests(email=email, phone=phone)
    if not found:
        return False
    match = Q(pk__in=[])
    for kind, digest in found:
        match |= Q(kind=kind, digest=digest)
    return SuppressionEntry.objects.filter(match).exists()


def suppression_matches_many(*, people: list[tuple[str, str]]) -> list[bool]:
    """`suppression_matches` for many people (an import of 50,000 rows): a query per 5,000 digests."""
    wanted = [suppression_digests(email=email, phone=phone) for email, phone in people]
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
