"""The client review link, written: the hiring manager's decision on one candidate lands on the
application's timeline and the recruiter is told (selectors/review_links.py opens the link)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from core.services import audit_record
from vacancies.models import Application, ClientFeedback
from vacancies.selectors.review_links import review_entry_get, review_link_open
from vacancies.services.notices import notice_send


@transaction.atomic
def review_link_decide(*, token: str, entry_id: int, decision: str, comment: str) -> ClientFeedback:
    """The client's decision lands on the application's timeline and the recruiter is told."""
    view = review_link_open(token=token, log=False)
    entry = review_entry_get(view=view, entry_id=entry_id)
    if decision not in ClientFeedback.Decision.values:
        raise ValidationError({"decision": ["Choose interview, maybe or reject."]})
    feedback = ClientFeedback.objects.create(
        entry=entry, link=view.link, decision=decision, comment=comment[:2000]
    )
    application = Application.objects.filter(
        vacancy_id=view.shortlist.vacancy_id, candidate_id=entry.candidate_id
    ).first()
    audit_record(
        actor=None,
        action="client_feedback.recorded",
        obj=application or entry,
        details={"decision": decision, "entry": entry.pk, "link": view.link.pk},
    )
    label = f"candidate {entry.rank} on the shortlist"  # notices never carry names
    recipients = [view.shortlist.owner] + ([application.owner] if application else [])
    notice_send(
        users=recipients,
        kind="client_feedback",
        text=f"The client answered on {view.shortlist.vacancy.title}: {label} — "
        f"{feedback.get_decision_display()}.",
        url=reverse("vacancies:application", args=[application.pk]) if application else "",
    )
    return feedback
