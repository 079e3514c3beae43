"""Consent to be put forward for one vacancy (Conduct Regs reg 19): recorded by the recruiter, or
asked for through a signed link the candidate answers (portal/views/answers.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from core.http import request_user
from vacancies.selectors.pipeline import application_get
from vacancies.services.consents import (
    consent_link_create,
    consent_request_send,
    submission_consent_record,
)
from vacancies.services.refusals import PipelineRefused
from vacancies.views.common import error_text


@login_required
@require_POST
def consent_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Conduct Regs reg 19: the recruiter records the agreement (method, time, wording)."""
    user = request_user(request)
    application = application_get(user=user, pk=pk, action="change")
    given_text = request.POST.get("given_at", "").strip()[:40]
    given_at = parse_datetime(given_text) if given_text else None
    if given_at is not None and timezone.is_naive(given_at):
        given_at = timezone.make_aware(given_at)
    try:
        if given_text and given_at is None:
            raise ValidationError({"given_at": ["Give the date and time they agreed."]})
        submission_consent_record(
            actor=user,
            application=application,
            method=request.POST.get("method", ""),
            wording=request.POST.get("wording", ""),
            given_at=given_at,
        )
        messages.success(request, "Consent to put the candidate forward for this vacancy recorded.")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("vacancies:application", pk=application.pk)


@login_required
@require_POST
def consent_link(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Email the request" (send=1): the app emails the candidate the link; or a link to copy. The
    link is shown once either way. A refusal by the contact rule shows its reason; nothing is sent."""
    user = request_user(request)
    application = application_get(user=user, pk=pk, action="change")
    if request.POST.get("send") == "1":
        try:
            link, token, _ = consent_request_send(actor=user, application=application)
        except (PipelineRefused, ValidationError) as exc:
            messages.error(request, error_text(exc))
            return redirect("vacancies:application", pk=application.pk)
        messages.success(
            request, f"Consent request emailed to {application.candidate.full_name}: it is on the way."
        )
    else:
        link, token = consent_link_create(actor=user, application=application)
    request.session[f"consent-{application.pk}"] = {
        "url": request.build_absolute_uri(reverse("portal:consent_answer", args=[token])),
        "expires_at": link.expires_at.isoformat(),
        "sent": request.POST.get("send") == "1",
    }
    return redirect("vacancies:application", pk=application.pk)
