"""`GET /portal/`: the signed-in candidate's own page, and the forms it holds. Every view gets the
candidate from the session (portal.views.account.portal_page) and looks up only that candidate's
own records: anything else is a 404. A form with errors shows the page again with what was typed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from candidates.models import Candidate, Consent
from portal.forms import account as forms
from portal.selectors.home import portal_home, portal_interview_get, portal_sar_get
from portal.services import self_service as svc
from portal.views.account import portal_page
from portal.views.base import render_public
from privacy.services.candidate_requests import sar_export_downloaded
from vacancies.models import Application
from vacancies.selectors.interview_calendar import interview_portal_ics

FORMS: dict[str, type[Form]] = {
    "contact_form": forms.ContactForm,
    "availability_form": forms.AvailabilityForm,
    "preferences_form": forms.PreferencesForm,
    "channel_form": forms.ChannelForm,
    "cv_form": forms.CvForm,
    "share_code_form": forms.ShareCodeForm,
}


def _page(
    request: HttpRequest,
    candidate: Candidate,
    bound: dict[str, Form] | None = None,
    status: int = 200,
    anchor: str = "",
    saved: dict[str, Any] | None = None,
) -> HttpResponse:
    initial = forms.initial_for(candidate)
    context: dict[str, Any] = {
        name: form_class(initial=initial, prefix=name.removesuffix("_form"))
        for name, form_class in FORMS.items()
    }
    context.update(bound or {})
    context.update(portal_home(candidate=candidate))
    context["candidate"] = candidate
    context["has_errors"] = bool(bound)
    context["error_anchor"] = anchor
    context["saved"] = saved if isinstance(saved, dict) else None
    return render_public(request, "portal/home.html", context, section="portal", status=status)


@portal_page
def home(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    return _page(request, candidate, saved=request.session.pop(SAVED_KEY, None))


SAVED_KEY = "portal_saved"


def _saved(request: HttpRequest, text: str, anchor: str, *, ok: bool = True) -> HttpResponse:
    """Back to the section the form is in, where the next page says what happened (beside the
    form, so a phone user sees it without scrolling to the top)."""
    request.session[SAVED_KEY] = {"anchor": anchor, "text": text, "ok": ok}
    return redirect(reverse("portal:home") + f"#{anchor}")


def _errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _form_view(name: str, anchor: str, save: Any, done: str) -> Any:
    """A POST-only view for one of the page's forms: valid → the service, a message, back to the
    section; invalid → the page again with the typed values and errors (400)."""

    @portal_page
    def view(request: HttpRequest, candidate: Candidate) -> HttpResponseBase:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = FORMS[name](request.POST, request.FILES, prefix=name.removesuffix("_form"))
        if form.is_valid():
            try:
                save(candidate, form.cleaned_data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                return _saved(request, done, anchor)
        return _page(request, candidate, {name: form}, status=400, anchor=anchor)

    view.__name__ = name.removesuffix("_form")
    return view


contact = _form_view(
    "contact_form",
    "details",
    lambda c, d: svc.portal_contact_update(
        candidate=c, phone=d["phone"], town=d["town"], postcode=d["postcode"]
    ),
    "Your contact details are saved.",
)
availability = _form_view(
    "availability_form",
    "availability",
    lambda c, d: svc.portal_availability_update(
        candidate=c, available_from=d["available_from"], notice_period_weeks=d["notice_period_weeks"]
    ),
    "Thank you: your availability is saved.",
)
preferences = _form_view(
    "preferences_form",
    "preferences",
    lambda c, d: svc.portal_preferences_update(candidate=c, **d),
    "Your job preferences are saved.",
)
channel = _form_view(
    "channel_form",
    "contact-choices",
    lambda c, d: svc.portal_channel_update(
        candidate=c, preferred_channel=d["preferred_channel"], contact_frequency=d["contact_frequency"]
    ),
    "Your contact choices are saved.",
)
cv = _form_view(
    "cv_form",
    "cv",
    lambda c, d: svc.portal_cv_upload(candidate=c, upload=d["file"], filename=d["file"].name or "cv"),
    "Thank you: your new CV is saved.",
)
share_code = _form_view(
    "share_code_form",
    "right-to-work",
    lambda c, d: svc.portal_share_code_give(candidate=c, share_code=d["share_code"]),
    "Thank you: our compliance team will check your share code.",
)


def _give(request: HttpRequest) -> bool | None:
    answer = request.POST.get("answer", "")
    return {"give": True, "withdraw": False}.get(answer)


@portal_page
def consent_marketing(request: HttpRequest, candidate: Candidate) -> HttpResponseBase:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    give = _give(request)
    if give is None:
        return _saved(request, "Choose whether to agree or to withdraw.", "consents", ok=False)
    svc.portal_consent_set(candidate=candidate, purpose=Consent.Purpose.MARKETING, vacancy_id=None, give=give)
    text = "You will hear from us about new jobs." if give else "You will no longer get news about new jobs."
    return _saved(request, text, "consents")


@portal_page
def consent_vacancy(request: HttpRequest, candidate: Candidate, vacancy_id: int) -> HttpResponseBase:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Only a vacancy this candidate is in the pipeline of: any other id is a 404.
    if not Application.objects.filter(candidate=candidate, vacancy_id=vacancy_id).exists():
        raise Http404
    give = _give(request)
    if give is None:
        return _saved(request, "Choose whether to agree or to withdraw.", "applications", ok=False)
    svc.portal_consent_set(
        candidate=candidate, purpose=Consent.Purpose.SUBMISSION, vacancy_id=vacancy_id, give=give
    )
    text = (
        "Thank you: we may now put you forward for this job."
        if give
        else "Done: we will not put you forward for this job."
    )
    return _saved(request, text, "applications")


@portal_page
def interview_ics(request: HttpRequest, candidate: Candidate, pk: int) -> HttpResponseBase:
    interview = portal_interview_get(candidate=candidate, pk=pk)
    if interview is None:
        raise Http404
    response = HttpResponse(interview_portal_ics(interview), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interview.ics"'
    return response


@portal_page
def data_request(request: HttpRequest, candidate: Candidate) -> HttpResponseBase:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    svc.portal_data_request(candidate=candidate)
    return _saved(
        request, "We are preparing a copy of your data. This page shows when it is ready.", "your-data"
    )


@portal_page
def data_download(request: HttpRequest, candidate: Candidate) -> HttpResponseBase:
    sar = portal_sar_get(candidate=candidate)
    if sar is None:
        raise Http404
    sar_export_downloaded(sar=sar)
    return FileResponse(sar.export_file.open("rb"), as_attachment=True, filename="my-data.zip")


@portal_page
def erase(request: HttpRequest, candidate: Candidate) -> HttpResponseBase:
    """A page of its own, with a checkbox to tick: erasure is not one mis-tap away."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = forms.EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        svc.portal_erasure_request(candidate=candidate)
        return _saved(
            request, "We have your request to erase your details. We will reply within a month.", "your-data"
        )
    status = 400 if form.is_bound else 200
    return render_public(request, "portal/erase.html", {"form": form}, section="portal", status=status)
