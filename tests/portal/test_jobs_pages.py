"""The careers site's pages: which jobs show, search, constant queries, a confidential client never
named, and the job page's schema.org JobPosting JSON-LD."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse

from tests.factories.clients import ClientFactory
from tests.portal.conftest import TODAY, published
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def _ids(response) -> set[int]:
    return {int(n) for n in re.findall(r'id="job-(\d+)"', response.content.decode())}


def test_only_published_open_complete_and_not_closed_jobs_are_listed(client, recruiter):
    shown = published()
    draft = published(status=Vacancy.Status.DRAFT)
    on_hold = published(status=Vacancy.Status.ON_HOLD)
    unpublished = published(is_published=False)
    closed = published(closes_on=TODAY - datetime.timedelta(days=1))
    closes_today = published(closes_on=TODAY)
    # Reg 18 incomplete (a published flag left on from before, set straight in the database).
    incomplete = published()
    Vacancy.objects.filter(pk=incomplete.pk).update(hours="  ")
    no_advert = published()
    Vacancy.objects.filter(pk=no_advert.pk).update(advert=" \n")
    ids = _ids(client.get(reverse("portal:jobs")))
    assert {shown.pk, closes_today.pk} <= ids
    assert not ids & {draft.pk, on_hold.pk, unpublished.pk, closed.pk, incomplete.pk, no_advert.pk}


def test_reg18_sql_rule_agrees_with_the_model_rule(recruiter):
    from vacancies.selectors.careers import reg18_complete_q

    cases = [
        {},
        {"hours": ""},
        {"postcode": "", "remote": Vacancy.Remote.REMOTE},
        {"postcode": "", "remote": Vacancy.Remote.HYBRID},
        {
            "employment_type": "contract",
            "benefits": "",
            "notice_period": "",
            "salary_min": None,
            "salary_max": None,
        },
        {"salary_min": None, "salary_max": None},
        {"salary_min": None},
        {"start_on": None},
        {"required_qualifications": "\t"},
    ]
    for fields in cases:
        vacancy = published(**fields)
        in_sql = Vacancy.objects.filter(reg18_complete_q(), pk=vacancy.pk).exists()
        assert in_sql == (not vacancy.reg18_missing_fields), fields


def test_search_by_keyword_location_and_type(client, recruiter):
    leeds = published(title="Data Engineer", postcode="LS6 2QT", advert="Spark and Kafka pipelines.")
    london = published(title="Payroll Officer", postcode="EC1A 1BB", employment_type="contract", day_rate=300)
    remote = published(
        title="Support Analyst", postcode="", remote=Vacancy.Remote.REMOTE, employment_type="temp"
    )
    url = reverse("portal:jobs")
    assert _ids(client.get(url, {"q": "kafka"})) == {leeds.pk}  # the advert is searched
    assert _ids(client.get(url, {"q": "payroll officer"})) == {london.pk}
    assert leeds.pk in _ids(client.get(url, {"location": "Leeds"}))
    assert london.pk not in _ids(client.get(url, {"location": "leeds"}))
    assert _ids(client.get(url, {"location": "LS6"})) >= {leeds.pk}
    assert leeds.pk not in _ids(client.get(url, {"location": "LS1"}))  # a district, not a prefix
    assert london.pk in _ids(client.get(url, {"location": "London"}))
    assert remote.pk in _ids(client.get(url, {"location": "remote"}))
    assert _ids(client.get(url, {"employment_type": "temp"})) == {remote.pk}


def test_empty_search_says_so_and_nonsense_never_breaks(client, recruiter):
    published()
    url = reverse("portal:jobs")
    response = client.get(url, {"q": "zzqxjob-none", "location": "Atlantis"})
    assert response.status_code == 200
    assert "No jobs match your search" in response.content.decode()
    for params in ({"page": "²"}, {"employment_type": "x"}, {"q": "<script>"}, {"location": "((("}):
        assert client.get(url, params).status_code == 200
    assert client.get(url, {"q": "\x00"}).status_code == 400  # the project refuses NUL everywhere


def test_jobs_list_runs_a_constant_number_of_queries(client, recruiter, django_assert_max_num_queries):
    for _ in range(3):
        published(client=ClientFactory(is_confidential=True))
    url = reverse("portal:jobs")
    client.get(url)
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    for _ in range(15):
        published()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_ids(client.get(url))) == 18


def test_confidential_client_is_never_named(client, recruiter):
    secret = ClientFactory(name="Kestrel Zq7 Payments", is_confidential=True)
    job = published(client=secret, postcode="LS6 2QT")
    pages = [
        client.get(reverse("portal:jobs")),
        client.get(reverse("portal:job", args=[job.pk, "x"]), follow=True),
        client.get(reverse("portal:jobs-feed")),
    ]
    for page in pages:
        body = page.content.decode()
        assert "Kestrel Zq7" not in body
        assert "LS6 2QT" not in body  # the district only: the building cannot be looked up
    assert "Confidential" in pages[2].content.decode()


def _ld(response) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_job_page_carries_valid_job_posting_json_ld(client, recruiter, settings):
    settings.SITE_URL = "https://jobs.example.test"
    job = published(
        title="Senior Python Developer",
        client=ClientFactory(name="Northgate Engineering Ltd"),
        postcode="LS6 2QT",
        salary_min=55000,
        salary_max=65000,
        closes_on=datetime.date(2027, 7, 1),
    )
    response = client.get(reverse("portal:job", args=[job.pk, "senior-python-developer"]))
    assert response.status_code == 200
    data = _ld(response)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Senior Python Developer"
    assert "<p>Join a friendly team" in data["description"]
    assert data["datePosted"] == job.opened_at.date().isoformat()
    assert data["validThrough"] == "2027-07-01T23:59:59+01:00"  # British Summer Time that day
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Northgate Engineering Ltd"}
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Leeds",
            "postalCode": "LS6 2QT",
            "addressCountry": "GB",
        },
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {"@type": "QuantitativeValue", "minValue": 55000, "maxValue": 65000, "unitText": "YEAR"},
    }
    assert data["directApply"] is True
    assert data["identifier"]["@type"] == "PropertyValue" and data["identifier"]["value"] == str(job.pk)
    assert data["url"] == f"https://jobs.example.test/jobs/{job.pk}/senior-python-developer/"


def test_json_ld_for_a_confidential_contract_role_names_the_agency(client, recruiter, settings):
    settings.AGENCY_NAME = "Brightpath Recruitment"
    job = published(
        client=ClientFactory(is_confidential=True),
        employment_type="contract",
        salary_min=None,
        salary_max=None,
        day_rate=450,
        closes_on=datetime.date(2027, 1, 15),
    )
    data = _ld(client.get(reverse("portal:job", args=[job.pk, "x"]), follow=True))
    assert data["hiringOrganization"]["name"] == "Brightpath Recruitment"
    assert data["employmentType"] == "CONTRACTOR"
    assert data["validThrough"] == "2027-01-15T23:59:59+00:00"
    assert data["baseSalary"]["value"] == {"@type": "QuantitativeValue", "value": 450, "unitText": "DAY"}
    assert data["jobLocation"]["address"]["postalCode"] == "LS1"


def test_json_ld_cannot_be_broken_out_of(client, recruiter):
    job = published(
        title="Dev </script><script>alert(1)</script>",
        advert="Fine & dandy </script><img src=x onerror=alert(1)>",
    )
    response = client.get(reverse("portal:job", args=[job.pk, "x"]), follow=True)
    body = response.content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
    data = json.loads(block)
    assert data["title"] == "Dev </script><script>alert(1)</script>"
    assert "<script>alert(1)" not in body  # and the page itself escapes it


def test_wrong_slug_redirects_and_unpublished_is_404(client, recruiter):
    job = published(title="Site Manager")
    response = client.get(reverse("portal:job", args=[job.pk, "old-title"]))
    assert response.status_code == 301
    assert response["Location"] == f"/jobs/{job.pk}/site-manager/"
    hidden = published(is_published=False)
    assert client.get(reverse("portal:job", args=[hidden.pk, "x"])).status_code == 404
    assert client.get(reverse("portal:job", args=[999999, "x"])).status_code == 404
    assert client.get(reverse("portal:job-apply", args=[hidden.pk])).status_code == 404
