"""The manager dashboard: per team and per recruiter, for a date range. Every figure is drawn as a
server-side SVG bar chart with the table behind it and a CSV download (`?csv=<figure>`)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.exports import csv_response
from core.http import parse_id, request_user
from core.models import Team, User
from engagement.selectors.decisions import decision_breach_list, decision_breach_rows, decision_due_days
from recruitcrm.dashboards import activity, reports
from vacancies.models import Application


def _date(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


BAR_HEIGHT = 22
BAR_WIDTH = 230


def _bars(rows: list[dict[str, Any]], label: str, value: str) -> dict[str, Any]:
    """Geometry for a horizontal SVG bar chart (labels left, bars scaled to the largest, values right)."""
    top = max([r[value] or 0 for r in rows] + [1])
    bars = [
        {
            "label": r[label],
            "value": r[value],
            "y": i * BAR_HEIGHT,
            "w": round(BAR_WIDTH * (r[value] or 0) / top),
        }
        for i, r in enumerate(rows)
    ]
    return {"bars": bars, "height": max(len(bars), 1) * BAR_HEIGHT}


def _scope(request: HttpRequest) -> reports.Scope:
    user = request_user(request)
    if not (user.is_admin or user.is_manager):
        raise PermissionDenied("The manager dashboard is for managers.")
    today = timezone.localdate()
    start = _date(request.GET.get("from"), today - timedelta(days=180))
    end = _date(request.GET.get("to"), today)
    if end < start:
        start, end = end, start
    team_id = parse_id(request.GET.get("team"))
    if not user.is_admin:
        team_id = user.team_id
    return reports.Scope(
        user=user, start=start, end=end, team_id=team_id, recruiter_id=parse_id(request.GET.get("recruiter"))
    )


ACTIVITY_DAYS = 30


def _activity_scope(request: HttpRequest, scope: reports.Scope) -> reports.Scope:
    """The activity table's own range (default the last 30 days), for the dashboard's team and recruiter."""
    today = timezone.localdate()
    start = _date(request.GET.get("activity_from"), today - timedelta(days=ACTIVITY_DAYS - 1))
    end = _date(request.GET.get("activity_to"), today)
    if end < start:
        start, end = end, start
    return dataclasses.replace(scope, start=start, end=end)


def _times_rows(scope: reports.Scope) -> list[dict[str, Any]]:
    times = reports.time_to(scope)
    return [
        {"measure": "time_to_shortlist", "days": times["shortlist_days"], "count": times["shortlist_n"]},
        {"measure": "time_to_fill", "days": times["fill_days"], "count": times["fill_n"]},
    ]


def _complaint_rows(scope: reports.Scope) -> list[dict[str, Any]]:
    return [{"measure": k, "count": v} for k, v in reports.complaints(scope).items()]


def _diversity_rows(scope: reports.Scope) -> list[dict[str, Any]]:
    sections = reports.diversity(scope) or []
    return [
        {"characteristic": s["field"], "value": r["value"], "count": "<5" if r["n"] is None else r["n"]}
        for s in sections
        for r in s["rows"]
    ]


FIGURES = {
    "times": (_times_rows, ["measure", "days", "count"]),
    "complaints": (_complaint_rows, ["measure", "count"]),
    "diversity": (_diversity_rows, ["characteristic", "value", "count"]),
    "funnel": (reports.funnel, ["stage", "count"]),
    "placements": (reports.placements_by_month, ["month", "count", "fees"]),
    "sources": (reports.source_of_hire, ["source", "added", "submitted", "placed", "rate"]),
    "cadence": (reports.cadence_breaches, ["recruiter", "candidates", "clients"]),
    "nps": (reports.nps_trend, ["key", "responses", "promoters", "detractors", "nps"]),
    "activity": (activity.activity_list, activity.COLUMNS),
}


def _csv(name: str, scope: reports.Scope) -> HttpResponse:
    build, columns = FIGURES[name]
    # core.exports: labels (team, source and recruiter names, free-text values) are neutralised
    # against formula injection; counts and fees stay numbers.
    return csv_response(
        filename=f"{name}.csv", header=columns, rows=([row[c] for c in columns] for row in build(scope))
    )


@login_required
def manager_dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    activity_scope = _activity_scope(request, scope)
    figure = request.GET.get("csv")
    if figure in FIGURES:
        return _csv(figure, activity_scope if figure == "activity" else scope)
    activity_rows = activity.activity_list(activity_scope)
    funnel = reports.funnel(scope)
    placements = reports.placements_by_month(scope)
    sources = reports.source_of_hire(scope)
    cadence = reports.cadence_breaches(scope)
    # Issue 19: applicants past the decision deadline in the dashboard's team (and recruiter).
    breaches = decision_breach_list(base=scope.narrow(Application.objects.all()))
    nps = reports.nps_trend(scope)
    user = scope.user
    teams = Team.objects.all() if user.is_admin else Team.objects.filter(pk=user.team_id or 0)
    recruiters = User.objects.visible_to(user).filter(is_active=True)
    if scope.team_id:
        recruiters = recruiters.filter(team_id=scope.team_id)
    return render(
        request,
        "recruitcrm/manager_dashboard.html",
        {
            "scope": scope,
            "teams": teams,
            "recruiters": recruiters,
            "funnel": funnel,
            "funnel_bars": _bars(funnel, "stage", "count"),
            "times": reports.time_to(scope),
            "placements": placements,
            "placement_bars": _bars(placements, "month", "count"),
            "sources": sources,
            "source_bars": _bars(sources, "source", "placed"),
            "cadence": cadence,
            "cadence_bars": _bars(
                [{**r, "total": r["candidates"] + r["clients"]} for r in cadence], "recruiter", "total"
            ),
            "decision_breaches": decision_breach_rows(breaches[:50]),
            "decision_breach_count": breaches.count(),
            "decision_days": decision_due_days(),
            "complaints": reports.complaints(scope),
            "nps": nps,
            "nps_bars": _bars([{**r, "abs": abs(r["nps"] or 0)} for r in nps], "key", "abs"),
            "diversity": reports.diversity(scope),
            "activity_scope": activity_scope,
            "activity": activity_rows,
            "activity_totals": activity.activity_totals(activity_rows),
            "query": request.GET.urlencode(),
        },
    )
