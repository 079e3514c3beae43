"""Putting a candidate forward to the client (Conduct Regs reg 19/21/28), the reg 21 written
confirmation, and the application page's consent, submission and client-feedback panels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from candidates.models import Consent
from candidates.selectors import candidate_cv_list
from core import files
from core.http import request_user
from core.permissions import get_object_for_user_or_404
from core.services import access_log_record
from vacancies.models import Application, ConfirmationTask, Stage, Submission
from vacancies.selectors.pipeline import application_get
from vacancies.selectors.submissions import (
    shortlist_entry_approved_get,
    submission_consent_live_get,
    submission_elsewhere_list,
)
from vacancies.services.pipeline import PipelineRefused, application_move
from vacancies.services.submissions import confirmation_task_complete
from vacancies.views.common import allowed, error_text


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the candidate forward: contact, channel and CV version (Conduct Regs reg 19/21/28)."""
    user = request_user(request)
    application = application_get(user=user, pk=pk, action="change")
    try:
        application_move(
            actor=user,
            application=application,
            stage=Stage.SUBMITTED,
            contact=request.POST.get("contact") or None,
            channel=request.POST.get("channel") or "email",
            document=request.POST.get("document") or None,
        )
    except (PipelineRefused, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "Submitted to the client.")
        for warning in submission_elsewhere_list(application):
            messages.warning(request, duplicate_text(warning))
    return redirect("vacancies:application", pk=application.pk)


def duplicate_text(warning: dict[str, str]) -> str:
    at = warning["at"][:10]
    return (
        f"Already put forward to this client by {warning['by']} on {at} (for {warning['vacancy']}): "
        "check who owns this introduction."
    )


@login_required
def submission_pack_download(request: HttpRequest, pk: int, submission_pk: int) -> HttpResponseBase:
    """The exact submission pack that went to the client (issue 18), kept with the email that
    carried it; only for someone who can see the application (404 otherwise)."""
    user = request_user(request)
    application = application_get(user=user, pk=pk)
    submission = (
        Submission.objects.filter(application=application, pk=submission_pk, email__isnull=False)
        .select_related("email")
        .first()
    )
    kept = submission.email.files.first() if submission is not None and submission.email else None
    if kept is None or not kept.file:
        raise Http404("No pack was kept for this submission.")  # none sent, or erased since
    access_log_record(
        user=user,
        action="download",
        obj=submission,
        details={"via": "submission_pack", "application": application.pk},
    )
    return files.attachment_response(
        kept.file.open("rb"), filename=kept.filename, content_type=kept.content_type
    )


@login_required
@require_POST
def confirmation_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_object_for_user_or_404(user, ConfirmationTask.objects.select_related("submission"), pk=pk)
    if not allowed(user, task.application, "change"):
        raise PermissionDenied
    confirmation_task_complete(actor=user, task=task)
    messages.success(request, "Written confirmation recorded (Conduct Regs reg 21).")
    return redirect("vacancies:application", pk=task.application_id)


def application_context(request: HttpRequest, app: Application) -> dict[str, object]:
    """The application page's consent, submission and client-feedback panels."""
    entry = shortlist_entry_approved_get(app)
    consent = submission_consent_live_get(app)
    return {
        "approved_entry": entry,
        "submission_consent": consent,
        "consent_methods": [(v, label) for v, label in Consent.Method.choices if v != "application"],
        "consent_link": request.session.pop(f"consent-{app.pk}", None),
        "submissions": Submission.objects.filter(application=app).select_related(
            "contact", "document", "submitted_by", "email"
        ),
        "confirmation_tasks": ConfirmationTask.objects.filter(application=app),
        "client_feedback": list(entry.client_feedback.all()) if entry is not None else [],
        "contacts": app.vacancy.client.contacts.all(),
        "cvs": list(candidate_cv_list(candidate=app.candidate)),
        "channels": Submission.Channel.choices,
    }
