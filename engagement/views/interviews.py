"""The candidate's answer to an interview invitation: no account, the signed link is the key
(core.link_pages frames it: a link that does not work says why and shows nothing)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.link_pages import signed_link_page
from core.selectors import agency_get
from engagement.forms import InterviewAnswerForm
from engagement.selectors.interview_invites import interview_confirm_get
from engagement.services.interview_invites import interview_confirm_answer
from vacancies.selectors.interview_calendar import interview_when_text


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
        "agency": agency_get(),
    }
    return render(request, "engagement/interview_confirm.html", context, status=status)
