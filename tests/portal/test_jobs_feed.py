"""GET /jobs/feed.xml: the published jobs for job aggregators, parsed back and validated against the
schema written for it (tests/portal/jobs_feed.xsd)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from tests.factories.clients import ClientFactory
from tests.portal.conftest import TODAY, published
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).with_name("jobs_feed.xsd"))))


def _feed(client) -> etree._Element:
    response = client.get(reverse("portal:jobs-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    SCHEMA.assertValid(root)
    return root


def test_feed_lists_every_published_job_with_every_field(client, recruiter, settings):
    settings.SITE_URL = "https://jobs.example.test"
    settings.AGENCY_NAME = "Brightpath Recruitment"
    named = published(
        title="Senior Python Developer",
        client=ClientFactory(name="Northgate Engineering Ltd"),
        postcode="LS6 2QT",
        salary_min=55000,
        salary_max=65000,
        closes_on=TODAY + datetime.timedelta(days=20),
        advert="Flood defences & <real> impact\x0b.",
    )
    secret = published(
        title="Payments Lead",
        client=ClientFactory(name="Kestrel Zq7", is_confidential=True),
        postcode="EC1A 1BB",
        employment_type="contract",
        salary_min=None,
        salary_max=None,
        day_rate=600,
    )
    published(is_published=False)
    published(status=Vacancy.Status.CLOSED)
    root = _feed(client)
    assert root.findtext("publisher") == "Brightpath Recruitment"
    jobs = {int(job.findtext("referencenumber")): job for job in root.findall("job")}
    assert set(jobs) == {named.pk, secret.pk}
    job = jobs[named.pk]
    assert {child.tag: child.text for child in job} == {
        "title": "Senior Python Developer",
        "date": named.opened_at.date().isoformat(),
        "referencenumber": str(named.pk),
        "url": f"https://jobs.example.test/jobs/{named.pk}/senior-python-developer/",
        "company": "Northgate Engineering Ltd",
        "city": "Leeds",
        "postalcode": "LS6 2QT",
        "country": "GB",
        "description": "Flood defences & <real> impact.",  # escaped by the library, read back whole
        "salary": "£55,000 to £65,000 a year",
        "jobtype": "fulltime",
        "expirationdate": named.closes_on.isoformat(),
    }
    other = jobs[secret.pk]
    assert other.findtext("company") == "Confidential"
    assert other.findtext("postalcode") == "EC1A"
    assert other.findtext("city") == "London"
    assert other.findtext("jobtype") == "contract"
    assert other.findtext("salary") == "£600 a day"
    assert b"Kestrel" not in etree.tostring(root)


def test_empty_feed_is_still_valid(client, db):
    root = _feed(client)
    assert root.findall("job") == []
