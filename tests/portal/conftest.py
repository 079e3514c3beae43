"""Published vacancies for the careers-site tests."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tests.factories.vacancies import VacancyFactory
from vacancies.models import Vacancy

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
