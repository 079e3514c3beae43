"""Screens for matching, shortlists and their review, consent and submission (issue 5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from candidates.models import Candidate, Consent
from core.permissions import check_action, get_object_for_user_or_404
from vacancies import matching, pipeline, selectors, shortlists, submissions
from vacancies import pipeline_selectors as ps
from vacancies.models import (
    Application,
    ConfirmationTask,
    Notice,
    Shortlist,
    ShortlistEntry,
    Stage,
    Submission,
)
from vacancies.views.common import allowed, request_user


def _error_text(exc: Exception) -> str:
    if isinstance(exc, pipeline.PipelineRefused):
        return exc.detail
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


@login_required
def matches(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Find matches": the best candidates with their reasons, one click to shortlist."""
    user = request_user(request)
    vacancy = selectors.vacancy_get(user=user, pk=pk)
    include_partial = request.GET.get("partial") == "1"
    found = matching.vacancy_matches(user=user, vacancy=vacancy, limit=50, include_partial=include_partial)
    people = Candidate.objects.in_bulk([m.candidate for m in found])
    working = vacancy.shortlists.filter(
        status__in=[Shortlist.Status.DRAFT, Shortlist.Status.CHANGES_REQUESTED]
    ).first()
    on_lists = set(
        ShortlistEntry.objects.filter(shortlist__vacancy=vacancy).values_list("candidate_id", flat=True)
    )
    must_total = len([n for n in vacancy.must_have_skills if n.strip()])
    rows = [
        {
            "match": m,
            "candidate": people[m.candidate],
            "reasons": matching.reasons(m.rationale, must_total=must_total),
            "listed": m.candidate in on_lists,
        }
        for m in found
    ]
    return render(
        request,
        "vacancies/matches.html",
        {
            "vacancy": vacancy,
            "rows": rows,
            "include_partial": include_partial,
            "working": working,
            "shortlists": vacancy.shortlists.all(),
            "can_change": allowed(user, vacancy, "change"),
            "weights": matching.WEIGHTS,
        },
    )


@login_required
@require_POST
def match_shortlist(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = selectors.vacancy_get(user=user, pk=pk)
    check_action(user, vacancy, "change")
    candidate = get_object_for_user_or_404(user, Candidate.objects.live(), pk=candidate_pk)
    shortlist = shortlists.shortlist_working(actor=user, vacancy=vacancy)
    try:
        shortlists.entry_add(actor=user, shortlist=shortlist, candidate=candidate)
        messages.success(request, "Added to the shortlist with the match rationale.")
    except (pipeline.PipelineRefused, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    return redirect(
        reverse("vacancies:matches", args=[vacancy.pk])
        + ("?partial=1" if request.POST.get("partial") else "")
    )


def _shortlist(request: HttpRequest, pk: int, action: str = "view") -> Shortlist:
    return get_object_for_user_or_404(
        request_user(request), Shortlist.objects.select_related("vacancy__client", "owner"), action, pk=pk
    )


@login_required
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    shortlist = _shortlist(request, pk)
    vacancy = shortlist.vacancy
    entries = list(shortlist.entries.select_related("candidate").prefetch_related("client_feedback"))
    must_total = len([n for n in vacancy.must_have_skills if n.strip()])
    for entry in entries:
        entry.reasons = matching.reasons(entry.match_rationale, must_total=must_total)  # type: ignore[attr-defined]
    can_change = allowed(user, shortlist, "change")
    new_link = request.session.pop(f"share-{shortlist.pk}", None)
    return render(
        request,
        "vacancies/shortlist.html",
        {
            "shortlist": shortlist,
            "vacancy": vacancy,
            "entries": entries,
            "blind": shortlists.is_blind_for(user, shortlist),
            "can_edit": can_change and shortlist.is_editable,
            "can_change": can_change,
            "can_review": shortlist.status == Shortlist.Status.IN_REVIEW
            and shortlists.can_review(user, shortlist),
            "links": shortlists.share_links(shortlist) if can_change else [],
            "new_link": new_link,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def shortlist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    shortlist = _shortlist(request, pk, "change")
    try:
        shortlists.shortlist_update(
            actor=user, shortlist=shortlist, rationale=request.POST.get("rationale", "")[:4000]
        )
        for entry in shortlist.entries.all():
            rank = request.POST.get(f"rank_{entry.pk}", str(entry.rank))
            if not rank.isdigit() or not 1 <= int(rank) <= 999:
                raise ValidationError({"rank": ["A rank is a whole number from 1."]})
            shortlists.entry_update(
                actor=user,
                entry=entry,
                rank=int(rank),
                rationale=request.POST.get(f"rationale_{entry.pk}", entry.rationale)[:4000],
            )
        messages.success(request, "Shortlist saved.")
    except (pipeline.PipelineRefused, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_submit(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist(request, pk, "change")
    try:
        shortlists.shortlist_submit(actor=request_user(request), shortlist=shortlist)
        messages.success(request, "Sent to your manager for review.")
    except pipeline.PipelineRefused as exc:
        messages.error(request, exc.detail)
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    shortlist = get_object_for_user_or_404(user, Shortlist, "review", perm=shortlists.REVIEW_PERM, pk=pk)
    request_changes = request.POST.get("request_changes") == "1"
    decisions = []
    for entry in shortlist.entries.all():
        decision = request.POST.get(f"decision_{entry.pk}", "")
        if decision:
            decisions.append(
                {
                    "entry": entry.pk,
                    "decision": decision,
                    "comment": request.POST.get(f"comment_{entry.pk}", ""),
                }
            )
    try:
        shortlists.shortlist_review(
            actor=user,
            shortlist=shortlist,
            decisions=decisions,
            request_changes=request_changes,
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, "Review recorded; the recruiter has been told.")
    except (pipeline.PipelineRefused, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_share(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist(request, pk, "change")
    try:
        link, token = shortlists.shortlist_share(actor=request_user(request), shortlist=shortlist)
    except (pipeline.PipelineRefused, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        # Shown once on the next page (only the token's hash is stored).
        request.session[f"share-{shortlist.pk}"] = {
            "url": request.build_absolute_uri(reverse("vacancies:client_review", args=[token])),
            "expires_at": link.expires_at.isoformat(),
        }
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    shortlist = _shortlist(request, pk, "change")
    try:
        shortlists.share_link_revoke(actor=request_user(request), shortlist=shortlist, link_id=link_pk)
        messages.success(request, "Link withdrawn: it no longer opens.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def consent_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Conduct Regs reg 19: the recruiter records the agreement (method, time, wording)."""
    user = request_user(request)
    application = ps.application_get(user=user, pk=pk, action="change")
    given_text = request.POST.get("given_at", "").strip()[:40]
    given_at = parse_datetime(given_text) if given_text else None
    if given_at is not None and timezone.is_naive(given_at):
        given_at = timezone.make_aware(given_at)
    try:
        if given_text and given_at is None:
            raise ValidationError({"given_at": ["Give the date and time they agreed."]})
        submissions.consent_recorded_by_recruiter(
            actor=user,
            application=application,
            method=request.POST.get("method", ""),
            wording=request.POST.get("wording", ""),
            given_at=given_at,
        )
        messages.success(request, "Consent to put the candidate forward for this vacancy recorded.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("vacancies:application", pk=application.pk)


@login_required
@require_POST
def consent_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    application = ps.application_get(user=user, pk=pk, action="change")
    link, token = submissions.consent_link_create(actor=user, application=application)
    request.session[f"consent-{application.pk}"] = {
        "url": request.build_absolute_uri(reverse("vacancies:consent_answer", args=[token])),
        "expires_at": link.expires_at.isoformat(),
    }
    return redirect("vacancies:application", pk=application.pk)


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the candidate forward: contact, channel and CV version (Conduct Regs reg 19/21/28)."""
    user = request_user(request)
    application = ps.application_get(user=user, pk=pk, action="change")
    try:
        pipeline.application_move(
            actor=user,
            application=application,
            stage=Stage.SUBMITTED,
            contact=request.POST.get("contact") or None,
            channel=request.POST.get("channel") or "email",
            document=request.POST.get("document") or None,
        )
    except (pipeline.PipelineRefused, ValidationError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Submitted to the client.")
        for warning in submissions.recent_submissions_elsewhere(application):
            messages.warning(request, duplicate_text(warning))
    return redirect("vacancies:application", pk=application.pk)


def duplicate_text(warning: dict[str, str]) -> str:
    at = warning["at"][:10]
    return (
        f"Already put forward to this client by {warning['by']} on {at} (for {warning['vacancy']}): "
        "check who owns this introduction."
    )


@login_required
@require_POST
def confirmation_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_object_for_user_or_404(user, ConfirmationTask.objects.select_related("submission"), pk=pk)
    if not allowed(user, task.application, "change"):
        raise PermissionDenied
    submissions.confirmation_done(actor=user, task=task)
    messages.success(request, "Written confirmation recorded (Conduct Regs reg 21).")
    return redirect("vacancies:application", pk=task.application_id)


def application_context(request: HttpRequest, app: Application) -> dict[str, object]:
    """The application page's consent, submission and client-feedback panels."""
    entry = submissions.approved_entry(app)
    consent = submissions.live_submission_consent(app)
    return {
        "approved_entry": entry,
        "submission_consent": consent,
        "consent_methods": [(v, label) for v, label in Consent.Method.choices if v != "application"],
        "consent_link": request.session.pop(f"consent-{app.pk}", None),
        "submissions": Submission.objects.filter(application=app).select_related(
            "contact", "document", "submitted_by"
        ),
        "confirmation_tasks": ConfirmationTask.objects.filter(application=app),
        "client_feedback": list(entry.client_feedback.all()) if entry is not None else [],
        "contacts": app.vacancy.client.contacts.all(),
        "documents": app.candidate.documents.all(),
        "channels": Submission.Channel.choices,
    }


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    items = list(Notice.objects.filter(user=user)[:100])
    Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "vacancies/notices.html", {"items": items})
