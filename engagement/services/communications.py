"""Logging communications and sending email from templates.

Every email goes through Django's email backend (SMTP in production, a file backend under
`make run`), is logged on the timeline, and moves the person's `last_contacted_at` forward.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Contact
from core.models import User
from core.services import audit_record
from engagement.models import Communication, EmailTemplate
from engagement.selectors.contactability import contactability_require

MERGE_FIELDS = ("first_name", "last_name", "vacancy", "client", "sender", "complaint_reference", "link")
_MERGE = re.compile(r"{{\s*([a-z_]+)\s*}}")

DEFAULT_TEMPLATES = {
    "general": (
        "General update",
        "An update from {{ sender }}",
        "Dear {{ first_name }},\n\nI wanted to give you a quick update.\n\nBest wishes,\n{{ sender }}",
    ),
    "complaint_follow_up": (
        "Complaint follow-up",
        "Your complaint {{ complaint_reference }}",
        "Dear {{ first_name }},\n\nThank you for raising your concerns with us. Here is a summary of what we "
        "found and what we are doing:\n\n{{ summary }}\n\nYours sincerely,\n{{ sender }}",
    ),
    "survey": (
        "Feedback survey",
        "How did we do?",
        "Dear {{ first_name }},\n\nHow likely are you to recommend us to a friend or colleague? "
        "It takes one click:\n\n{{ link }}\n\nThank you,\n{{ sender }}",
    ),
}


def _template_fields_check(text: str) -> None:
    unknown = sorted({name for name in _MERGE.findall(text) if name not in (*MERGE_FIELDS, "summary")})
    if unknown:
        raise ValidationError(f"Unknown merge fields: {', '.join(unknown)}.")


def _merge(text: str, values: dict[str, str]) -> str:
    """Replace {{ field }} with its value. Only named fields: managers cannot run template code."""
    return _MERGE.sub(lambda m: values.get(m.group(1), ""), text)


def email_template_get_or_create(*, code: str) -> EmailTemplate:
    template = EmailTemplate.objects.filter(code=code).first()
    if template is None:
        name, subject, body = DEFAULT_TEMPLATES.get(code, DEFAULT_TEMPLATES["general"])
        template, _ = EmailTemplate.objects.get_or_create(
            code=code, defaults={"name": name, "subject": subject, "body": body}
        )
    return template


def email_template_update(*, actor: User, template: EmailTemplate, subject: str, body: str) -> EmailTemplate:
    _template_fields_check(subject)
    _template_fields_check(body)
    template.subject, template.body, template.updated_by = subject, body, actor
    template.save()
    audit_record(actor=actor, action="email_template.updated", obj=template)
    return template


def _touch_last_contacted(*, candidate_id: int | None, contact_id: int | None, at: datetime) -> None:
    # Only ever forwards: logging an old call must not make someone look more recently contacted.
    if candidate_id:
        Candidate.objects.filter(pk=candidate_id).filter(
            Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=at)
        ).update(last_contacted_at=at)
    if contact_id:
        Contact.objects.filter(pk=contact_id).filter(
            Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=at)
        ).update(last_contacted_at=at)


@transaction.atomic
def communication_log(
    *,
    actor: User,
    kind: str,
    summary: str,
    direction: str = Communication.Direction.OUTBOUND,
    occurred_at: datetime | None = None,
    candidate: Any = None,
    contact: Any = None,
    vacancy: Any = None,
    by: User | None = None,
    subject: str = "",
    with_the_person: bool = True,
) -> Communication:
    """Put a communication on the person's timeline. `with_the_person=False` for mail about them to a
    third party (a referee): it is on their timeline but is not contact with them."""
    if candidate is None and contact is None:
        raise ValidationError({"candidate": "Choose the candidate or the contact this was with."})
    if not summary.strip():
        raise ValidationError({"summary": "Say what was discussed."})
    person = candidate if candidate is not None else contact
    when = occurred_at or timezone.now()
    if when > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": "A communication cannot be in the future."})
    communication = Communication.objects.create(
        kind=kind,
        direction=direction,
        summary=summary.strip(),
        subject=subject,
        occurred_at=when,
        candidate=candidate,
        contact=contact,
        vacancy=vacancy,
        owner=by or actor,
        team=person.team,
    )
    if kind != Communication.Kind.NOTE and with_the_person:  # a note to file is not contact
        _touch_last_contacted(
            candidate_id=candidate.pk if candidate is not None else None,
            contact_id=contact.pk if contact is not None else None,
            at=when,
        )
    audit_record(actor=actor, action="communication.logged", obj=communication, details={"kind": kind})
    return communication


def _merge_values(*, person: Any, actor: User, vacancy: Any = None, **extra: str) -> dict[str, str]:
    values = {
        "first_name": getattr(person, "first_name", ""),
        "last_name": getattr(person, "last_name", ""),
        "sender": actor.display_name,
        "vacancy": vacancy.title if vacancy is not None else "",
        "client": vacancy.client.name if vacancy is not None else "",
    }
    values.update(extra)
    return values


def email_send(
    *,
    actor: User,
    template_code: str,
    candidate: Any = None,
    contact: Any = None,
    vacancy: Any = None,
    extra: dict[str, str] | None = None,
) -> Communication:
    """Render the template for the person, send it, and log it on the timeline."""
    person = candidate if candidate is not None else contact
    if person is None:
        raise ValidationError({"candidate": "Choose who to email."})
    if not person.email:
        raise ValidationError({"email": "There is no email address on record."})
    contactability_require(person=person)
    template = email_template_get_or_create(code=template_code)
    values = _merge_values(person=person, actor=actor, vacancy=vacancy, **(extra or {}))
    subject = _merge(template.subject, values).replace("\n", " ")[:200]
    body = _merge(template.body, values)
    EmailMessage(
        subject=subject, body=body, to=[person.email], reply_to=[actor.email] if actor.email else None
    ).send()
    return communication_log(
        actor=actor,
        kind=Communication.Kind.EMAIL,
        summary=body,
        subject=subject,
        candidate=candidate,
        contact=contact,
        vacancy=vacancy,
    )
