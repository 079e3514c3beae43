"""The dashboard: the first page after login. Later issues add their panels here (it reads every app)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Client
from compliance.selectors.tasks import compliance_task_due_count
from core.models import AuditEvent, Heartbeat, User
from engagement.selectors.cadence import candidate_overdue_list, client_overdue_list
from engagement.selectors.complaints import complaint_counts_get, complaint_list
from engagement.selectors.decisions import decision_breach_list, decision_breach_rows, decision_due_days
from engagement.selectors.timeline import communication_list
from engagement.selectors.todos import my_todo_due_today_get
from recruitcrm.dashboards.queue import manager_queue_get, manager_queue_shown_to
from vacancies.models import Application
from vacancies.selectors.pipeline import (
    application_stage_counts_get,
    follow_up_due_list,
    offer_counter_risk_list,
)


def _worker_status() -> dict[str, object]:
    beat = Heartbeat.objects.filter(name="celery").first()
    if beat is None:
        return {"ok": False, "label": "Background worker has not reported yet", "last_seen_at": None}
    stale_after = timedelta(seconds=settings.HEARTBEAT_SECONDS * 3)
    ok = timezone.now() - beat.last_seen_at < stale_after
    return {
        "ok": ok,
        "label": "Background worker running" if ok else "Background worker not responding",
        "last_seen_at": beat.last_seen_at,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    teammates = (
        User.objects.visible_to(user).filter(is_active=True).exclude(pk=user.pk).select_related("team")[:12]
        if user.team_id
        else User.objects.none()
    )
    recent_events = (
        AuditEvent.objects.select_related("actor")[:10] if user.is_admin else AuditEvent.objects.none()
    )
    # Issue 16: a manager's queue comes first (what waits for her, each linked to where it is done).
    queue = manager_queue_get(user=user) if manager_queue_shown_to(user) else None
    attention = {
        # Issue 4: post-placement follow-ups and counter-offer risks for this recruiter.
        "follow_ups": list(follow_up_due_list(user=user)),
        "offer_risks": list(offer_counter_risk_list(user=user)),
        # Issue 6: right-to-work follow-ups and DBS re-checks due (the "Compliance due" page).
        "compliance_due": compliance_task_due_count(user=user, today=timezone.localdate()),
        # Issue 8: overdue contacts (the cadences), my complaints.
        "overdue_candidates": list(
            candidate_overdue_list(base=Candidate.objects.visible_to(user).filter(owner=user))[:10]
        ),
        "overdue_clients": list(
            client_overdue_list(base=Client.objects.visible_to(user).filter(owner=user))[:10]
        ),
        # Issue 19: my applicants past the decision deadline (nobody left unanswered).
        "decision_breaches": decision_breach_rows(
            decision_breach_list(base=Application.objects.visible_to(user).filter(owner=user))[:10]
        ),
    }
    my_complaints = complaint_counts_get(complaints=complaint_list(user=user, show="all").filter(owner=user))
    return render(
        request,
        "recruitcrm/dashboard.html",
        {
            "queue": queue,
            "teammates": teammates,
            "recent_events": recent_events,
            "worker": _worker_status(),
            "today": timezone.localdate(),
            "pipeline": application_stage_counts_get(user=user),
            **attention,
            "my_complaints": my_complaints,
            # Issue 18: what is due today (and overdue) on "My to-dos": own to-dos and system tasks.
            "due_today": my_todo_due_today_get(user=user),
            # "All caught up" only when nothing at all waits: neither her own items nor her queue.
            "nothing_of_mine": not any(attention.values()) and not my_complaints["open"],
            "my_activity": list(communication_list(user=user).filter(owner=user)[:8]),
            "decision_days": decision_due_days(),
        },
    )
