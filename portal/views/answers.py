"""A candidate's answers through the links the agency emails them (no account; the signed link is
the key; core.link_pages.signed_link_page frames each): "May we put you forward?" (Conduct Regs
reg 19), the interview invitation's confirm-or-rearrange, and the feedback survey. What an answer
does lives in the owning apps' services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from core.link_pages import signed_link_page
from engagement.selectors.feedback import feedback_request_get
from engagement.selectors.interview_invites import interview_confirm_get
from engagement.services.feedback import feedback_submit
from engagement.services.interview_invites import interview_confirm_answer
from portal.forms import InterviewAnswerForm, SurveyForm
from portal.views.base import render_public
from vacancies.selectors.interview_calendar import interview_when_text
from vacancies.selectors.submissions import consent_link_application_get
from vacancies.services.consents import consent_link_answer


@signed_link_page
def consent_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Conduct Regs reg 19: "May we put you forward?" for one vacancy at one client."""
    application = consent_link_application_get(token=token)
    context = {"application": application, "vacancy": application.vacancy}
    if request.method == "POST":
        agreed = request.POST.get("answer") == "yes"
        consent_link_answer(token=token, agree=agreed)
        return render_public(request, "portal/links/consent_done.html", {**context, "agreed": agreed})
    return render_public(request, "portal/links/consent.html", context)


@signed_link_page
def interview_confirm(request: HttpRequest, token: str) -> HttpResponse:
    interview = interview_confirm_get(token=token)
    form = InterviewAnswerForm(request.POST if request.method == "POST" else None)
    done = ""
    status = 200
    if request.method == "POST":
        if form.is_valid() and not interview.is_cancelled:
            attending = form.cleaned_data["answer"] == "attend"
            interview = interview_confirm_answer(
                token=token, attending=attending, message=form.cleaned_data["message"]
            )
            done = "attend" if attending else "rearrange"
        elif not form.is_valid():
            if "answer" in form.errors:
                form.add_error(None, "Choose to confirm or to rearrange.")
            status = 400
    context = {
        "interview": interview,
        "vacancy": interview.application.vacancy,
        "when": interview_when_text(interview),
        "form": form,
        "done": done,
    }
    return render_public(request, "portal/links/interview_confirm.html", context, status=status)


@signed_link_page
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """One answer per link."""
    feedback_request = feedback_request_get(token=token)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(token=token, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("score", exc.messages[0])
        else:
            return render_public(request, "portal/links/survey.html", {"thanks": True})
    return render_public(
        request,
        "portal/links/survey.html",
        {"form": form, "stage": feedback_request.get_stage_display()},
        status=422 if form.errors else 200,
    )
