"""The seam engagement fills: mail about a person sent from a floor below engagement (issue 18).

vacancies (a consent request, a client review link) and compliance (a reference request) sit below
engagement (DESIGN.md floors) and cannot import `engagement.services.emails.email_queue`, the one
door every message about a person goes through (the contact rule, the Celery worker, the timeline).
engagement fills this seam at start-up (engagement.seams.register):

    outbound.register(email_queue=...)

`email_queue(**kwargs)` here takes exactly the keywords of engagement's `email_queue`. A refusal by
the contact rule is a ValidationError carrying `api_code` (`do_not_contact`, `suppressed`, …) and a
plain reason: `refusal_code(exc)` names it for a 409. The seam fails closed: with the hook missing a
system check stops `manage.py check`, and a call raises rather than dropping the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

_hooks: dict[str, Callable[..., Any]] = {}


def register(*, email_queue: Callable[..., Any]) -> None:
    _hooks["email_queue"] = email_queue


def email_queue(**kwargs: Any) -> Any:
    """Queue one message about a person (see engagement.services.emails.email_queue)."""
    try:
        hook = _hooks["email_queue"]
    except KeyError:
        raise ImproperlyConfigured("engagement has not registered core.outbound.email_queue") from None
    return hook(**kwargs)


def refusal_code(exc: BaseException) -> str | None:
    """The API code of a contact-rule refusal (`do_not_contact`, `suppressed`…), else None."""
    return getattr(exc, "api_code", None)


@checks.register()
def check_outbound_hook(**kwargs: Any) -> list[checks.CheckMessage]:
    if "email_queue" in _hooks:
        return []
    return [
        checks.Error(
            "core.outbound.email_queue is not registered: mail from vacancies and compliance has no door.",
            hint="engagement.seams.register() fills it; is engagement in INSTALLED_APPS?",
            id="core.E010",
        )
    ]
