"""Pages for people without an account, reached only through core.signing links:
the client's shortlist review (view, CV download, decision per candidate) and the candidate's
"May we put you forward?" answer. A link that does not work shows why — never any data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from candidates.models import Document
from compliance.selectors import reg22_notes_for_client
from core.signing import SignedLinkError, signed_link_check
from vacancies import matching, review_links, submissions
from vacancies.models import Application, ClientFeedback, ShortlistEntry


def _link_problem(request: HttpRequest, exc: SignedLinkError) -> HttpResponse:
    status = 410 if exc.reason in ("expired", "revoked", "used") else 404
    return render(
        request, "vacancies/link_problem.html", {"message": exc.message, "reason": exc.reason}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
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
        except SignedLinkError as exc:
            return _link_problem(request, exc)
        except ShortlistEntry.DoesNotExist:
            error = "That candidate is not on this shortlist."
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("vacancies:client_review", token=token)
    try:
        view = review_links.review_open(token=token)
    except SignedLinkError as exc:
        return _link_problem(request, exc)
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


@never_cache
def client_review_cv(request: HttpRequest, token: str, entry_pk: int) -> HttpResponseBase:
    try:
        view, entry, document = review_links.review_download(token=token, entry_id=entry_pk)
    except SignedLinkError as exc:
        return _link_problem(request, exc)
    except (ShortlistEntry.DoesNotExist, Document.DoesNotExist):
        return render(
            request,
            "vacancies/link_problem.html",
            {"message": "There is no CV for this candidate."},
            status=404,
        )
    if view.blind:
        # Blind shortlist: a text version without name, email or phone, under a neutral name.
        text = review_links.redacted_text(entry.candidate, document.text or "")
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="candidate-{entry.rank}-cv.txt"'
        return response
    suffix = document.filename.rsplit(".", 1)[-1][:5] if "." in document.filename else "bin"
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"candidate-{entry.rank}-cv.{suffix}",
        content_type=document.content_type,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def consent_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Conduct Regs reg 19: "May we put you forward?" for one vacancy at one client."""
    try:
        link = signed_link_check(token=token, purpose=submissions.CONSENT_PURPOSE)
    except SignedLinkError as exc:
        return _link_problem(request, exc)
    application = Application.objects.select_related("vacancy__client", "candidate").get(pk=link.object_id)
    if request.method == "POST":
        try:
            submissions.consent_link_answer(token=token, agree=request.POST.get("answer") == "yes")
        except SignedLinkError as exc:
            return _link_problem(request, exc)
        return render(
            request,
            "vacancies/consent_done.html",
            {"agreed": request.POST.get("answer") == "yes", "vacancy": application.vacancy},
        )
    return render(
        request, "vacancies/consent.html", {"application": application, "vacancy": application.vacancy}
    )
