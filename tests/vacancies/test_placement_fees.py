"""Contract and temp placements count their margin (day margin x expected days) in fees, never £0
(issue 16): the model, its SQL twin, the page's form, the API and the fee totals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recruitcrm.dashboards import reports
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from tests.vacancies.conftest import consent_to_submit
from vacancies.models import PLACEMENT_FEE_VALUE, Placement
from vacancies.services.pipeline import application_move
from vacancies.services.placements import placement_create
from vacancies.services.vacancies import vacancy_open

START = datetime.date.today() + datetime.timedelta(days=7)


def _at_offer(actor, vacancy, candidate):
    application = ApplicationFactory(vacancy=vacancy, candidate=candidate)
    consent_to_submit(candidate, vacancy, actor)
    for stage in ["submitted", "interview", "offer"]:
        application = application_move(actor=actor, application=application, stage=stage)
    return application


@pytest.fixture
def contract_vacancy(acme, recruiter):
    return vacancy_open(
        actor=recruiter,
        vacancy=VacancyFactory(
            client=acme, employment_type="contract", salary_min=None, salary_max=None, day_rate=500
        ),
    )


def test_contract_placement_is_worth_its_margin_times_expected_days(recruiter, contract_vacancy, candidate):
    application = _at_offer(recruiter, contract_vacancy, candidate)
    placement = placement_create(
        actor=recruiter,
        application=application,
        start_on=START,
        pay_rate=450,
        charge_rate=560,
        expected_days=60,
    )
    placement.refresh_from_db()
    assert placement.expected_days == 60 and placement.fee is None
    assert placement.fee_value == 110 * 60
    assert Placement.objects.annotate(v=PLACEMENT_FEE_VALUE).get(pk=placement.pk).v == 6600


def test_expected_days_out_of_range_are_refused(recruiter, contract_vacancy, candidate):
    application = _at_offer(recruiter, contract_vacancy, candidate)
    for days in (0, 5000):
        with pytest.raises(ValidationError) as refused:
            placement_create(
                actor=recruiter,
                application=application,
                start_on=START,
                pay_rate=450,
                charge_rate=560,
                expected_days=days,
            )
        assert "expected_days" in refused.value.message_dict
    assert not Placement.objects.exists()


def test_sql_fee_value_equals_the_property_row_by_row(acme, recruiter, candidate, acme_terms):
    """Perm (fee), contract with and without expected days: the SQL and Python forms agree."""
    perm = vacancy_open(actor=recruiter, vacancy=VacancyFactory(client=acme, headcount=3))
    rows = [
        Placement(application=ApplicationFactory(vacancy=perm), start_on=START, salary=50000, fee=7500),
        Placement(
            application=ApplicationFactory(vacancy=perm), start_on=START, pay_rate=100, charge_rate=130
        ),
        Placement(
            application=ApplicationFactory(vacancy=perm),
            start_on=START,
            pay_rate=100,
            charge_rate=130,
            expected_days=20,
        ),
    ]
    Placement.objects.bulk_create(rows)
    values = dict(Placement.objects.annotate(v=PLACEMENT_FEE_VALUE).values_list("pk", "v"))
    assert {p.pk: p.fee_value for p in Placement.objects.all()} == values
    assert sorted(values.values()) == [0, 600, 7500]


def test_fee_totals_count_contract_margins(manager, recruiter, contract_vacancy, candidate):
    application = _at_offer(recruiter, contract_vacancy, candidate)
    placement_create(
        actor=recruiter,
        application=application,
        start_on=START,
        pay_rate=400,
        charge_rate=520,
        expected_days=100,
    )
    scope = reports.Scope(
        user=manager, start=START - datetime.timedelta(days=1), end=START, team_id=manager.team_id
    )
    assert reports.placements_by_month(scope) == [
        {"month": START.strftime("%Y-%m"), "count": 1, "fees": 12000}
    ]


def test_the_placement_form_asks_for_expected_days_and_the_page_shows_the_fee(
    client, recruiter, contract_vacancy, candidate
):
    application = _at_offer(recruiter, contract_vacancy, candidate)
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert 'name="placement-expected_days"' in page and 'name="placement-fee"' not in page
    url = reverse("vacancies:placement_add", args=[application.pk])
    body = {
        "placement-start_on": START.isoformat(),
        "placement-pay_rate": "300",
        "placement-charge_rate": "375",
    }
    refused = client.post(url, body)
    assert refused.status_code == 400 and "expected_days" in refused.context["form"].errors
    assert not Placement.objects.exists()
    done = client.post(url, {**body, "placement-expected_days": "40"})
    assert done.status_code == 302
    assert Placement.objects.get().fee_value == 75 * 40
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert "£3,000" in page and "£75 a day \u00d7 40 days" in page


def test_the_api_takes_and_returns_expected_days(api_as, recruiter, contract_vacancy, candidate):
    application = _at_offer(recruiter, contract_vacancy, candidate)
    api = api_as(recruiter)
    body = {
        "application": application.pk,
        "start_on": START.isoformat(),
        "pay_rate": 300,
        "charge_rate": 360,
        "expected_days": 0,
    }
    refused = api.post("/api/v1/placements/", body, format="json")
    assert refused.status_code == 400 and "expected_days" in refused.json()
    created = api.post("/api/v1/placements/", {**body, "expected_days": 120}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["expected_days"] == 120 and created.json()["margin"] == 60
    assert api.get(f"/api/v1/placements/{created.json()['id']}/").json()["expected_days"] == 120


def test_expected_days_are_given_later_or_changed_on_an_extension(
    client, recruiter, compliance_officer, contract_vacancy, candidate
):
    from core.models import AuditEvent

    application = _at_offer(recruiter, contract_vacancy, candidate)
    # Recorded without them (as the API allows, and as placements made before the field existed).
    placement = placement_create(
        actor=recruiter, application=application, start_on=START, pay_rate=300, charge_rate=350
    )
    assert placement.fee_value == 0
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert "Give the expected days" in page and "unknown until the expected days are given" in page
    url = reverse("vacancies:placement_expected_days", args=[placement.pk])
    client.post(url, {"days-expected_days": "0"})
    placement.refresh_from_db()
    assert placement.expected_days is None
    answer = client.post(url, {"days-expected_days": "60"}, follow=True)
    assert "the placement counts £3,000" in answer.content.decode()
    client.post(url, {"days-expected_days": "120"})  # extended
    placement.refresh_from_db()
    assert placement.expected_days == 120 and placement.fee_value == 6000
    assert (
        AuditEvent.objects.filter(action="placement.expected_days_set", object_id=placement.pk).count() == 2
    )
    client.force_login(compliance_officer)
    assert client.post(url, {"days-expected_days": "5"}).status_code == 403


def test_a_perm_placement_has_no_expected_days(client, recruiter, open_vacancy, candidate, acme_terms):
    application = _at_offer(recruiter, open_vacancy, candidate)
    placement = placement_create(actor=recruiter, application=application, start_on=START, salary=50000)
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert "days-expected_days" not in page
    url = reverse("vacancies:placement_expected_days", args=[placement.pk])
    answer = client.post(url, {"days-expected_days": "60"}, follow=True)
    assert "Expected days are for contract and temp placements." in answer.content.decode()
    placement.refresh_from_db()
    assert placement.expected_days is None and placement.fee_value == placement.fee == 10000  # 20% terms
