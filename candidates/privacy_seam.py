"""The seam privacy fills: is this person on the erased-people list, and what notices does their page
show? (DOMAIN.md erasure.)

privacy/ keeps the suppression list (salted hashes of email and phone) and sits above candidates, so
candidates cannot import it. Instead privacy fills this seam at start-up (privacy.seams.register,
called from its AppConfig.ready()):

    privacy_seam.register(
        suppression_matches=..., suppression_matches_many=..., suppression_override_record=...
    )
    privacy_seam.record_notice_register(provider)

Creating a suppressed person then needs a recorded reason (`SuppressedPerson` otherwise), and an
import skips suppressed rows and reports them. The seam fails closed: with the suppression hooks
missing, a system check stops `manage.py check` (and so every start), rather than letting erased
people be re-sourced unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured, ValidationError

# One person: is their email or phone listed?
SuppressionMatches = Callable[..., bool]
# Many people at once (an import): one answer per (email, phone), in order, in a few queries.
SuppressionMatchesMany = Callable[..., list[bool]]
SuppressionOverrideRecord = Callable[..., None]

_hooks: dict[str, Any] = {}

MESSAGE = (
    "This person asked us to erase their data and is on the suppression list. "
    "Only add them again with a recorded reason (for example, they applied again themselves)."
)


class SuppressedPerson(ValidationError):
    def __init__(self) -> None:
        super().__init__({"suppression_reason": [MESSAGE]})


def register(
    *,
    suppression_matches: SuppressionMatches,
    suppression_matches_many: SuppressionMatchesMany,
    suppression_override_record: SuppressionOverrideRecord,
) -> None:
    """Fill the suppression hooks (called with keyword arguments: `email=`, `phone=`, `people=`,
    `candidate=`, `actor=`, `reason=`)."""
    _hooks["suppression_matches"] = suppression_matches
    _hooks["suppression_matches_many"] = suppression_matches_many
    _hooks["suppression_override_record"] = suppression_override_record


def _hook(name: str) -> Any:
    """A registered hook; missing, the seam fails closed (an error, never "nobody is suppressed")."""
    try:
        return _hooks[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"candidates.privacy_seam: no {name} registered (privacy.seams.register fills it)."
        ) from None


def suppression_check(*, email: str, phone: str) -> bool:
    """Is this person on the suppression list? (No email and no phone: never.)"""
    check = _hook("suppression_matches")
    return bool((email or phone) and check(email=email, phone=phone))


def suppression_check_many(*, people: list[tuple[str, str]]) -> list[bool]:
    """`suppression_check` for each (email, phone), in order, in a few queries."""
    answers = _hook("suppression_matches_many")(people=people)
    return [bool(email or phone) and hit for (email, phone), hit in zip(people, answers, strict=True)]


def suppression_override_record(*, candidate: Any, actor: Any, reason: str) -> None:
    """A suppressed person added again anyway: privacy records the reason."""
    _hook("suppression_override_record")(candidate=candidate, actor=actor, reason=reason)


@checks.register()
def check_suppression_hooks(**kwargs: Any) -> list[checks.CheckMessage]:
    """Fail closed: without privacy's hooks nobody would count as suppressed."""
    missing = [
        name
        for name in ("suppression_matches", "suppression_matches_many", "suppression_override_record")
        if name not in _hooks
    ]
    if not missing:
        return []
    return [
        checks.Error(
            f"candidates.privacy_seam: no {', '.join(missing)} registered.",
            hint="privacy fills this seam from PrivacyConfig.ready() (privacy.seams.register).",
            id="candidates.E001",
        )
    ]


# --- Record notices: short warnings shown on the candidate's page by apps above candidates
# (privacy: "On legal hold"). Each provider is called with `candidate=` and `user=` and returns
# (text, link url or "") or None.
RecordNotice = Callable[..., "tuple[str, str] | None"]
_notices: list[RecordNotice] = []


def record_notice_register(provider: RecordNotice) -> None:
    if provider not in _notices:
        _notices.append(provider)


def record_notice_list(*, candidate: Any, user: Any) -> list[tuple[str, str]]:
    found = []
    for provider in _notices:
        notice = provider(candidate=candidate, user=user)
        if notice is not None:
            found.append(notice)
    return found
