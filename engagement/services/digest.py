"""The daily digest: each recruiter gets one email listing who is overdue a contact and (issue 19)
which applicants are past the decision deadline."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Client
from core.models import User
from engagement.selectors.cadence import candidate_overdue_list, client_overdue_list
from engagement.selectors.decisions import decision_breach_list, decision_due_days, decision_due_on
from vacancies.models import Application


def cadence_digests_send() -> int:
    """One email per recruiter with overdue contacts; none for those with nothing overdue."""
    now = timezone.now()
    by_owner: dict[int, dict[str, list[str]]] = {}

    def lists(owner_id: int) -> dict[str, list[str]]:
        return by_owner.setdefault(owner_id, {"candidates": [], "clients": [], "decisions": []})

    for cand in candidate_overdue_list(base=Candidate.objects.all(), now=now):
        lists(cand.owner_id)["candidates"].append(str(cand))
    for client in client_overdue_list(base=Client.objects.all(), now=now):
        lists(client.owner_id)["clients"].append(client.name)
    for app in decision_breach_list(base=Application.objects.all(), today=timezone.localdate(now)):
        due = decision_due_on(timezone.localdate(app.created_at))
        lists(app.owner_id)["decisions"].append(f"{app.candidate} for {app.vacancy.title} (due {due:%d %b})")
    owners = User.objects.filter(pk__in=by_owner, is_active=True).exclude(email="")
    link = settings.SITE_URL.rstrip("/") + reverse("engagement:index")
    sent = 0
    for owner in owners:
        mine = by_owner[owner.pk]
        lines = [f"Good morning {owner.first_name or owner.username},", ""]
        overdue = len(mine["candidates"]) + len(mine["clients"])
        if overdue:
            lines += ["Overdue a contact today:"]
            lines += [f"- candidate: {name}" for name in mine["candidates"]]
            lines += [f"- client: {name}" for name in mine["clients"]]
            lines += [""]
        if mine["decisions"]:
            lines += [f"Applicants waiting more than {decision_due_days()} business days for a decision:"]
            lines += [f"- {text}" for text in mine["decisions"]]
            lines += [""]
        lines += [f"Log a call or email from RecruitCRM: {link}"]
        parts = [f"{overdue} contacts overdue"] if overdue else []
        if mine["decisions"]:
            parts.append(f"{len(mine['decisions'])} decisions overdue")
        send_mail(
            subject=", ".join(parts),
            message="\n".join(lines),
            from_email=None,
            recipient_list=[owner.email],
        )
        sent += 1
    return sent
