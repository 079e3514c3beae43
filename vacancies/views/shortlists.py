"""A shortlist's page: edit ranks and reasons, send for review, the manager's review, share links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.http import request_user
from core.permissions import get_object_for_user_or_404
from vacancies.models import Shortlist
from vacancies.selectors.match_rationale import match_reason_list
from vacancies.selectors.shortlists import (
    REVIEW_PERM,
    share_link_list,
    shortlist_awaiting_review_list,
    shortlist_can_review,
    shortlist_is_blind_for,
    shortlist_list,
    shortlist_reviewer_is,
)
from vacancies.selectors.vacancies import vacancy_get
from vacancies.services import shortlists as shortlist_services
from vacancies.services.pipeline import PipelineRefused
from vacancies.services.shortlists import EntryEdit
from vacancies.views.common import allowed, error_text


def _shortlist(request: HttpRequest, pk: int, action: str = "view") -> Shortlist:
    return get_object_for_user_or_404(
        request_user(request), Shortlist.objects.select_related("vacancy__client", "owner"), action, pk=pk
    )


REVIEW_PAGE_SIZE = 50


@login_required
def shortlist_review_queue(request: HttpRequest) -> HttpResponse:
    """ "Waiting for my review": the shortlists this manager may decide, the longest-waiting first."""
    user = request_user(request)
    if not shortlist_reviewer_is(user):
        raise PermissionDenied("Reviewing shortlists is for managers.")
    page = Paginator(shortlist_awaiting_review_list(user=user), REVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "vacancies/shortlist_review_queue.html", {"page": page, "now": timezone.now()})


@login_required
def shortlist_index(request: HttpRequest, pk: int) -> HttpResponse:
    """A vacancy's shortlists: every draft, review and approved list, newest first."""
    user = request_user(request)
    vacancy = vacancy_get(user=user, pk=pk)
    return render(
        request,
        "vacancies/shortlists.html",
        {
            "vacancy": vacancy,
            "shortlists": list(shortlist_list(user=user, vacancy=vacancy)),
            "can_change": allowed(user, vacancy, "change"),
        },
    )


@login_required
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    shortlist = _shortlist(request, pk)
    vacancy = shortlist.vacancy
    entries = list(shortlist.entries.select_related("candidate").prefetch_related("client_feedback"))
    must_total = len([n for n in vacancy.must_have_skills if n.strip()])
    for entry in entries:
        entry.reasons = match_reason_list(entry.match_rationale, must_total=must_total)  # type: ignore[attr-defined]
    can_change = allowed(user, shortlist, "change")
    new_link = request.session.pop(f"share-{shortlist.pk}", None)
    return render(
        request,
        "vacancies/shortlist.html",
        {
            "shortlist": shortlist,
            "vacancy": vacancy,
            "entries": entries,
            "blind": shortlist_is_blind_for(user, shortlist),
            "can_edit": can_change and shortlist.is_editable,
            "can_change": can_change,
            "can_review": shortlist.status == Shortlist.Status.IN_REVIEW
            and shortlist_can_review(user, shortlist),
            "links": share_link_list(shortlist=shortlist) if can_change else [],
            "new_link": new_link,
            "now": timezone.now(),
        },
    )


def _posted_edits(request: HttpRequest, shortlist: Shortlist) -> tuple[str | None, dict[int, EntryEdit], str]:
    """What the page's one form carries: the overall rationale, each entry's rank and rationale.

    A field the form did not send is left as it is; a rank that is not a whole number from 1 to
    999 is left as it was and named in the error, while every rationale typed is still saved.
    """
    edits: dict[int, EntryEdit] = {}
    bad_ranks = []
    for entry in shortlist.entries.all():
        raw_rank = request.POST.get(f"rank_{entry.pk}")
        rank = None
        if raw_rank is not None:
            raw_rank = raw_rank.strip()
            if raw_rank.isascii() and raw_rank.isdigit() and 1 <= int(raw_rank) <= 999:
                rank = int(raw_rank)
            else:
                bad_ranks.append(str(entry.rank))
        rationale = request.POST.get(f"rationale_{entry.pk}")
        edits[entry.pk] = EntryEdit(rank=rank, rationale=None if rationale is None else rationale[:4000])
    error = ""
    if bad_ranks:
        error = (
            f"A rank is a whole number from 1 to 999 (check rank {', '.join(bad_ranks)}); the rest was saved."
        )
    rationale = request.POST.get("rationale")
    return (None if rationale is None else rationale[:4000]), edits, error


def _save_posted(request: HttpRequest, shortlist: Shortlist) -> bool:
    """Save what the form carried; False (with the reason shown) when part of it was refused."""
    rationale, edits, error = _posted_edits(request, shortlist)
    try:
        shortlist_services.shortlist_save(
            actor=request_user(request), shortlist=shortlist, rationale=rationale, entries=edits
        )
    except (PipelineRefused, ValidationError) as exc:
        messages.error(request, error_text(exc))
        return False
    if error:
        messages.error(request, error)
        return False
    return True


@login_required
@require_POST
def shortlist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist(request, pk, "change")
    if _save_posted(request, shortlist):
        messages.success(request, "Shortlist saved.")
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Send for review" is a button of the page's one form: what was typed is saved first, so a
    rationale written just before sending is never lost; nothing is sent if part of it was refused."""
    shortlist = _shortlist(request, pk, "change")
    if not _save_posted(request, shortlist):
        return redirect("vacancies:shortlist", pk=shortlist.pk)
    try:
        shortlist_services.shortlist_submit(actor=request_user(request), shortlist=shortlist)
        messages.success(request, "Saved and sent to your manager for review.")
    except PipelineRefused as exc:
        messages.error(request, exc.detail)
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    shortlist = get_object_for_user_or_404(user, Shortlist, "review", perm=REVIEW_PERM, pk=pk)
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
        shortlist_services.shortlist_review(
            actor=user,
            shortlist=shortlist,
            decisions=decisions,
            request_changes=request_changes,
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, "Review recorded; the recruiter has been told.")
    except (PipelineRefused, ValidationError) as exc:
        messages.error(request, error_text(exc))
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_share(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Email it to the client" (send=1): the app emails the link to the vacancy's contact; or a
    link to copy. Shown once either way; a refusal by the contact rule shows its reason."""
    shortlist = _shortlist(request, pk, "change")
    user, send = request_user(request), request.POST.get("send") == "1"
    try:
        if send:
            link, token, _ = shortlist_services.shortlist_share_send(actor=user, shortlist=shortlist)
        else:
            link, token = shortlist_services.shortlist_share(actor=user, shortlist=shortlist)
    except (PipelineRefused, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        if send:
            name = shortlist.vacancy.contact.full_name if shortlist.vacancy.contact else ""
            messages.success(request, f"Review link emailed to {name}: it is on the way.")
        # Shown once on the next page (only the token's hash is stored).
        request.session[f"share-{shortlist.pk}"] = {
            "url": request.build_absolute_uri(reverse("portal:client_review", args=[token])),
            "expires_at": link.expires_at.isoformat(),
            "sent": send,
        }
    return redirect("vacancies:shortlist", pk=shortlist.pk)


@login_required
@require_POST
def shortlist_link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    shortlist = _shortlist(request, pk, "change")
    try:
        shortlist_services.shortlist_link_revoke(
            actor=request_user(request), shortlist=shortlist, link_id=link_pk
        )
        messages.success(request, "Link withdrawn: it no longer opens.")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("vacancies:shortlist", pk=shortlist.pk)
