"""Reference requests (issue 18): the app emails the referee a signed link to a form; their answer
is recorded as a received reference check.

The link (core.signing, purpose `reference`) carries no personal data, works once and expires; only
its hash is stored. The message goes through the one door (core.outbound → engagement's
`email_queue`, kind `reference_request`, to the referee's address, on the candidate's timeline):
an anonymised candidate or a suppressed address refuses it before anything is kept. The answer
becomes a `ReferenceCheck` recorded by the recruiter who asked, as *received* and not verified:
four eyes — a compliance officer, someone else, verifies it (compliance.services.identity).
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from candidates.models import Candidate
from compliance.models import ReferenceRequest
from compliance.querysets import can_record
from compliance.selectors.references import REFERENCE_PURPOSE
from compliance.services.history import reference_check_record
from core import outbound
from core.models import User
from core.selectors import agency_get
from core.services import audit_record
from core.signing import SignedLinkUsedUp, signed_link_create, signed_link_use

REFERENCE_LINK_DAYS = 21
ADD_PERM = "compliance.add_referencerequest"


def reference_answer_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("portal:reference-answer", args=[token])


def _request_check(fields: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for name, message in (
        ("referee_name", "Give the referee's name."),
        ("referee_email", "Give the referee's email address: the request is emailed to them."),
        ("relationship", "Say how the referee knows the candidate (e.g. line manager)."),
    ):
        if not str(fields.get(name) or "").strip():
            errors[name] = [message]
    if "referee_email" not in errors:
        try:
            validate_email(fields["referee_email"])
        except ValidationError:
            errors["referee_email"] = ["Enter a valid email address."]
    start, end = fields.get("employed_from"), fields.get("employed_to")
    if start and end and end < start:
        errors["employed_to"] = ["The end is before the start."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reference_request_send(
    *,
    actor: User,
    candidate: Candidate,
    referee_name: str,
    referee_email: str,
    relationship: str,
    is_relative: bool = False,
    organisation: str = "",
    employed_from: datetime.date | None = None,
    employed_to: datetime.date | None = None,
) -> ReferenceRequest:
    """Ask a referee by email. Refused (nothing kept, nothing sent) with the contact rule's
    ValidationError (`api_code`) for an anonymised candidate or a suppressed address."""
    if not can_record(actor, candidate, ADD_PERM):
        raise PermissionDenied("You may not request references for this candidate.")
    fields = {
        "referee_name": (referee_name or "").strip()[:200],
        "referee_email": (referee_email or "").strip()[:254],
        "relationship": (relationship or "").strip()[:100],
        "organisation": (organisation or "").strip()[:200],
        "employed_from": employed_from,
        "employed_to": employed_to,
    }
    _request_check(fields)
    request = ReferenceRequest.objects.create(
        candidate=candidate,
        is_relative=bool(is_relative),
        requested_by=actor,
        expires_at=timezone.now() + timedelta(days=REFERENCE_LINK_DAYS),
        **fields,
    )
    link, token = signed_link_create(
        purpose=REFERENCE_PURPOSE,
        obj=request,
        expires_in=timedelta(days=REFERENCE_LINK_DAYS),
        created_by=actor,
        max_uses=1,
    )
    request.link, request.expires_at = link, link.expires_at
    request.save(update_fields=["link", "expires_at"])
    at = f" at {request.organisation}" if request.organisation else ""
    until = date_format(timezone.localtime(link.expires_at), "j F Y")
    body = (
        f"Dear {request.referee_name},\n\n"
        f"{candidate.full_name} has given your name as a referee ({request.relationship}{at}). "
        f"{agency_get().name} would be grateful if you could confirm a few details: the dates they "
        "worked with you, their role, whether you would employ them again, and anything you wish "
        "to add. It takes a few minutes and needs no account:\n\n"
        f"{reference_answer_url(token)}\n\n"
        f"The link works once, until {until}. If you are not {request.referee_name}, please "
        "ignore this message.\n\n"
        f"With thanks,\n{actor.display_name}"
    )
    outbound.email_queue(
        actor=actor,
        kind="reference_request",
        candidate=candidate,
        to_email=request.referee_email,
        subject=f"Reference request for {candidate.full_name}",
        body=body,
    )
    audit_record(
        actor=actor, action="reference_request.sent", obj=request, details={"candidate": candidate.pk}
    )
    return request


def _answer_check(answer: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not answer.get("confirm"):
        errors["confirm"] = ["Confirm that you are the referee named in the request."]
    start, end = answer.get("employed_from"), answer.get("employed_to")
    if start and start > today:
        errors["employed_from"] = ["The start cannot be in the future."]
    if end and end > today:
        errors["employed_to"] = ["The end cannot be in the future."]
    if start and end and end < start:
        errors["employed_to"] = ["The end is before the start."]
    if answer.get("would_re_employ") not in (True, False, None):
        errors["would_re_employ"] = ["Choose yes, no or prefer not to say."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reference_request_answer(
    *,
    token: str,
    role: str,
    employed_from: datetime.date | None,
    employed_to: datetime.date | None,
    would_re_employ: bool | None,
    comments: str,
    consent_to_disclose: bool,
    confirm: bool,
) -> ReferenceRequest:
    """The referee's answer through the link (SignedLinkError when it does not work): recorded on
    the request and as a received, unverified reference check. A bad answer keeps the link."""
    answer = {
        "employed_from": employed_from,
        "employed_to": employed_to,
        "would_re_employ": would_re_employ,
        "confirm": confirm,
    }
    _answer_check(answer)
    link = signed_link_use(token=token, purpose=REFERENCE_PURPOSE)
    request = (
        ReferenceRequest.objects.select_for_update(of=("self",))
        .select_related("candidate", "requested_by")
        .get(pk=link.object_id)
    )
    if request.answered_at is not None:
        raise SignedLinkUsedUp
    if request.candidate.anonymised_at is not None:
        raise ReferenceRequest.DoesNotExist
    today = timezone.localdate()
    check = reference_check_record(
        actor=request.requested_by,  # recorded for the recruiter who asked: four eyes still apply
        candidate=request.candidate,
        referee_name=request.referee_name,
        referee_email=request.referee_email,
        relationship=request.relationship,
        is_relative=request.is_relative,
        organisation=request.organisation,
        employed_from=employed_from or request.employed_from,
        employed_to=employed_to or request.employed_to,
        requested_on=min(timezone.localtime(request.requested_at).date(), today),
        received_on=today,
        verified=False,
        consent_to_disclose=bool(consent_to_disclose),
    )
    request.answered_at = timezone.now()
    request.answer_role = (role or "").strip()[:200]
    request.answer_employed_from, request.answer_employed_to = employed_from, employed_to
    request.would_re_employ = would_re_employ
    request.comments = (comments or "").strip()[:5000]
    request.reference_check = check
    request.save()
    audit_record(
        actor=None,
        action="reference_request.answered",
        obj=request,
        details={"candidate": request.candidate_id, "reference": check.pk},
    )
    return request
