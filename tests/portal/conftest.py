"""The candidate portal's tests share these: a candidate in a pipeline, and signing in the way a
person does (the link read from the queued email)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from engagement.models import OutboundEmail
from portal.services.sign_in import portal_sign_in_request
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.services.pipeline import application_create
from vacancies.services.vacancies import vacancy_open

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
