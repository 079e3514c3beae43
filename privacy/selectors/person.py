"""What privacy reads about one person: everything held (subject access), and the clients their CV
went to (to tell them of an erasure)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from candidates.models import Candidate, Document
from clients.models import Client
from core.models import AccessLog, AuditEvent, SignedLink
from privacy.registry import ANONYMISERS
from vacancies.models import CLOSED_STAGES


def candidate_personal_data_get(*, candidate: Candidate) -> dict[str, Any]:
    """Everything held about the person, by kind (subject access, UK GDPR art. 15)."""
    data: dict[str, Any] = {"candidate_id": candidate.pk, "exported_at": timezone.now().isoformat()}
    for anonymiser in ANONYMISERS:
        instance = anonymiser()
        data.setdefault(instance.label, []).extend(instance.export(candidate))
    ref = {"object_type": "candidates.candidate", "object_id": candidate.pk}
    data["audit_events"] = list(
        AuditEvent.objects.filter(**ref).values("at", "action", "actor_id", "details")
    )
    data["access_log"] = list(AccessLog.objects.filter(**ref).values("at", "action", "user_id", "details"))
    for rows in (data["audit_events"], data["access_log"]):
        for row in rows:
            row["at"] = row["at"].isoformat()
    data["applications_detail"] = [
        {"pk": a.pk, "vacancy_id": a.vacancy_id, "stage": a.stage, "closed": a.stage in CLOSED_STAGES}
        for a in candidate.applications.all()
    ]
    return data


def _review_link_shortlist_ids(candidate: Candidate) -> set[int]:
    """Shortlists through whose client review link this person was viewed or their CV downloaded
    (the access log: a view names the candidate, a download names one of their documents)."""
    via = {"details__via": "client_review_link"}
    viewed = AccessLog.objects.filter(
        object_type="candidates.candidate", object_id=candidate.pk, **via
    ).values_list("details__shortlist", "details__link")
    downloaded = AccessLog.objects.filter(
        object_type="candidates.document",
        object_id__in=Document.objects.filter(candidate=candidate).values("pk"),
        **via,
    ).values_list("details__shortlist", "details__link")
    shortlist_ids: set[int] = set()
    link_ids: set[int] = set()
    for shortlist_id, link_id in [*viewed, *downloaded]:
        if isinstance(shortlist_id, int):
            shortlist_ids.add(shortlist_id)
        elif isinstance(link_id, int):  # a download logged before the shortlist was named
            link_ids.add(link_id)
    if link_ids:
        shortlist_ids.update(
            SignedLink.objects.filter(pk__in=link_ids, object_type="vacancies.shortlist").values_list(
                "object_id", flat=True
            )
        )
    return shortlist_ids


def candidate_cv_client_list(*, candidate: Candidate) -> list[Client]:
    """Every client who received this person's details, to tell them of an erasure: those they
    were submitted to, and those who viewed them or downloaded their CV through a review link."""
    # Conduct Regs reg 28: a CV goes to a client on submission; the stage history says whether it did.
    submitted = Q(
        vacancies__applications__candidate=candidate,
        vacancies__applications__stage_changes__stage="submitted",
    )
    # UK GDPR art. 17(2)/19: a client who opened the review link received the details too.
    reviewed = Q(vacancies__shortlists__pk__in=_review_link_shortlist_ids(candidate))
    return list(Client.objects.filter(submitted | reviewed).distinct().order_by("name"))
