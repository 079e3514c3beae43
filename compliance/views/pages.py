"""Compliance pages: "Compliance due", a candidate's vetting page and the panel the candidate page
and the application page load. DBS data appears only for users with the compliance permission,
and each time it is shown the access log records it."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from compliance import services
from compliance.forms import EmploymentEndForm, GapExplanationForm
from compliance.models import ComplianceTask, DBSCheck, EmploymentEnd
from compliance.querysets import can_see_dbs
from compliance.requirements import (
    DBS,
    Requirements,
    RequirementsInvalid,
    requirements_resolve,
    vacancy_choices,
)
from compliance.selectors.records import candidate_checks_get
from compliance.selectors.status import gap_unexplained_list, requirement_status_list, vetting_get_many
from compliance.selectors.tasks import compliance_task_due_list
from core.http import parse_id, request_user
from core.models import User
from core.permissions import get_object_for_user_or_404
from core.services import access_log_record, access_log_record_many


def candidate_for(request: HttpRequest, pk: int) -> Candidate:
    return get_object_for_user_or_404(request_user(request), Candidate.objects.live(), pk=pk)


def _requirements(
    request: HttpRequest, candidate_id: int | None = None
) -> tuple[Requirements | None, int | None]:
    text = request.GET.get("vacancy", "")
    if not text:
        return None, None
    vacancy_id = parse_id(text)
    if vacancy_id is None:
        raise Http404
    try:
        found = requirements_resolve(user=request.user, vacancy_id=vacancy_id, candidate_id=candidate_id)
    except RequirementsInvalid:
        found = None
    if found is None:
        raise Http404
    return found, vacancy_id


def _on_date(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def panel_context(request: HttpRequest, candidate: Candidate) -> dict[str, Any]:
    """Statuses against the chosen vacancy, or the general picture (right to work, references, gaps)."""
    user = request_user(request)
    requirements, vacancy_id = _requirements(request, candidate.pk)
    general = requirements is None
    if requirements is None:
        requirements = Requirements(right_to_work=True, works_with_vulnerable_people=False)
    on_date = _on_date(request)
    statuses = requirement_status_list(
        candidate=candidate, requirements=requirements, on_date=on_date, user=user
    )
    vetting = vetting_get_many([candidate.pk])[candidate.pk]
    if requirements.dbs_level != "none" and can_see_dbs(user):
        access_log_record(user=user, action="view", obj=candidate, details={"data": DBS, "via": "panel"})
    # Come back to the page the panel sits on (htmx says which) after recording a check.
    current = urlsplit(request.headers.get("HX-Current-URL", "")).path
    return {
        "candidate": candidate,
        "back": current if current.startswith("/") and not current.startswith("//") else "",
        "statuses": statuses,
        "general": general,
        "vacancy_id": vacancy_id,
        "on_date": on_date,
        "compliant": all(s.is_satisfied for s in statuses),
        "gaps": gap_unexplained_list(vetting),
        "vacancies": vacancy_choices(user=user, candidate_id=candidate.pk),
    }


@login_required
def candidate_panel(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_for(request, pk)
    return render(request, "compliance/_panel.html", panel_context(request, candidate))


@login_required
def candidate_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = candidate_for(request, pk)
    records = candidate_checks_get(user=user, candidate=candidate)
    if records["dbs"]:
        # Police Act 1997 / DBS code of practice: every view of criminal-record data is logged.
        access_log_record_many(user=user, action="view", objects=records["dbs"], details={"via": "page"})
    context = panel_context(request, candidate)
    context.update(records)
    context["gap_forms"] = [
        GapExplanationForm(initial={"starts_on": gap.starts_on, "ends_on": gap.ends_on}, prefix=f"gap-{i}")
        for i, gap in enumerate(context["gaps"])
    ]
    context["gap_rows"] = list(zip(context["gaps"], context["gap_forms"], strict=True))
    context["employment_end"] = EmploymentEnd.objects.filter(candidate=candidate).first()
    context["employment_form"] = EmploymentEndForm()
    return render(request, "compliance/candidate.html", context)


@login_required
def due_page(request: HttpRequest) -> HttpResponse:
    """ "Compliance due": open follow-ups and re-checks for the user's team, soonest first."""
    user = request_user(request)
    today = timezone.localdate()
    tasks = list(compliance_task_due_list(user=user, today=today)[:200])
    if any(task.kind == ComplianceTask.Kind.DBS_RECHECK for task in tasks):
        access_log_record_many(
            user=user,
            action="view",
            objects=[DBSCheck(pk=task.dbs_check_id) for task in tasks if task.dbs_check_id],
            details={"via": "due"},
        )
    for task in tasks:
        task.days_left = (task.due_on - today).days
    return render(request, "compliance/due.html", {"tasks": tasks, "today": today})


@login_required
@require_POST
def task_done(request: HttpRequest, task_pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_object_for_user_or_404(user, ComplianceTask.objects.all(), "change", pk=task_pk)
    services.compliance_task_complete(actor=user, task=task)
    messages.success(request, "Marked as done.")
    return redirect("compliance:index")


def require(user: User, perm: str) -> None:
    if not (user.is_admin or user.has_perm(perm)):
        raise PermissionDenied
