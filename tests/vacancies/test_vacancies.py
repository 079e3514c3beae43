"""Vacancies: the Conduct Regs reg 18 gate, status rules, pages and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.api.serializers import VacancySerializer
from vacancies.forms.vacancies import FIELDSETS, VacancyForm
from vacancies.models import Vacancy
from vacancies.models.vacancy import VACANCY_FIELDS, reg18_missing
from vacancies.services.vacancies import (
    Reg18Incomplete,
    vacancy_create,
    vacancy_open,
    vacancy_set_status,
    vacancy_update,
)

ALL_REG18 = [
    "hirer_business",
    "start_on",
    "duration",
    "title",
    "description",
    "postcode",
    "hours",
    "health_and_safety_risks",
    "required_qualifications",
]


# Set by their own rules, never written as plain fields (the client at creation, status through the
# transitions, owner and team from the owner); the rest is VACANCY_FIELDS.
RULED_FIELDS = {
    "id",
    "client",
    "status",
    "owner",
    "team",
    "created_at",
    "updated_at",
    "opened_at",
    "filled_at",
}
CHECK_INPUTS = ["rtw_required", "dbs_level", "references_required"]  # the form's required_checks


def test_every_vacancy_field_is_declared_once_and_read_by_the_form_and_the_api():
    model_fields = {field.name for field in Vacancy._meta.concrete_fields}
    assert model_fields - RULED_FIELDS == set(VACANCY_FIELDS)
    assert set(VacancyForm._meta.fields) == {"client", "status", *VACANCY_FIELDS} - {"required_checks"}
    shown = [name for _, names in FIELDSETS for name in names]
    assert sorted(shown) == sorted([*VacancyForm._meta.fields, *CHECK_INPUTS])  # each once
    assert set(VACANCY_FIELDS) <= set(VacancySerializer.Meta.fields)


def test_reg18_lists_everything_missing_in_the_regulations_order():
    assert reg18_missing({"employment_type": "perm"}) == [
        *ALL_REG18,
        "salary_min",
        "benefits",
        "notice_period",
    ]
    assert reg18_missing({"employment_type": "contract"}) == ALL_REG18
    assert "postcode" not in reg18_missing({"employment_type": "temp", "remote": "remote"})
    assert "salary_min" not in reg18_missing({"employment_type": "perm", "salary_max": 40000})
    assert "hours" in reg18_missing({"employment_type": "temp", "hours": "   "})


def test_vacancy_cannot_be_opened_until_reg18_information_is_complete(recruiter, acme):
    vacancy = VacancyFactory(client=acme, hours="", benefits="")
    with pytest.raises(Reg18Incomplete) as refused:
        vacancy_open(actor=recruiter, vacancy=vacancy)
    assert refused.value.missing == ["hours", "benefits"]
    assert "hours, benefits" in str(refused.value)
    vacancy.refresh_from_db()
    assert vacancy.status == "draft"
    vacancy_update(actor=recruiter, vacancy=vacancy, hours="9 to 5", benefits="Pension")
    vacancy_open(actor=recruiter, vacancy=vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == "open" and vacancy.opened_at is not None
    event = AuditEvent.objects.filter(action="vacancy.updated").first()
    assert event.details["to"] == "open"


def test_benefits_and_notice_are_needed_for_permanent_roles_only(recruiter, acme):
    contract = VacancyFactory(
        client=acme,
        employment_type="contract",
        benefits="",
        notice_period="",
        salary_min=None,
        salary_max=None,
        day_rate=550,
    )
    vacancy_open(actor=recruiter, vacancy=contract)
    assert contract.status == "open"


def test_an_open_vacancy_cannot_lose_its_reg18_information(recruiter, acme):
    vacancy = VacancyFactory(client=acme)
    vacancy_open(actor=recruiter, vacancy=vacancy)
    with pytest.raises(Reg18Incomplete):
        vacancy_update(actor=recruiter, vacancy=vacancy, health_and_safety_risks="")


def test_status_moves_follow_the_allowed_transitions(recruiter, acme):
    from django.core.exceptions import ValidationError

    vacancy = VacancyFactory(client=acme)
    with pytest.raises(ValidationError):
        vacancy_set_status(actor=recruiter, vacancy=vacancy, status="filled")
    vacancy_open(actor=recruiter, vacancy=vacancy)
    vacancy_set_status(actor=recruiter, vacancy=vacancy, status="on_hold")
    vacancy_set_status(actor=recruiter, vacancy=vacancy, status="open")
    vacancy_set_status(actor=recruiter, vacancy=vacancy, status="filled")
    assert vacancy.filled_at is not None


def test_contact_must_work_at_the_vacancys_client(recruiter, acme):
    from django.core.exceptions import ValidationError

    other = ContactFactory(client=ClientFactory(owner=recruiter))
    with pytest.raises(ValidationError):
        vacancy_create(actor=recruiter, client=acme, title="X", contact=other)


def test_required_checks_are_stored_and_validated(recruiter, acme):
    from django.core.exceptions import ValidationError

    vacancy = vacancy_create(
        actor=recruiter,
        client=acme,
        title="Support worker",
        required_checks={"right_to_work": True, "dbs_level": "enhanced_barred", "references": 2},
        works_with_vulnerable_people=True,
        blind_shortlist=True,
    )
    vacancy.refresh_from_db()
    assert vacancy.required_checks["dbs_level"] == "enhanced_barred"
    assert (
        vacancy.works_with_vulnerable_people and vacancy.blind_shortlist and not vacancy.sponsorship_available
    )
    for bad in [
        {"right_to_work": True},
        {"right_to_work": 1, "dbs_level": "none", "references": 0},
        {"right_to_work": True, "dbs_level": "gold", "references": 0},
        {"right_to_work": True, "dbs_level": "none", "references": 9},
    ]:
        with pytest.raises(ValidationError):
            vacancy_create(actor=recruiter, client=acme, title="X", required_checks=bad)


# --- The API ---------------------------------------------------------------------------------


def test_api_patch_open_while_incomplete_is_409_with_the_missing_fields(api_as, recruiter, acme):
    vacancy = VacancyFactory(client=acme, hours="", notice_period="")
    response = api_as(recruiter).patch(f"/api/v1/vacancies/{vacancy.pk}/", {"status": "open"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "reg18_incomplete"
    assert body["missing"] == ["hours", "notice_period"]
    assert "reg 18" in body["detail"]
    response = api_as(recruiter).patch(
        f"/api/v1/vacancies/{vacancy.pk}/",
        {"status": "open", "hours": "37.5 a week", "notice_period": "1 month"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "open"


def test_api_create_returns_every_documented_field_and_the_inclusive_language_check(api_as, recruiter, acme):
    contact = ContactFactory(client=acme)
    response = api_as(recruiter).post(
        "/api/v1/vacancies/",
        {
            "client": acme.pk,
            "contact": contact.pk,
            "title": "Driven, competitive sales lead",
            "description": "Join our supportive team.",
            "must_have_skills": ["Sales", "CRM"],
            "employment_type": "perm",
            "salary_min": 40000,
            "salary_max": 50000,
            "required_checks": {"right_to_work": True, "dbs_level": "basic", "references": 2},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    for field in [
        "id",
        "client",
        "contact",
        "title",
        "description",
        "must_have_skills",
        "nice_to_have_skills",
        "postcode",
        "remote",
        "employment_type",
        "salary_min",
        "salary_max",
        "day_rate",
        "start_on",
        "headcount",
        "status",
        "required_checks",
        "works_with_vulnerable_people",
        "blind_shortlist",
        "sponsorship_available",
        "owner",
        "team",
        "hirer_business",
        "duration",
        "hours",
        "health_and_safety_risks",
        "required_qualifications",
        "expenses",
        "benefits",
        "notice_period",
        "inclusive_language",
    ]:
        assert field in body, field
    assert body["status"] == "draft" and body["sponsorship_available"] is False
    assert body["inclusive_language"] == {
        "score": -2,
        "label": "masculine-coded",
        "masculine_words": ["driven", "competitive", "lead"],
        "feminine_words": ["supportive"],
        "flagged_phrases": [],
        "jargon": [],
    }


def test_api_create_open_vacancy_with_missing_information_is_409(api_as, recruiter, acme):
    response = api_as(recruiter).post(
        "/api/v1/vacancies/", {"client": acme.pk, "title": "X", "status": "open"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "reg18_incomplete"
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "X", "client": 999999},
        {"client": "abc", "title": "X"},
        {"title": "", "client": None},
        {"title": "X", "salary_min": 50000, "salary_max": 40000},
        {"title": "X", "headcount": 0},
        {"title": "X", "remote": "moon"},
        {"title": "X", "required_checks": {"right_to_work": "maybe"}},
        {"title": "X", "required_checks": "none"},
        {"title": "X", "status": "filled"},
        {"title": "X", "start_on": "tomorrow"},
        {"title": "X", "must_have_skills": "Python"},
    ],
)
def test_bad_vacancy_input_is_a_400_never_a_500(api_as, recruiter, acme, payload):
    payload = {"client": acme.pk, **payload} if "client" not in payload else payload
    response = api_as(recruiter).post("/api/v1/vacancies/", payload, format="json")
    assert response.status_code == 400, response.json()


def test_api_patch_required_checks_partially(api_as, recruiter, acme):
    vacancy = VacancyFactory(client=acme)
    response = api_as(recruiter).patch(
        f"/api/v1/vacancies/{vacancy.pk}/", {"required_checks": {"references": 2}}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["required_checks"] == {"right_to_work": True, "dbs_level": "none", "references": 2}


def test_api_vacancy_filters_and_query_count(api_as, recruiter, acme, django_assert_max_num_queries):
    api = api_as(recruiter)
    VacancyFactory(client=acme, status="draft")
    api.get("/api/v1/vacancies/")
    with django_assert_max_num_queries(10) as few:
        api.get("/api/v1/vacancies/")
    for _ in range(6):
        VacancyFactory(client=ClientFactory(owner=recruiter), contact=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get("/api/v1/vacancies/").json()["count"] == 7
    assert api.get("/api/v1/vacancies/", {"client": acme.pk}).json()["count"] == 1
    assert api.get("/api/v1/vacancies/", {"status": "open"}).json()["count"] == 0
    assert (
        api.get("/api/v1/vacancies/", {"employment_type": "perm", "owner": recruiter.pk}).json()["count"] == 7
    )


def test_compliance_officer_cannot_change_vacancies(api_as, compliance_officer, acme):
    vacancy = VacancyFactory(client=acme)
    api = api_as(compliance_officer)
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}/").status_code == 200
    assert api.patch(f"/api/v1/vacancies/{vacancy.pk}/", {"title": "X"}, format="json").status_code == 403
    assert api.post("/api/v1/vacancies/", {"client": acme.pk, "title": "X"}, format="json").status_code == 403


# --- The pages -------------------------------------------------------------------------------


def test_vacancy_form_says_exactly_what_reg18_needs_before_opening(client, recruiter, acme):
    vacancy = VacancyFactory(client=acme, hours="", health_and_safety_risks="")
    client.force_login(recruiter)
    url = reverse("vacancies:edit", args=[vacancy.pk])
    form = client.get(url).content.decode()
    data = {
        "contact": "",
        "title": vacancy.title,
        "description": vacancy.description,
        "employment_type": "perm",
        "headcount": "1",
        "status": "open",
        "hirer_business": vacancy.hirer_business,
        "start_on": vacancy.start_on.isoformat(),
        "duration": vacancy.duration,
        "postcode": vacancy.postcode,
        "remote": "hybrid",
        "hours": "",
        "health_and_safety_risks": "",
        "required_qualifications": vacancy.required_qualifications,
        "salary_min": "55000",
        "salary_max": "65000",
        "benefits": vacancy.benefits,
        "notice_period": vacancy.notice_period,
        "must_have_skills": "Python,Django",
        "dbs_level": "none",
        "references_required": "0",
        "rtw_required": "on",
    }
    assert "Hirer&#x27;s information (Conduct Regs reg 18)" in form or "Conduct Regs reg 18" in form
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Conduct Regs reg 18: record hours, health and safety risks before opening this vacancy." in page
    assert page.count("Needed before the vacancy can be opened") == 2
    vacancy.refresh_from_db()
    assert vacancy.status == "draft"
    data.update(
        hours="37.5 hours", health_and_safety_risks="Office", dbs_level="enhanced", references_required="2"
    )
    response = client.post(url, data)
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == "open" and vacancy.hours == "37.5 hours"
    assert vacancy.required_checks == {"right_to_work": True, "dbs_level": "enhanced", "references": 2}
    assert vacancy.must_have_skills == ["Python", "Django"]


def test_create_vacancy_from_the_form(client, recruiter, acme):
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:create"), {"client": acme.pk}).content.decode()
    assert "Acme Widgets Ltd" in page
    response = client.post(
        reverse("vacancies:create"),
        {
            "client": acme.pk,
            "title": "Warehouse operative",
            "employment_type": "temp",
            "headcount": "3",
            "status": "draft",
            "remote": "onsite",
            "dbs_level": "none",
            "references_required": "0",
        },
    )
    assert response.status_code == 302
    vacancy = Vacancy.objects.get(title="Warehouse operative")
    assert vacancy.headcount == 3 and vacancy.owner == recruiter
    response = client.post(reverse("vacancies:create"), {"client": acme.pk, "title": "", "headcount": "x"})
    assert response.status_code == 200 and "field-error" in response.content.decode()


def test_vacancy_page_shows_the_checklist_and_highlighted_advert(client, recruiter, acme):
    vacancy = VacancyFactory(
        client=acme, title="Ambitious engineer", description="A young, supportive team.", hours=""
    )
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert '<mark class="il-masculine" title="Masculine-coded word">Ambitious</mark>' in page
    assert '<mark class="il-feminine" title="Feminine-coded word">supportive</mark>' in page
    assert "May exclude a protected group" in page and "“young”" in page
    assert "Conduct Regs reg 18: record hours before opening this vacancy." in page


def test_open_button_refuses_with_the_reg18_message_then_opens(client, recruiter, acme):
    vacancy = VacancyFactory(client=acme, duration="")
    client.force_login(recruiter)
    url = reverse("vacancies:status", args=[vacancy.pk])
    page = client.post(url, {"status": "open"}, follow=True).content.decode()
    assert "Conduct Regs reg 18: record duration before opening this vacancy." in page
    vacancy.duration = "Permanent"
    vacancy.save()
    page = client.post(url, {"status": "open"}, follow=True).content.decode()
    assert "Vacancy is now open." in page
    page = client.post(url, {"status": "draft"}, follow=True).content.decode()
    assert "cannot become draft" in page
    page = client.post(url, {"status": "bogus"}, follow=True).content.decode()
    assert "Choose a status." in page


def test_vacancy_list_filters_and_empty_states(client, recruiter, acme):
    client.force_login(recruiter)
    assert "No vacancies yet" in client.get(reverse("vacancies:index")).content.decode()
    VacancyFactory(
        client=acme,
        title="Data Engineer",
        employment_type="contract",
        salary_min=None,
        salary_max=None,
        day_rate=600,
    )
    page = client.get(reverse("vacancies:index")).content.decode()
    assert "Data Engineer" in page and "£600/day" in page
    assert "No vacancies match" in client.get(reverse("vacancies:index"), {"status": "open"}).content.decode()
    assert (
        "Data Engineer"
        in client.get(
            reverse("vacancies:index"), {"employment_type": "contract", "q": "acme"}
        ).content.decode()
    )
    partial = client.get(reverse("vacancies:index"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial


def test_list_pages_use_a_constant_number_of_queries(client, recruiter, acme, django_assert_max_num_queries):
    from tests.factories.clients import TermsFactory

    client.force_login(recruiter)
    VacancyFactory(client=acme)
    TermsFactory(client=acme)
    for name in ["clients:index", "vacancies:index"]:
        client.get(reverse(name))
    with django_assert_max_num_queries(12) as clients_few:
        client.get(reverse("clients:index"))
    with django_assert_max_num_queries(12) as vacancies_few:
        client.get(reverse("vacancies:index"))
    for _ in range(8):
        other = ClientFactory(owner=recruiter)
        TermsFactory(client=other)
        VacancyFactory(client=other, contact=ContactFactory(client=other))
    with django_assert_max_num_queries(len(clients_few.captured_queries)):
        assert client.get(reverse("clients:index")).content.decode().count("/clients/") >= 9
    with django_assert_max_num_queries(len(vacancies_few.captured_queries)):
        client.get(reverse("vacancies:index"))
