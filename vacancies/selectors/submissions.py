"""Reads for submissions: what lets a candidate go forward to a client, and what warns the recruiter.

* Conduct Regs reg 19: a manager approved the candidate on a shortlist for this vacancy, and the
  candidate agreed to be put forward for *this* vacancy (a live `submission` consent naming it).
* Ownership disputes: someone already submitted to the same client in the last 6 months (by anyone
  in the agency) warns the recruiter with who and when.
"""

from __future__ import annotations

from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from candidates.models import Consent
from core.signing import signed_link_check
from vacancies.models import Application, ShortlistEntry, Submission

# The signed link asking the candidate "May we put you forward?" (services/consents.py makes it).
CONSENT_PURPOSE = "submission_consent"
DUPLICATE_WINDOW = relativedelta(months=6)


def shortlist_entry_approved_get(application: Application) -> ShortlistEntry | None:
    """Conduct Regs reg 19: the manager-approved shortlist entry that lets this candidate go forward."""
    return (
        ShortlistEntry.objects.filter(
            shortlist__vacancy_id=application.vacancy_id,
            candidate_id=application.candidate_id,
            decision=ShortlistEntry.Decision.APPROVED,
        )
        .order_by("-decided_at", "-id")
        .first()
    )


def submission_consent_live_get(application: Application) -> Consent | None:
    """Conduct Regs reg 19: a live `submission` consent for this very vacancy (withdrawn = gone)."""
    return (
        Consent.objects.filter(
            candidate_id=application.candidate_id,
            purpose=Consent.Purpose.SUBMISSION,
            vacancy_id=application.vacancy_id,
            withdrawn_at__isnull=True,
        )
        .order_by("-given_at", "-id")
        .first()
    )


def submission_elsewhere_list(application: Application) -> list[dict[str, Any]]:
    """Ownership disputes: the candidate's submissions to the same client in the last 6 months."""
    since = timezone.now() - DUPLICATE_WINDOW
    rows = (
        Submission.objects.filter(
            application__candidate_id=application.candidate_id,
            application__vacancy__client_id=application.vacancy.client_id,
            submitted_at__gte=since,
        )
        .exclude(application_id=application.pk)
        .select_related("submitted_by", "application__vacancy")
        .order_by("-submitted_at")
    )
    return [
        {
            "code": "recently_submitted",
            "by": row.submitted_by.display_name,
            "at": row.submitted_at.isoformat(),
            "vacancy": row.application.vacancy.title,
        }
        for row in rows
    ]


def consent_link_application_get(*, token: str) -> Application:
    """The application a live consent link asks about (SignedLinkError when the link does not work)."""
    link = signed_link_check(token=token, purpose=CONSENT_PURPOSE)
    return Application.objects.select_related("vacancy__client", "candidate").get(pk=link.object_id)
