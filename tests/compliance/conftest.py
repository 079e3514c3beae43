from __future__ import annotations

import pytest

from compliance.requirements import Requirements
from tests.factories.candidates import CandidateFactory
from vacancies.services.pipeline import application_create, application_move


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, first_name="Priya", last_name="Shah", email="priya@example.test")


@pytest.fixture
def care_role() -> Requirements:
    """A care role: right to work, enhanced DBS with barred lists, two references, reg 22."""
    return Requirements.from_required_checks(
        {"right_to_work": True, "dbs_level": "enhanced_barred", "references": 2},
        works_with_vulnerable_people=True,
    )


@pytest.fixture
def care_vacancy(recruiter):
    """An open care vacancy (reg 22) needing right to work and an enhanced check with barred lists."""
    from tests.factories.clients import ClientFactory
    from tests.factories.vacancies import VacancyFactory
    from vacancies.services.vacancies import vacancy_open

    client = ClientFactory(owner=recruiter, team=recruiter.team)
    vacancy = VacancyFactory(
        client=client,
        owner=recruiter,
        team=recruiter.team,
        title="Healthcare Assistant",
        employment_type="temp",
        salary_min=None,
        salary_max=None,
        day_rate=140,
        works_with_vulnerable_people=True,
        required_checks={"right_to_work": True, "dbs_level": "enhanced_barred", "references": 2},
    )
    return vacancy_open(actor=recruiter, vacancy=vacancy)


@pytest.fixture
def office_vacancy(recruiter):
    """An open permanent office vacancy needing a right-to-work check only (the default)."""
    from tests.factories.clients import ClientFactory
    from tests.factories.vacancies import VacancyFactory
    from vacancies.services.vacancies import vacancy_open

    client = ClientFactory(owner=recruiter, team=recruiter.team)
    return vacancy_open(
        actor=recruiter, vacancy=VacancyFactory(client=client, owner=recruiter, team=recruiter.team)
    )


def at_offer(*, vacancy, candidate, actor):
    """An application moved to offer (consent to submit recorded first, Conduct Regs reg 19)."""
    from candidates.services import consent_record

    application = application_create(actor=actor, vacancy=vacancy, candidate=candidate)
    consent_record(
        actor=actor,
        candidate=candidate,
        purpose="submission",
        lawful_basis="consent",
        vacancy_id=vacancy.pk,
        method="phone",
    )
    from tests.factories.compliance import IdentityCheckFactory
    from tests.factories.matching import approved_entry

    approved_entry(vacancy=vacancy, candidate=candidate)  # Conduct Regs reg 19 (matching issue)
    if not candidate.identity_checks.exists():
        IdentityCheckFactory(candidate=candidate)  # Conduct Regs reg 19: identity confirmed
    for stage in ["screening", "shortlisted", "submitted", "interview", "offer"]:
        application = application_move(actor=actor, application=application, stage=stage)
    return application
