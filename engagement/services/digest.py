"""The daily cadence digest: each recruiter gets one email listing who is overdue a contact."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Client
from core.models import User
from engagement.selectors.cadence import candidate_overdue_list, client_overdue_list


def cadence_digests_send() -> int:
    """One email per recruiter with overdue contacts; none for those with nothing overdue."""
    now = timezone.now()
    by_owner: dict[int, dict[str, list[str]]] = {}
    for cand in candidate_overdue_list(base=Candidate.objects.all(), now=now):
        by_owner.setdefault(cand.owner_id, {"candidates": [], "clients": []})["candidates"].append(str(cand))
    for client in client_overdue_list(base=Client.objects.all(), now=now):
        by_owner.setdefault(client.owner_id, {"candidates": [], "clients": []})["clients"].append(client.name)
    owners = User.objects.filter(pk__in=by_owner, is_active=True).exclude(email="")
    link = settings.SITE_URL.rstrip("/") + reverse("engagement:index")
    sent = 0
    for owner in owners:
        lists = by_owner[owner.pk]
        lines = [f"Good morning {owner.first_name or owner.username},", "", "Overdue a contact today:"]
        lines += [f"- candidate: {name}" for name in lists["candidates"]]
        lines += [f"- client: {name}" for name in lists["clients"]]
        lines += ["", f"Log a call or email from RecruitCRM: {link}"]
        send_mail(
            subject=f"{len(lists['candidates']) + len(lists['clients'])} contacts overdue",
            message="\n".join(lines),
            from_email=None,
            recipient_list=[owner.email],
        )
        sent += 1
    return sent
