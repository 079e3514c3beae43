"""Edit forms as a browser posts them (core.versioning): the page carries the version it was drawn at
and what it showed; a stale save is refused with the record as it is now and this person's changes
kept; an edit of other fields without a version undoes nobody."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client as WebClient

from candidates.models import Candidate
from candidates.services import candidate_update
from clients.models import Client, Contact
from clients.services import client_update, contact_update
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ContactFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Vacancy
from vacancies.services.vacancies import vacancy_update

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The fields a browser would submit from the page's forms (what it shows, as it shows it)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.data[self._textarea] = [text[1:] if text.startswith("\n") else text]
            self._textarea = None


def _read_form(web: WebClient, url: str) -> dict[str, list[str]]:
    response = web.get(url)
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data


def _post(web: WebClient, url: str, data: dict[str, list[str]], **changes: Any) -> Any:
    body = {k: v for k, v in data.items()}
    for name, value in changes.items():
        body[name] = value if isinstance(value, list) else [value]
    return web.post(url, body)


def _web(user: Any) -> WebClient:
    web = WebClient()
    web.force_login(user)
    return web


def test_the_edit_form_carries_its_version_and_what_it_showed(recruiter):
    candidate = CandidateFactory(owner=recruiter, current_title="Developer")
    data = _read_form(_web(recruiter), f"/candidates/{candidate.pk}/edit/")
    assert data["version"] == [candidate.updated_at.isoformat()]
    assert data["initial-current_title"] == ["Developer"]


def test_a_stale_candidate_save_is_refused_showing_the_record_now_and_keeping_my_change(recruiter, teammate):
    candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds", phone="")
    url = f"/candidates/{candidate.pk}/edit/"
    bob = _web(teammate)
    bobs_page = _read_form(bob, url)
    # Alice saves first: a new title.
    candidate_update(actor=recruiter, candidate=candidate, current_title="Lead Developer")
    # Bob, on his old page, changes the title too and the town.
    response = _post(bob, url, bobs_page, current_title="Architect", town="York")
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed this record" in page and "Nothing has been saved" in page
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Lead Developer", "Leeds")  # nothing overwritten
    reader = _FormReader()
    reader.feed(page)
    again = reader.data
    assert again["current_title"] == ["Architect"] and again["town"] == ["York"]  # Bob's typing kept
    assert "Lead Developer" in page  # theirs, shown beside his
    assert again["version"] == [stored.updated_at.isoformat()]
    # Bob decides and saves again from the conflict page: his values go in.
    response = bob.post(url, again)
    assert response.status_code == 302
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Architect", "York")


def test_a_stale_save_shows_their_change_to_a_field_i_did_not_touch(recruiter, teammate):
    candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds")
    url = f"/candidates/{candidate.pk}/edit/"
    bob = _web(teammate)
    bobs_page = _read_form(bob, url)
    candidate_update(actor=recruiter, candidate=candidate, current_title="Lead Developer")
    response = _post(bob, url, bobs_page, town="York")
    assert response.status_code == 409
    reader = _FormReader()
    reader.feed(response.content.decode())
    # Alice's title is in the box now (not Bob's stale "Developer"); Bob's town is kept.
    assert reader.data["current_title"] == ["Lead Developer"] and reader.data["town"] == ["York"]
    assert bob.post(url, reader.data).status_code == 302
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Lead Developer", "York")


def test_a_form_posted_without_a_version_writes_only_what_it_changed(recruiter, teammate):
    candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds")
    url = f"/candidates/{candidate.pk}/edit/"
    bob = _web(teammate)
    bobs_page = _read_form(bob, url)
    bobs_page.pop("version")
    candidate_update(actor=recruiter, candidate=candidate, current_title="Lead Developer")
    assert _post(bob, url, bobs_page, town="York").status_code == 302
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Lead Developer", "York")


def test_saving_the_edit_form_unchanged_changes_nothing(recruiter):
    candidate = CandidateFactory(owner=recruiter, skills=["Python"], tags=["leeds"])
    before = Candidate.objects.get(pk=candidate.pk).updated_at
    web = _web(recruiter)
    url = f"/candidates/{candidate.pk}/edit/"
    assert web.post(url, _read_form(web, url)).status_code == 302
    assert Candidate.objects.get(pk=candidate.pk).updated_at == before


def test_client_contact_and_vacancy_forms_refuse_a_stale_save(recruiter, teammate):
    contact = ContactFactory(client__owner=recruiter, job_title="CTO")
    client = contact.client
    vacancy = VacancyFactory(client=client, hours="Full time")
    bob = _web(teammate)
    pages = {
        "client": f"/clients/{client.pk}/edit/",
        "contact": f"/clients/{client.pk}/contacts/{contact.pk}/edit/",
        "vacancy": f"/vacancies/{vacancy.pk}/edit/",
    }
    read = {name: _read_form(bob, url) for name, url in pages.items()}
    client_update(actor=recruiter, client=client, sector="Construction")
    contact_update(actor=recruiter, contact=contact, job_title="CEO")
    vacancy_update(actor=recruiter, vacancy=vacancy, hours="Part time")

    for name, changes in {
        "client": {"sector": "Retail"},
        "contact": {"job_title": "CFO"},
        "vacancy": {"hours": "Evenings"},
    }.items():
        response = _post(bob, pages[name], read[name], **changes)
        assert response.status_code == 409, name
        assert "changed this record" in response.content.decode()
    assert Client.objects.get(pk=client.pk).sector == "Construction"
    assert Contact.objects.get(pk=contact.pk).job_title == "CEO"
    assert Vacancy.objects.get(pk=vacancy.pk).hours == "Part time"


def test_a_stale_client_save_of_another_field_keeps_their_change_after_saving_again(recruiter, teammate):
    contact = ContactFactory(client__owner=recruiter)
    client = contact.client
    url = f"/clients/{client.pk}/edit/"
    bob = _web(teammate)
    bobs_page = _read_form(bob, url)
    client_update(actor=recruiter, client=client, sector="Construction")
    response = _post(bob, url, bobs_page, postcode="LS2 7EE")
    assert response.status_code == 409
    reader = _FormReader()
    reader.feed(response.content.decode())
    assert reader.data["sector"] == ["Construction"] and reader.data["postcode"] == ["LS2 7EE"]
    assert bob.post(url, reader.data).status_code == 302
    stored = Client.objects.get(pk=client.pk)
    assert (stored.sector, stored.postcode) == ("Construction", "LS2 7EE")


def test_a_board_move_decided_on_a_stale_board_is_refused_saying_where_it_stands(recruiter, teammate):
    from tests.factories.pipeline import ApplicationFactory
    from vacancies.models import Application, Stage
    from vacancies.services.pipeline import application_move

    application = ApplicationFactory(vacancy__client__owner=recruiter)
    bob = _web(teammate)
    board = bob.get(f"/vacancies/{application.vacancy_id}/board/").content.decode()
    shown = application.updated_at.isoformat()
    assert f'name="updated_at" value="{shown}"' in board  # the card's move form carries its version
    application_move(actor=recruiter, application=application, stage=Stage.SCREENING)

    url = f"/vacancies/applications/{application.pk}/move/"
    response = bob.post(url, {"stage": "shortlisted", "updated_at": shown}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert f"{recruiter.display_name} changed this application" in page and "Nothing was moved" in page
    assert Application.objects.get(pk=application.pk).stage == Stage.SCREENING

    fresh = Application.objects.get(pk=application.pk).updated_at.isoformat()
    response = bob.post(url, {"stage": "shortlisted", "updated_at": fresh})
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).stage == Stage.SHORTLISTED


def test_a_second_stale_save_from_the_conflict_page_still_keeps_my_changes(recruiter, teammate):
    candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds", phone="")
    url = f"/candidates/{candidate.pk}/edit/"
    bob = _web(teammate)
    bobs_page = _read_form(bob, url)
    candidate_update(actor=recruiter, candidate=candidate, current_title="Lead Developer")
    first = _post(bob, url, bobs_page, town="York")
    assert first.status_code == 409
    reader = _FormReader()
    reader.feed(first.content.decode())
    # The conflict page's "as shown" values are the record now; the box keeps Bob's town.
    assert reader.data["initial-town"] == ["Leeds"] and reader.data["town"] == ["York"]
    # While Bob reads it, Alice saves once more.
    candidate_update(actor=recruiter, candidate=candidate, phone="07700 900123")
    second = bob.post(url, reader.data)
    assert second.status_code == 409
    reader = _FormReader()
    reader.feed(second.content.decode())
    assert reader.data["town"] == ["York"] and reader.data["current_title"] == ["Lead Developer"]
    assert reader.data["phone"] == ["+447700900123"]
    assert bob.post(url, reader.data).status_code == 302
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town, stored.phone) == ("Lead Developer", "York", "+447700900123")
