"""Shared by the portal's tests: published vacancies for the careers site; a candidate in a
pipeline and signing in the way a person does (the link read from the queued email) for the
candidate portal."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from engagement.models import OutboundEmail
from portal.services.sign_in import portal_sign_in_request
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Vacancy
from vacancies.services.pipeline import application_create
from vacancies.services.vacancies import vacancy_open

TODAY = datetime.date.today()


def ensure_privacy_notice() -> None:
    """Migration 0004 publishes version 2024-1, but a transactional test's flush empties the table
    for the tests after it: put the seeded version back when it is gone."""
    from core.models import PrivacyNotice

    if not PrivacyNotice.objects.exists():
        PrivacyNotice.objects.create(version="2024-1", text="How we use your personal data.")


def published(**fields: Any) -> Vacancy:
    """An open vacancy with complete reg 18 information, an advert and a closing date: on the site."""
    defaults: dict[str, Any] = {
        "status": Vacancy.Status.OPEN,
        "opened_at": timezone.now(),
        "is_published": True,
        "advert": "Join a friendly team building flood-defence software.\nHybrid working in Leeds.",
        "closes_on": TODAY + datetime.timedelta(days=30),
    }
    return VacancyFactory(**{**defaults, **fields})


@pytest.fixture
def job(recruiter: Any) -> Vacancy:
    from tests.factories.clients import ClientFactory

    ensure_privacy_notice()
    client = ClientFactory(owner=recruiter, team=recruiter.team, name="Northgate Engineering Ltd")
    return published(client=client, title="Senior Python Developer")


LINK = re.compile(r"https?://[^\s]+(/portal/sign-in/[A-Za-z0-9_-]{43}/)")


def link_path_from(email: OutboundEmail) -> str:
    match = LINK.search(email.body)
    assert match, "no sign-in link in the email"
    return match.group(1)


def sign_in(client: Any, candidate: Any) -> None:
    before = set(OutboundEmail.objects.filter(candidate=candidate).values_list("pk", flat=True))
    portal_sign_in_request(email=candidate.email)
    email = OutboundEmail.objects.filter(candidate=candidate).exclude(pk__in=before).get()
    response = client.post(link_path_from(email))
    assert response.status_code == 302 and response["Location"] == "/portal/"


@pytest.fixture
def portal_candidate(recruiter: Any) -> Any:
    return CandidateFactory(owner=recruiter, first_name="Priya", last_name="Shah", email="priya@example.test")


@pytest.fixture
def portal_vacancy(recruiter: Any) -> Any:
    client = ClientFactory(owner=recruiter, team=recruiter.team, name="Northgate Engineering Ltd")
    contact = ContactFactory(client=client, first_name="Tom", last_name="Reed", email="tom@northgate.test")
    vacancy = VacancyFactory(client=client, contact=contact, owner=recruiter, team=recruiter.team)
    return vacancy_open(actor=recruiter, vacancy=vacancy)


@pytest.fixture
def portal_application(recruiter: Any, portal_vacancy: Any, portal_candidate: Any) -> Any:
    return application_create(actor=recruiter, vacancy=portal_vacancy, candidate=portal_candidate)
