import pytest

from tests.clients.conftest import acme, acme_contact, acme_terms, secret_client

__all__ = ["acme", "acme_contact", "acme_terms", "secret_client"]


@pytest.fixture
def open_vacancy(acme, recruiter):
    from tests.factories.vacancies import VacancyFactory
    from vacancies.services.vacancies import vacancy_open

    vacancy = VacancyFactory(client=acme, title="Senior Python Developer", headcount=1)
    return vacancy_open(actor=recruiter, vacancy=vacancy)


@pytest.fixture
def candidate(recruiter):
    from tests.factories.candidates import CandidateFactory
    from tests.factories.compliance import RightToWorkCheckFactory

    candidate = CandidateFactory(
        owner=recruiter, first_name="Jordan", last_name="Ellis", email="jordan@example.test"
    )
    # The compliance placement gate: vacancies need a right-to-work check by default.
    RightToWorkCheckFactory(candidate=candidate)
    return candidate


@pytest.fixture
def reason(db):
    from tests.factories.pipeline import RejectionReasonFactory

    return RejectionReasonFactory()


def consent_to_submit(candidate, vacancy, actor, *, approve=True):
    """Both reg 19 gates before `submitted`: an approved shortlist entry and consent for the vacancy."""
    from candidates.services import consent_record
    from tests.factories.matching import approved_entry

    if approve:
        approved_entry(vacancy=vacancy, candidate=candidate)
    return consent_record(
        actor=actor,
        candidate=candidate,
        purpose="submission",
        lawful_basis="consent",
        vacancy_id=vacancy.pk,
        method="phone",
        wording_version="v1",
    )
