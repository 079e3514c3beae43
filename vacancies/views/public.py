"""Pages for people without an account, reached only through core.signing links:
the client's shortlist review (view, CV download, decision per candidate) and the candidate's
"May we put you forward?" answer. core.link_pages.signed_link_page frames each: a link that does
not work shows why (never any data), rate limits, no-store and noindex headers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from candidates.models import Document
from compliance.selectors import reg22_notes_for_client
from core import files
from core.link_pages import signed_link_page
from core.signing import signed_link_check
from vacancies import matching, review_links, submissions
from vacancies.models import Application, ClientFeedback, ShortlistEntry


@signed_link_page
def client_review(request: HttpRequest, token: str) -> HttpResponse:
    error = ""
    if request.method == "POST":
        entry_id = request.POST.get("entry", "")
        try:
            review_links.review_decide(
                token=token,
                entry_id=int(entry_id) if entry_id.isdigit() else 0,
                decision=request.POST.get("decision", ""),
                comment=request.POST.get("comment", "")[:2000],
            )
        except ShortlistEntry.DoesNotExist:
            error = "That candidate is not on this shortlist."
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("vacancies:client_review", token=token)
    view = review_links.review_open(token=token)
    vacancy = view.shortlist.vacancy
    must_total = len([n for n in vacancy.must_have_skills if n.strip()])
    # Conduct Regs reg 22: for roles with vulnerable people the client sees the recorded steps taken
    # where references or qualifications could not be confirmed.
    notes = (
        reg22_notes_for_client(candidate_ids=[entry.candidate_id for entry in view.entries])
        if vacancy.works_with_vulnerable_people
        else {}
    )
    for entry in view.entries:
        entry.vetting_notes = notes.get(entry.candidate_id, [])  # type: ignore[attr-defined]
        entry.reasons = matching.reasons(entry.match_rationale, must_total=must_total)  # type: ignore[attr-defined]
        entry.has_cv = review_links.latest_cv(entry.candidate) is not None  # type: ignore[attr-defined]
    return render(
        request,
        "vacancies/client_review.html",
        {
            "view": view,
            "vacancy": vacancy,
            "token": token,
            "decisions": ClientFeedback.Decision.choices,
            "error": error,
        },
    )


@signed_link_page
def client_review_cv(request: HttpRequest, token: str, entry_pk: int) -> HttpResponseBase:
    try:
        view, entry, document = review_links.review_download(token=token, entry_id=entry_pk)
    except (ShortlistEntry.DoesNotExist, Document.DoesNotExist):
        return render(
            request,
            "core/link_problem.html",
            {"message": "There is no CV for this candidate."},
            status=404,
        )
    if view.blind:
        # Blind shortlist: a text version without name, email or phone, under a neutral name.
        text = review_links.redacted_text(entry.candidate, document.text or "")
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
    link = signed_link_check(token=token, purpose=submissions.CONSENT_PURPOSE)
    application = Application.objects.select_related("vacancy__client", "candidate").get(pk=link.object_id)
    if request.method == "POST":
        submissions.consent_link_answer(token=token, agree=request.POST.get("answer") == "yes")
        return render(
            request,
            "vacancies/consent_done.html",
            {"agreed": request.POST.get("answer") == "yes", "vacancy": application.vacancy},
        )
    return render(
        request, "vacancies/consent.html", {"application": application, "vacancy": application.vacancy}
    )
