from __future__ import annotations

from typing import Any

import pytest

from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.services.pipeline import application_create, application_move
from vacancies.services.vacancies import vacancy_open


@pytest.fixture
def candidate(recruiter: Any) -> Any:
    return CandidateFactory(owner=recruiter, first_name="Priya", last_name="Shah", email="priya@example.test")


@pytest.fixture
def client_company(recruiter: Any) -> Any:
    return ClientFactory(owner=recruiter, team=recruiter.team, name="Northgate Engineering Ltd")


@pytest.fixture
def contact(client_company: Any) -> Any:
    return ContactFactory(
        client=client_company, first_name="Tom", last_name="Reed", email="tom@northgate.test"
    )


@pytest.fixture
def vacancy(recruiter: Any, client_company: Any, contact: Any) -> Any:
    return vacancy_open(
        actor=recruiter,
        vacancy=VacancyFactory(client=client_company, contact=contact, owner=recruiter, team=recruiter.team),
    )


def move_to(*, application: Any, actor: Any, stages: list[str]) -> Any:
    """Moves through the stages (consent to submit recorded first, Conduct Regs reg 19)."""
    from candidates.services import consent_record
    from tests.factories.matching import approved_entry

    if "submitted" in stages:
        consent_record(
            actor=actor,
            candidate=application.candidate,
            purpose="submission",
            lawful_basis="consent",
            vacancy_id=application.vacancy_id,
            method="phone",
        )
        approved_entry(vacancy=application.vacancy, candidate=application.candidate)  # reviewed first
        from tests.factories.compliance import IdentityCheckFactory

        if not application.candidate.identity_checks.exists():
            IdentityCheckFactory(candidate=application.candidate)  # reg 19: identity confirmed
    for stage in stages:
        application = application_move(actor=actor, application=application, stage=stage)
    return application


@pytest.fixture
def application(recruiter: Any, vacancy: Any, candidate: Any) -> Any:
    return application_create(actor=recruiter, vacancy=vacancy, candidate=candidate)
