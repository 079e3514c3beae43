"""The interviews week view: this week's interviews (or another week's) for what the user can see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.http import request_user
from vacancies.selectors.interviews import interview_week_context, week_parse


@login_required
def interview_week(request: HttpRequest) -> HttpResponse:
    monday = week_parse(request.GET.get("week"))
    context = interview_week_context(user=request_user(request), monday=monday)
    return render(request, "vacancies/interviews_week.html", context)
