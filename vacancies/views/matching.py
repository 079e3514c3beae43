"""Find matches: the best candidates for a vacancy with their reasons, one click to shortlist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from core.http import request_user
from core.permissions import check_action, get_object_for_user_or_404
from vacancies.models import ShortlistEntry
from vacancies.selectors.match_rationale import match_reason_list
from vacancies.selectors.match_scoring import WEIGHTS
from vacancies.selectors.matching import vacancy_matches
from vacancies.selectors.shortlists import shortlist_draft_get
from vacancies.selectors.vacancies import vacancy_get
from vacancies.services.pipeline import PipelineRefused
from vacancies.services.shortlists import shortlist_draft_get_or_create, shortlist_entry_add
from vacancies.views.common import allowed, error_text


@login_required
def matches(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Find matches": the best candidates with their reasons, one click to shortlist."""
    user = request_user(request)
    vacancy = vacancy_get(user=user, pk=pk)
    include_partial = request.GET.get("partial") == "1"
    found = vacancy_matches(user=user, vacancy=vacancy, limit=50, include_partial=include_partial)
    people = Candidate.objects.in_bulk([m.candidate for m in found])
    working = shortlist_draft_get(vacancy=vacancy)
    on_lists = set(
        ShortlistEntry.objects.filter(shortlist__vacancy=vacancy).values_list("candidate_id", flat=True)
    )
    must_total = len([n for n in vacancy.must_have_skills if n.strip()])
    rows = [
        {
            "match": m,
            "candidate": people[m.candidate],
            "reasons": match_reason_list(m.rationale, must_total=must_total),
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
            "weights": WEIGHTS,
        },
    )


@login_required
@require_POST
def match_shortlist(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = vacancy_get(user=user, pk=pk)
    check_action(user, vacancy, "change")
    candidate = get_object_for_user_or_404(user, Candidate.objects.live(), pk=candidate_pk)
    shortlist = shortlist_draft_get_or_create(actor=user, vacancy=vacancy)
    try:
        shortlist_entry_add(actor=user, shortlist=shortlist, candidate=candidate)
        messages.success(request, "Added to the shortlist with the match rationale.")
    except (PipelineRefused, ValidationError) as exc:
        messages.error(request, error_text(exc))
    return redirect(
        reverse("vacancies:matches", args=[vacancy.pk])
        + ("?partial=1" if request.POST.get("partial") else "")
    )
