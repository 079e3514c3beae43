"""The suppression hook: is this person on the erased-people list? (DOMAIN.md erasure.)

privacy/ keeps the list (salted hashes of email and phone) and sits above candidates, so candidates
cannot import it. Instead privacy fills this registry from its AppConfig.ready():

    from candidates import suppression
    suppression.register(is_suppressed=..., record_override=...)

Creating a suppressed person then needs a recorded reason (`SuppressedPerson` otherwise), and an
import skips suppressed rows and reports them. With nothing registered, nobody is suppressed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

IsSuppressed = Callable[[str, str], bool]
# Many people at once (an import): one answer per (email, phone), in order, in a few queries.
AreSuppressed = Callable[[list[tuple[str, str]]], list[bool]]
RecordOverride = Callable[[Any, Any, str], None]

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
    is_suppressed: IsSuppressed,
    record_override: RecordOverride,
    are_suppressed: AreSuppressed | None = None,
) -> None:
    _hooks["is_suppressed"] = is_suppressed
    _hooks["record_override"] = record_override
    _hooks["are_suppressed"] = are_suppressed


def is_suppressed(*, email: str, phone: str) -> bool:
    check = _hooks.get("is_suppressed")
    return bool(check and (email or phone) and check(email, phone))


def suppressed_among(people: list[tuple[str, str]]) -> list[bool]:
    """`is_suppressed` for each (email, phone), in order; in bulk when the hook offers it."""
    bulk = _hooks.get("are_suppressed")
    if bulk is not None:
        answers = bulk(people)
        return [bool(email or phone) and hit for (email, phone), hit in zip(people, answers, strict=True)]
    return [is_suppressed(email=email, phone=phone) for email, phone in people]


def record_override(*, candidate: Any, actor: Any, reason: str) -> None:
    record = _hooks.get("record_override")
    if record is not None:
        record(candidate, actor, reason)


# --- Record notices: short warnings shown on the candidate's page by apps above candidates
# (privacy: "On legal hold"). Each provider returns (text, link url or "") or None.
RecordNotice = Callable[[Any, Any], "tuple[str, str] | None"]
_notices: list[RecordNotice] = []


def register_record_notice(provider: RecordNotice) -> None:
    if provider not in _notices:
        _notices.append(provider)


def record_notices(*, candidate: Any, user: Any) -> list[tuple[str, str]]:
    found = []
    for provider in _notices:
        notice = provider(candidate, user)
        if notice is not None:
            found.append(notice)
    return found
