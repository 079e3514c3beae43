"""Logging communications and sending email from templates.

Every email is queued through `engagement.services.emails.email_queue` (the contact rule, then the
Celery worker sends it through Django's email backend), is logged on the timeline when it is sent,
and moves the person's `last_contacted_at` forward.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Contact
from core.models import User
from core.services import audit_record
from engagement.models import Communication, EmailTemplate, OutboundEmail
from engagement.selectors.contactability import contactability_require
from engagement.services.message_templates import SYSTEM_TEMPLATES

MERGE_FIELDS = ("first_name", "last_name", "vacancy", "client", "sender", "complaint_reference", "link")
# Issue 19: the privacy notice's text and version (the privacy_notice template).
NOTICE_FIELDS = ("notice", "notice_version")
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
    # Sent at once to everyone who applies on the careers site (portal; seeded by migration 0007).
    "application-received": (
        "Application received",
        "We have your application: {{ vacancy }}",
        "Dear {{ first_name }},\n\n"
        "Thank you for applying for the {{ vacancy }} role. Your application and CV have reached us "
        "safely, and {{ sender }} will read them personally.\n\n"
        "What happens next:\n"
        "- We compare your experience with what the role needs.\n"
        "- If it looks like a good fit, we will call or email you to talk it through before your "
        "details go to anyone else. We never send your CV to an employer without asking you first.\n"
        "- Either way, you will hear from us within 10 business days. If it is not the right match "
        "this time, we will tell you, not leave you wondering.\n\n"
        "If you told us you need adjustments for an interview, we will ask what would help when we "
        "get in touch.\n\n"
        "If anything changes, or you have a question, simply reply to this email.\n\n"
        "Best wishes,\n{{ sender }}",
    ),
    # The candidate portal's one-time sign-in link (portal app; seeded by migration 0008).
    "portal_sign_in": (
        "Portal sign-in link",
        "Your sign-in link",
        "Dear {{ first_name }},\n\nHere is your link to see your applications and update your details. "
        "It works once, for a short time:\n\n{{ link }}\n\nIf you did not ask for it, you can ignore "
        "this email.\n\nBest wishes,\n{{ sender }}",
    ),
}
# Issue 19: the stage messages and the art. 14 privacy notice (seeded by migration 0010).
DEFAULT_TEMPLATES.update(SYSTEM_TEMPLATES)


def _template_fields_check(text: str, field: str | None = None) -> None:
    unknown = sorted(
        {name for name in _MERGE.findall(text) if name not in (*MERGE_FIELDS, *NOTICE_FIELDS, "summary")}
    )
    if unknown:
        message = (
            f"Unknown merge fields: {', '.join(unknown)}. Use only: "
            + ", ".join("{{ " + name + " }}" for name in MERGE_FIELDS)
            + "."
        )
        raise ValidationError({field: [message]} if field else message)
    if field and ("{%" in text or "%}" in text):
        raise ValidationError({field: ["Only {{ merge fields }} may be used, no other template code."]})


def email_template_create(*, actor: User, name: str, subject: str, body: str) -> EmailTemplate:
    """A manager's new template (recruiters only use them). Merge fields are checked."""
    from django.utils.text import slugify

    name, subject = name.strip(), subject.replace("\n", " ").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Give the template a name."]
    elif EmailTemplate.objects.filter(name__iexact=name).exists():
        errors["name"] = ["There is already a template with this name."]
    for field, text in (("subject", subject), ("body", body)):
        if not text.strip():
            errors.setdefault(field, []).append("This field is required.")
        try:
            _template_fields_check(text, field)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.message_dict[field])
    if errors:
        raise ValidationError(errors)
    base = (slugify(name)[:40] or "template").strip("-")
    code, n = base, 1
    while code in DEFAULT_TEMPLATES or EmailTemplate.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    template = EmailTemplate.objects.create(
        code=code, name=name[:100], subject=subject[:200], body=body, updated_by=actor
    )
    audit_record(actor=actor, action="email_template.created", obj=template)
    return template


def email_template_delete(*, actor: User, template: EmailTemplate) -> None:
    """Delete a manager's template. The app's own (general, complaint follow-up, survey) stay: the
    app sends them itself; edit them instead. Messages already sent keep their text."""
    if template.code in DEFAULT_TEMPLATES:
        raise ValidationError("The app sends this template itself: edit it rather than delete it.")
    audit_record(actor=actor, action="email_template.deleted", obj=template)
    template.delete()


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


def email_template_update(
    *, actor: User, template: EmailTemplate, subject: str, body: str, name: str | None = None
) -> EmailTemplate:
    errors: dict[str, list[str]] = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            _template_fields_check(text, field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    name = (name or "").strip()
    if name and EmailTemplate.objects.filter(name__iexact=name).exclude(pk=template.pk).exists():
        errors["name"] = ["There is already a template with this name."]
    if errors:
        raise ValidationError(errors)
    template.subject, template.body, template.updated_by = subject, body, actor
    if name:
        template.name = name[:100]
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


# Which kind of message each template sends (engagement.models.email.EMAIL_KINDS).
TEMPLATE_KINDS = {
    "general": "update",
    "complaint_follow_up": "complaint",
    "survey": "survey",
    "application-received": "application_received",
    "portal_sign_in": "portal_sign_in",
}


def email_send(
    *,
    actor: User | None,
    template_code: str,
    candidate: Any = None,
    contact: Any = None,
    vacancy: Any = None,
    extra: dict[str, str] | None = None,
) -> OutboundEmail:
    """Render the template for the person and queue it through `email_queue` (the one door: the
    contact rule, then the Celery worker sends it and puts it on the timeline). `actor` None for the
    app's own automatic mail (the person's owner signs it)."""
    from engagement.services.emails import email_queue  # emails imports this module's merge helpers

    person = candidate if candidate is not None else contact
    if person is None:
        raise ValidationError({"candidate": "Choose who to email."})
    contactability_require(person=person)
    template = email_template_get_or_create(code=template_code)
    values = _merge_values(person=person, actor=actor or person.owner, vacancy=vacancy, **(extra or {}))
    subject = _merge(template.subject, values).replace("\n", " ")[:200]
    body = _merge(template.body, values)
    return email_queue(
        actor=actor,
        kind=TEMPLATE_KINDS.get(template_code, "update"),
        subject=subject,
        body=body,
        candidate=candidate,
        contact=contact if candidate is None else None,
        vacancy=vacancy,
        template=template,
    )


def email_template_render(
    *, template: EmailTemplate, actor: User, candidate: Any = None, contact: Any = None, vacancy: Any = None
) -> tuple[str, str]:
    """The template's subject and body with the merge fields filled for this person: a starting point
    the sender edits before sending."""
    person = candidate if candidate is not None else contact
    values = _merge_values(person=person, actor=actor, vacancy=vacancy)
    return _merge(template.subject, values).replace("\n", " ")[:200], _merge(template.body, values)


def email_fields_fill(
    *, subject: str, body: str, actor: User, candidate: Any = None, contact: Any = None, vacancy: Any = None
) -> tuple[str, str]:
    """Merge fields left in a message ({{ first_name }}…) filled in for this person: the preview
    shows, and the person receives, the merged text."""
    person = candidate if candidate is not None else contact
    values = _merge_values(person=person, actor=actor, vacancy=vacancy)
    return _merge(subject, values), _merge(body, values)
