"""The Applications panel of the candidate page: a person's applications, CVs sent, interviews,
offers and placements across vacancies. The candidates app sits below vacancies and cannot import
it, so the panel loads on its own request (htmx) like the compliance panel and the timeline; opened
without htmx it is a page of its own."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.models import Candidate
from core.http import request_user
from core.permissions import get_object_for_user_or_404
from vacancies.selectors.candidate_story import candidate_story_get


@login_required
def candidate_story(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = get_object_for_user_or_404(user, Candidate.objects.live(), pk=pk)
    context = {"candidate": candidate, **candidate_story_get(user=user, candidate=candidate)}
    if request.headers.get("HX-Request"):
        return render(request, "vacancies/_candidate_story.html", context)
    return render(request, "vacancies/candidate_story.html", context)
