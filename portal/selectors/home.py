"""What the candidate's portal shows: only this candidate's own records, in plain words. Never an
internal note, a rejection reason's code, or a confidential client's name. A fixed number of
queries whatever the candidate's history holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from candidates.models import Candidate, Consent, Document
from compliance.models import ComplianceTask
from privacy.models import ErasureRequest, SubjectAccessRequest
from vacancies.models import Application, Interview
from vacancies.models.pipeline import CLOSED_STAGES, Stage

# Where an application stands, as a candidate would say it (the pipeline's stages are the agency's
# words: "sourced", "submitted"...).
STAGE_WORDS: dict[str, str] = {
    Stage.SOURCED: "We have your details for this role and will look at them soon.",
    Stage.SCREENING: "We are looking at your application.",
    Stage.SHORTLISTED: "You are on our shortlist for this role.",
    Stage.SUBMITTED: "Your CV is with the employer.",
    Stage.INTERVIEW: "You are at the interview stage.",
    Stage.OFFER: "You have an offer.",
    Stage.PLACED: "You got the job. Congratulations!",
    Stage.REJECTED: "This one did not work out this time. Thank you for your interest.",
    Stage.WITHDRAWN: "This application is closed.",
}
CONFIDENTIAL = "A confidential client"


@dataclass(frozen=True)
class PortalApplication:
    pk: int
    vacancy_id: int
    title: str
    employer: str
    stage: str
    words: str
    since: Any
    is_open: bool
    has_consent: bool


def employer_label(vacancy: Any) -> str:
    client = vacancy.client
    return CONFIDENTIAL if client.is_confidential else client.name


def portal_applications(*, candidate: Candidate, consented: set[int]) -> list[PortalApplication]:
    rows = (
        Application.objects.filter(candidate=candidate)
        .select_related("vacancy__client")
        .order_by("-stage_changed_at", "-id")
    )
    return [
        PortalApplication(
            pk=a.pk,
            vacancy_id=a.vacancy_id,
            title=a.vacancy.title,
            employer=employer_label(a.vacancy),
            stage=a.stage,
            words=STAGE_WORDS.get(a.stage, "We are working on it."),
            since=a.stage_changed_at,
            is_open=a.stage not in CLOSED_STAGES,
            has_consent=a.vacancy_id in consented,
        )
        for a in rows
    ]


def portal_interviews(*, candidate: Candidate) -> list[Interview]:
    """Upcoming interviews that stand (not cancelled), soonest first."""
    return list(
        Interview.objects.filter(
            application__candidate=candidate, cancelled_at__isnull=True, starts_at__gte=timezone.now()
        )
        .exclude(outcome=Interview.Outcome.CANCELLED)
        .select_related("application__vacancy__client")
        .order_by("starts_at", "id")
    )


def portal_interview_get(*, candidate: Candidate, pk: int) -> Interview | None:
    """One of this candidate's own interviews, or None (the view answers 404)."""
    return (
        Interview.objects.filter(pk=pk, application__candidate=candidate)
        .select_related("application__vacancy__client", "application__candidate", "application__owner")
        .first()
    )


def portal_home(*, candidate: Candidate) -> dict[str, Any]:
    consents = list(
        Consent.objects.filter(
            candidate=candidate,
            withdrawn_at__isnull=True,
            purpose__in=[Consent.Purpose.SUBMISSION, Consent.Purpose.MARKETING],
        ).values_list("purpose", "vacancy_id")
    )
    consented = {
        vacancy_id
        for purpose, vacancy_id in consents
        if purpose == Consent.Purpose.SUBMISSION and vacancy_id is not None
    }
    interviews = portal_interviews(candidate=candidate)
    for interview in interviews:
        interview.employer = employer_label(interview.application.vacancy)  # type: ignore[attr-defined]
    return {
        "applications": portal_applications(candidate=candidate, consented=consented),
        "interviews": interviews,
        "marketing_consent": any(purpose == Consent.Purpose.MARKETING for purpose, _ in consents),
        "cv": Document.objects.filter(candidate=candidate, kind=Document.Kind.CV)
        .order_by("-is_current_cv", "-uploaded_at", "-id")
        .first(),
        "share_code_waiting": ComplianceTask.objects.filter(
            candidate=candidate, kind=ComplianceTask.Kind.RTW_SHARE_CODE, done_at__isnull=True
        ).exists(),
        "sar": SubjectAccessRequest.objects.filter(candidate=candidate).order_by("-pk").first(),
        "erasure": ErasureRequest.objects.filter(candidate=candidate).order_by("-pk").first(),
    }


def portal_sar_get(*, candidate: Candidate) -> SubjectAccessRequest | None:
    """This candidate's newest subject-access request whose export is ready, or None."""
    return (
        SubjectAccessRequest.objects.filter(
            candidate=candidate, export_status=SubjectAccessRequest.ExportStatus.READY
        )
        .exclude(export_file="")
        .order_by("-pk")
        .first()
    )
