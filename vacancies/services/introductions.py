"""Gates at introduction (API.md "Added in the second round"; DOMAIN.md Conduct Regs regs 18/19).

An introduction is anything that puts a candidate in front of the client: submission, a shared
shortlist, an interview, an offer, a placement. Each calls these gates directly (no registry: they
cannot be switched off); sourcing and shortlisting inside the agency stay open, draft vacancies too.

* reg 18: the hirer's information is complete (`reg18_incomplete`, `missing`);
* reg 19(a): the candidate's identity is confirmed — an identity-check record or a passed
  right-to-work check (`identity_unconfirmed`);
* reg 19(b): every qualification the vacancy requires is verified or explained
  (`qualifications_unverified`, `missing`).
"""

from __future__ import annotations

from compliance import rules
from compliance.selectors.identity import (
    IDENTITY_AWAITING_VERIFICATION,
    IDENTITY_CONFIRMED,
    identity_status_get,
    qualification_unverified_list,
)
from vacancies.models import Application, Vacancy
from vacancies.models.vacancy import REG18_LABELS
from vacancies.selectors.compliance import vacancy_needs_vetting
from vacancies.services.refusals import PipelineRefused

INTRODUCTION_WORDS = {
    "submit": "putting a candidate forward",
    "share": "sharing the shortlist with the client",
    "interview": "arranging an interview",
    "offer": "recording an offer",
    "place": "placing a candidate",
}


def reg18_gate(*, vacancy: Vacancy, action: str) -> None:
    """Conduct Regs reg 18: the hirer's information is complete before any introduction."""
    missing = vacancy.reg18_missing_fields
    if missing:
        labels = ", ".join(REG18_LABELS[name].lower() for name in missing)
        raise PipelineRefused(
            f"Conduct Regs reg 18: record the vacancy's {labels} before {INTRODUCTION_WORDS[action]}.",
            code="reg18_incomplete",
            missing=missing,
        )


def four_eyes_owner_id(application: Application) -> int | None:
    """Whose own checks need a compliance officer's verification here (None: four eyes is off, or
    the vacancy needs no vetting)."""
    if rules.four_eyes_required() and vacancy_needs_vetting(application.vacancy):
        return application.owner_id
    return None


def reg19_gate(*, application: Application) -> None:
    """Conduct Regs reg 19: identity confirmed, and required qualifications verified or explained."""
    identity = identity_status_get(
        candidate_id=application.candidate_id, owner_id=four_eyes_owner_id(application)
    )
    if identity != IDENTITY_CONFIRMED:
        detail = (
            "Conduct Regs reg 19: the candidate's identity check was recorded by the recruiter who "
            "owns this application and is awaiting verification by a compliance officer."
            if identity == IDENTITY_AWAITING_VERIFICATION
            else "Conduct Regs reg 19: confirm the candidate's identity first — record an identity "
            "check or a passed right-to-work check."
        )
        raise PipelineRefused(detail, code="identity_unconfirmed")
    missing = qualification_unverified_list(
        candidate_id=application.candidate_id, required=application.vacancy.required_qualifications
    )
    if missing:
        raise PipelineRefused(
            "Conduct Regs reg 19: verify these qualifications the vacancy requires, or record the "
            "steps taken, before putting the candidate forward: " + "; ".join(missing) + ".",
            code="qualifications_unverified",
            missing=missing,
        )
