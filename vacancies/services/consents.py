"""Consent to be put forward (Conduct Regs reg 19): the candidate agrees for *this* vacancy — a
`submission` consent naming it, no blanket consent — recorded by the recruiter (method, time,
wording) or given by the candidate through a signed, expiring, single-use link, which the app emails
to them (`consent_request_send`) and the recruiter may still copy."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from candidates.models import Consent
from candidates.services import consent_record
from core.models import SignedLink, User
from core.services import audit_record
from core.signing import signed_link_create, signed_link_use
from vacancies.models import Application
from vacancies.selectors.submissions import CONSENT_PURPOSE
from vacancies.services.refusals import email_queue_or_refuse

CONSENT_LINK_DAYS = 7
CONSENT_WORDING = "consent-link-v1"


@transaction.atomic
def submission_consent_record(
    *,
    actor: User,
    application: Application,
    method: str,
    wording: str,
    given_at: datetime.datetime | None = None,
) -> Consent:
    """The recruiter records the candidate's agreement for this vacancy (method, time, wording)."""
    if method not in Consent.Method.values:
        raise ValidationError({"method": ["Choose how the candidate agreed."]})
    if not wording.strip():
        raise ValidationError({"wording": ["Give the wording the candidate agreed to."]})
    if given_at is not None and given_at > timezone.now():
        raise ValidationError({"given_at": ["The time they agreed cannot be in the future."]})
    return consent_record(
        actor=actor,
        candidate=application.candidate,
        purpose=Consent.Purpose.SUBMISSION,
        lawful_basis="consent",
        method=method,
        wording_version=wording.strip()[:30],
        vacancy_id=application.vacancy_id,
        given_at=given_at,
    )


def consent_link_url(token: str) -> str:
    """The link's address as the candidate opens it (SITE_URL: mail leaves the request's host)."""
    return settings.SITE_URL.rstrip("/") + reverse("vacancies:consent_answer", args=[token])


@transaction.atomic
def consent_request_send(*, actor: User, application: Application) -> tuple[SignedLink, str, Any]:
    """Email the candidate "May we put you forward?" for this vacancy with a fresh single-use link
    (kind `consent_request`, through the one door: core.outbound → engagement's email_queue).

    The contact rule refuses (PipelineRefused with its code: `do_not_contact`, `suppressed`…) before
    anything is kept: no link, no message. Returns the link, its token (still shown once, to copy) and the
    queued message."""
    link, token = consent_link_create(actor=actor, application=application)
    candidate, vacancy = application.candidate, application.vacancy
    until = date_format(timezone.localtime(link.expires_at), "j F Y")
    body = (
        f"Dear {candidate.first_name},\n\n"
        f"We would like to put you forward to {vacancy.client.name} for the role of {vacancy.title}. "
        "We only send your details and CV to a client with your agreement, for each vacancy.\n\n"
        f"Please tell us yes or no here (the link works once, until {until}):\n"
        f"{consent_link_url(token)}\n\n"
        f"Best wishes,\n{actor.display_name}"
    )
    email = email_queue_or_refuse(
        actor=actor,
        kind="consent_request",
        candidate=candidate,
        vacancy=vacancy,
        subject=f"May we put you forward for {vacancy.title}?",
        body=body,
    )
    return link, token, email


def consent_link_create(*, actor: User, application: Application) -> tuple[SignedLink, str]:
    """A single-use link asking the candidate "May we put you forward?" for this vacancy."""
    return signed_link_create(
        purpose=CONSENT_PURPOSE,
        obj=application,
        expires_in=timedelta(days=CONSENT_LINK_DAYS),
        created_by=actor,
        max_uses=1,
    )


@transaction.atomic
def consent_link_answer(*, token: str, agree: bool) -> tuple[Application, Consent | None]:
    """The candidate's answer through the link (SignedLinkError when the link does not work)."""
    link = signed_link_use(token=token, purpose=CONSENT_PURPOSE)
    application = Application.objects.select_related("candidate").get(pk=link.object_id)
    consent = None
    if agree:
        consent = consent_record(
            actor=link.created_by,  # recorded through their link
            candidate=application.candidate,
            purpose=Consent.Purpose.SUBMISSION,
            lawful_basis="consent",
            method=Consent.Method.WEB_FORM,
            wording_version=CONSENT_WORDING,
            vacancy_id=application.vacancy_id,
            evidence=f"signed link #{link.pk}",
        )
    audit_record(actor=None, action="submission.consent_answered", obj=application, details={"agreed": agree})
    return application, consent
