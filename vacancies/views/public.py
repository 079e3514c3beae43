"""Pages for people without an account, reached only through core.signing links:
the client's shortlist review (view, CV download, decision per candidate) and the candidate's
"May we put you forward?" answer. core.link_pages.signed_link_page frames each: a link that does
not work shows why (never any data), rate limits, no-store and noindex headers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from candidates.models import Document
from compliance.selectors.records import reg22_notes_get
from core import files
from core.http import parse_id
from core.link_pages import signed_link_page
from core.selectors import agency_get
from vacancies.models import ClientFeedback, ShortlistEntry
from vacancies.selectors.cv_redaction import cv_text_redact
from vacancies.selectors.review_links import (
    candidate_latest_cv_get,
    review_entry_facts,
    review_link_download,
    review_link_open,
)
from vacancies.selectors.submissions import consent_link_application_get
from vacancies.services.consents import consent_link_answer
from vacancies.services.review_links import review_link_decide


@signed_link_page
def client_review(request: HttpRequest, token: str) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            review_link_decide(
                token=token,
                entry_id=parse_id(request.POST.get("entry")) or 0,  # no such entry: the message below
                decision=request.POST.get("decision", ""),
                comment=request.POST.get("comment", "")[:2000],
            )
        except ShortlistEntry.DoesNotExist:
            error = "That candidate is not on this shortlist."
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("vacancies:client_review", token=token)
    view = review_link_open(token=token)
    vacancy = view.shortlist.vacancy
    # Conduct Regs reg 22: for roles with vulnerable people the client sees the recorded steps taken
    # where references or qualifications could not be confirmed.
    notes = (
        reg22_notes_get(candidate_ids=[entry.candidate_id for entry in view.entries])
        if vacancy.works_with_vulnerable_people
        else {}
    )
    for entry in view.entries:
        entry.vetting_notes = notes.get(entry.candidate_id, [])  # type: ignore[attr-defined]
        # The pitch: the recruiter's case and facts the client can plan with. Never the candidate's
        # asking pay against the budget, nor the matcher's reasons or score (internal to the agency).
        entry.facts = review_entry_facts(entry=entry, blind=view.blind)  # type: ignore[attr-defined]
        # A blind shortlist's case is read without the name or contact details the recruiter may
        # have written into it.
        entry.case = (  # type: ignore[attr-defined]
            cv_text_redact(entry.candidate, entry.rationale) if view.blind else entry.rationale
        )
        entry.has_cv = candidate_latest_cv_get(entry.candidate) is not None  # type: ignore[attr-defined]
    return render(
        request,
        "vacancies/client_review.html",
        {
            "view": view,
            "vacancy": vacancy,
            "agency": agency_get(),
            "recruiter": view.shortlist.owner,
            "token": token,
            "decisions": ClientFeedback.Decision.choices,
            "error": error,
        },
    )


@signed_link_page
def client_review_cv(request: HttpRequest, token: str, entry_pk: int) -> HttpResponseBase:
    try:
        view, entry, document = review_link_download(token=token, entry_id=entry_pk)
    except (ShortlistEntry.DoesNotExist, Document.DoesNotExist):
        return render(
            request,
            "core/link_problem.html",
            {"message": "There is no CV for this candidate."},
            status=404,
        )
    if view.blind:
        # Blind shortlist: a text version without name, email or phone, under a neutral name.
        text = cv_text_redact(entry.candidate, document.text or "")
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        return files.protect(response, filename=f"candidate-{entry.rank}-cv.txt")
    # The neutral name's extension comes from the content type judged at upload, never the upload's name.
    suffix = files.EXTENSIONS.get(document.content_type, "bin")
    return files.attachment_response(
        document.file.open("rb"),
        filename=f"candidate-{entry.rank}-cv.{suffix}",
        content_type=document.content_type,
    )


@signed_link_page
def consent_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Conduct Regs reg 19: "May we put you forward?" for one vacancy at one client."""
    application = consent_link_application_get(token=token)
    if request.method == "POST":
        consent_link_answer(token=token, agree=request.POST.get("answer") == "yes")
        return render(
            request,
            "vacancies/consent_done.html",
            {"agreed": request.POST.get("answer") == "yes", "vacancy": application.vacancy},
        )
    return render(
        request, "vacancies/consent.html", {"application": application, "vacancy": application.vacancy}
    )
