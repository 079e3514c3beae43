"""Fast data entry on vacancies (issue 16): the contact list follows the client, a vacancy started
from a client begins with its hirer, business and postcode, and the advert check flags jargon as
it is typed and before the vacancy opens."""

from __future__ import annotations

import pytest

from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.forms.vacancies import VacancyForm
from vacancies.models import Vacancy
from vacancies.selectors.inclusive_language import inclusive_language_analyse, inclusive_language_highlight

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("advert", "flagged"),
    [
        ("We want a rockstar developer", "rockstar"),
        ("A coding ninja for our team", "ninja"),
        ("We work hard, play hard!", "work hard, play hard"),
        ("Work-hard play-hard culture", "work-hard play-hard"),
        ("Join a young and dynamic team", "young and dynamic"),
        ("Our SQL guru retires", "guru"),
        ("A rock star engineer", "rock star"),
    ],
)
def test_exclusionary_jargon_is_flagged(advert, flagged):
    result = inclusive_language_analyse(advert)
    assert flagged in result["flagged_phrases"] and flagged in result["jargon"]
    assert 'class="il-jargon"' in inclusive_language_highlight(advert)


def test_protected_group_phrases_are_not_called_jargon():
    result = inclusive_language_analyse("Ideal for a recent graduate")
    assert result["flagged_phrases"] == ["recent graduate"] and result["jargon"] == []


def test_the_api_shows_jargon(api_as, recruiter):
    vacancy = VacancyFactory(client=ClientFactory(owner=recruiter), description="A Python ninja")
    body = api_as(recruiter).get(f"/api/v1/vacancies/{vacancy.pk}/").json()
    assert body["inclusive_language"]["jargon"] == ["ninja"]


def test_live_hints_answer_what_is_typed(client, recruiter):
    client.force_login(recruiter)
    response = client.post(
        "/vacancies/language-check/", {"title": "Rockstar", "description": "young and dynamic"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "“rockstar”" in page and "“young and dynamic”" in page
    clean = client.post("/vacancies/language-check/", {"title": "Developer", "description": "We build."})
    assert "Wording to reconsider" not in clean.content.decode()


def test_opening_asks_about_flagged_wording_first(client, recruiter):
    vacancy = VacancyFactory(client=ClientFactory(owner=recruiter), description="Seeking a coding ninja")
    client.force_login(recruiter)
    response = client.post(f"/vacancies/{vacancy.pk}/status/", {"status": "open"})
    assert response.status_code == 302 and "check_wording=1" in response["Location"]
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "Before this vacancy opens" in page and "“ninja”" in page
    client.post(f"/vacancies/{vacancy.pk}/status/", {"status": "open", "wording_checked": "1"})
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.OPEN


def test_opening_a_clean_advert_is_not_interrupted(client, recruiter):
    vacancy = VacancyFactory(client=ClientFactory(owner=recruiter))
    client.force_login(recruiter)
    client.post(f"/vacancies/{vacancy.pk}/status/", {"status": "open"})
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.OPEN


def test_the_form_asks_before_opening_with_flagged_wording(recruiter):
    client = ClientFactory(owner=recruiter)
    vacancy = VacancyFactory(client=client, description="Rockstar wanted")
    form = VacancyForm(instance=vacancy, user=recruiter)
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(status="open", must_have_skills="Python", nice_to_have_skills="", rtw_required="on")
    data.pop("wording_checked")
    bound = VacancyForm(data, instance=vacancy, user=recruiter)
    assert not bound.is_valid() and "wording_checked" in bound.errors
    assert any(field.name == "wording_checked" for field in bound.fieldsets()[0][1])
    bound = VacancyForm({**data, "wording_checked": "on"}, instance=vacancy, user=recruiter)
    assert bound.is_valid(), bound.errors


def test_contacts_are_the_chosen_clients_own(client, recruiter, outsider):
    acme = ClientFactory(owner=recruiter, name="Acme")
    bolt = ClientFactory(owner=recruiter, name="Bolt")
    jane = ContactFactory(client=acme, first_name="Jane", is_hiring_manager=True)
    ContactFactory(client=acme, first_name="Raj", is_hiring_manager=False)
    bob = ContactFactory(client=bolt, first_name="Bob")
    client.force_login(recruiter)
    options = client.get("/clients/contacts/options/", {"client": acme.pk}).content.decode()
    assert "Jane" in options and "Raj" in options and "Bob" not in options
    assert f'value="{jane.pk}" selected' in options  # the hirer is chosen for you
    assert "Choose a client first" in client.get("/clients/contacts/options/").content.decode()
    hidden = ClientFactory(owner=outsider)
    assert client.get("/clients/contacts/options/", {"client": hidden.pk}).status_code == 404
    assert client.get("/clients/contacts/options/", {"client": "²"}).status_code == 200

    # A new vacancy's form offers no contacts until a client is chosen; then only that client's.
    form = VacancyForm(user=recruiter)
    assert list(form.fields["contact"].queryset) == []
    widget = form.fields["client"].widget.attrs
    assert widget["hx-get"] == "/clients/contacts/options/" and widget["hx-target"] == "#id_contact"
    bound = VacancyForm({"client": str(acme.pk), "contact": str(bob.pk)}, user=recruiter)
    bound.is_valid()
    assert "contact" in bound.errors  # another client's contact is refused


def test_a_vacancy_started_from_a_client_begins_with_its_hirer_business_and_postcode(client, recruiter):
    acme = ClientFactory(owner=recruiter, name="Acme Widgets", sector="Manufacturing", postcode="LS2 7HY")
    ContactFactory(client=acme, first_name="Raj", is_hiring_manager=False)
    jane = ContactFactory(client=acme, first_name="Jane", is_hiring_manager=True)
    client.force_login(recruiter)
    page = client.get("/vacancies/new/", {"client": acme.pk}).content.decode()
    assert f'<option value="{jane.pk}" selected>' in page
    assert "Acme Widgets, Manufacturing" in page and 'value="LS2 7HY"' in page
    assert f'<option value="{acme.pk}" selected>' in page


def test_reg18_refuses_before_the_wording_is_asked_about(client, recruiter):
    vacancy = VacancyFactory(client=ClientFactory(owner=recruiter), description="A ninja", hours="")
    client.force_login(recruiter)
    response = client.post(f"/vacancies/{vacancy.pk}/status/", {"status": "open"}, follow=True)
    page = response.content.decode()
    assert "Conduct Regs reg 18: record hours" in page and "Before this vacancy opens" not in page
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT
