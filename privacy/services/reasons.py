"""The written reason that holds, extensions and exemptions need (kept on the record, not the audit)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def reason_require(reason: str, *, field: str = "reason") -> str:
    """`reason` stripped; a ValidationError on `field` when it is empty or too long."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: ["Give a reason."]})
    if len(reason) > 500:
        raise ValidationError({field: ["Keep the reason under 500 characters."]})
    return reason
