"""Published vacancies for the careers-site tests."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tests.factories.vacancies import VacancyFactory
from vacancies.models import Vacancy

TODAY = datetime.date.today()


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

    client = ClientFactory(owner=recruiter, team=recruiter.team, name="Northgate Engineering Ltd")
    return published(client=client, title="Senior Python Developer")
