"""The client's shortlist review (no account; the signed link is the key): the recommended
candidates, a decision per candidate, and each CV as a download (blind when the vacancy says so).
core.link_pages.signed_link_page frames each: a link that does not work shows why (never any data),
rate limits, no-store and noindex headers. The reads and the decision live in vacancies
(selectors/review_links.py, services/review_links.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from candidates.models import Document
from core import files
from core.http import parse_id
from core.link_pages import signed_link_page
from portal.views.base import render_public
from vacancies.models import ClientFeedback, ShortlistEntry
from vacancies.selectors.review_links import review_link_cv, review_link_page
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
            return redirect("portal:client_review", token=token)
    view = review_link_page(token=token)
    return render_public(
        request,
        "portal/links/client_review.html",
        {
            "view": view,
            "vacancy": view.shortlist.vacancy,
            "recruiter": view.shortlist.owner,
            "token": token,
            "decisions": ClientFeedback.Decision.choices,
            "error": error,
        },
        section="review",
    )


@signed_link_page
def client_review_cv(request: HttpRequest, token: str, entry_pk: int) -> HttpResponseBase:
    try:
        cv = review_link_cv(token=token, entry_id=entry_pk)
    except (ShortlistEntry.DoesNotExist, Document.DoesNotExist):
        return render_public(
            request, "core/link_problem.html", {"message": "There is no CV for this candidate."}, status=404
        )
    if cv.text is not None:
        response = HttpResponse(cv.text, content_type=cv.content_type)
        return files.protect(response, filename=cv.filename)
    return files.attachment_response(
        cv.document.file.open("rb"), filename=cv.filename, content_type=cv.content_type
    )
