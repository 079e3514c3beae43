""" "Send to client" (issue 18): the page that builds a submission pack, lets the recruiter download
a preview, and sends it by email to a contact at the vacancy's client (the service checks every
gate and records the submission). The pack sent is downloaded from the application page
(vacancies/views/submissions.py), through the same visibility check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from candidates.models import Document
from candidates.selectors import candidate_cv_list
from clients.models import Contact
from core import files
from core.http import request_user
from core.services import access_log_record
from engagement.forms import SubmissionPackForm
from engagement.selectors.contactability import NotContactable
from engagement.services.submission_packs import AFTER_SUBMISSION, submission_pack_send
from vacancies.models import CLOSED_STAGES, Application
from vacancies.selectors.pipeline import application_get
from vacancies.selectors.submissions import shortlist_entry_approved_get, submission_elsewhere_list
from vacancies.services.packs import (
    pack_is_blind,
    submission_pack_build,
    submission_pack_filename,
    submission_pack_message_default,
)
from vacancies.services.pipeline import PipelineRefused, submission_gates
from vacancies.views.common import apply_errors
from vacancies.views.submissions import duplicate_text


def _refusal(application: Application) -> str:
    """Why a pack cannot go yet (the gates, read only), or ""."""
    if application.stage in CLOSED_STAGES:
        return f"This application is closed ({application.get_stage_display().lower()})."
    try:
        submission_gates(application)
    except PipelineRefused as exc:
        return exc.detail
    return ""


def _preview(request: HttpRequest, application: Application, form: SubmissionPackForm) -> HttpResponseBase:
    """The pack as it would go, built now and downloaded: nothing is recorded or sent."""
    user = request_user(request)
    cvs = {d.pk: d for d in candidate_cv_list(candidate=application.candidate)}
    chosen = form.cleaned_data.get("document") if form.is_valid() else None
    document: Document | None = cvs.get(chosen) if chosen else next(iter(cvs.values()), None)
    entry = shortlist_entry_approved_get(application)
    data = submission_pack_build(application=application, entry=entry, document=document, actor=user)
    access_log_record(
        user=user,
        action="download",
        obj=application.candidate,
        details={"via": "submission_pack_preview", "application": application.pk},
    )
    name = "preview-" + submission_pack_filename(application=application, entry=entry)
    return files.protect(HttpResponse(data, content_type=files.PDF), filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def submission_pack(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    application = application_get(user=user, pk=pk, action="change")
    vacancy = application.vacancy
    contacts = list(
        Contact.objects.filter(client_id=vacancy.client_id, anonymised_at__isnull=True).order_by(
            "last_name", "first_name"
        )
    )
    cvs = list(candidate_cv_list(candidate=application.candidate))
    default_contact = vacancy.contact or (contacts[0] if contacts else None)
    subject, body = submission_pack_message_default(
        application=application,
        contact_first_name=default_contact.first_name if default_contact else "",
        actor=user,
    )
    initial = {
        "contact": default_contact.pk if default_contact else None,
        "document": cvs[0].pk if cvs else None,
        "subject": subject,
        "message": body,
    }
    form = SubmissionPackForm(
        request.POST if request.method == "POST" else None, initial=initial, contacts=contacts, cvs=cvs
    )
    if request.method == "POST" and request.POST.get("action") == "preview":
        return _preview(request, application, form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = submission_pack_send(
                actor=user,
                application=application,
                contact=data["contact"],
                document=data.get("document") or None,
                subject=data["subject"],
                message=data["message"],
            )
        except PipelineRefused as exc:
            form.add_error(None, exc.detail)
        except NotContactable as exc:
            form.add_error("contact", exc.answer.reason)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            name = submission.contact.full_name if submission.contact else "the client"
            messages.success(request, f"Submission pack sent to {name}: it is on its way.")
            for warning in submission_elsewhere_list(application):
                messages.warning(request, duplicate_text(warning))
            return redirect(reverse("vacancies:application", args=[application.pk]) + "#submissions")
    return render(
        request,
        "engagement/submission_pack.html",
        {
            "application": application,
            "vacancy": vacancy,
            "form": form,
            "refusal": _refusal(application),
            "blind": pack_is_blind(application),
            "already_submitted": application.stage in AFTER_SUBMISSION,
            "has_cv": bool(cvs),
        },
        status=422 if request.method == "POST" else 200,  # a send that did not go: the form's errors
    )
