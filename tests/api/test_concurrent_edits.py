"""API.md "Editing safely": a PATCH writes only the fields it was sent, and with `updated_at` (the value
last read) a record changed since is refused with `409 {"code": "conflict", "current": {…}}`.

The first two tests send two real PATCHes at the same moment from two threads (two database
connections, two transactions), as two recruiters saving the same candidate would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from candidates.models import Candidate
from clients.models import Client, Contact
from tests.api.schema import operation, served_schema
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ContactFactory
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Application, Stage, Vacancy


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each thread closes its own connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_patches_of_different_fields_both_survive(recruiter, teammate, api_as):
    alice, bob = api_as(recruiter), api_as(teammate)
    for attempt in range(5):  # the issue saw 5 of 5 tries lose a change
        candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds")
        url = f"/api/v1/candidates/{candidate.pk}/"
        title, town = f"Lead Developer {attempt}", f"York {attempt}"
        answers = _at_once(
            lambda url=url, title=title: alice.patch(url, {"current_title": title}, format="json"),
            lambda url=url, town=town: bob.patch(url, {"town": town}, format="json"),
        )
        assert [a.status_code for a in answers] == [200, 200]
        stored = Candidate.objects.get(pk=candidate.pk)
        assert (stored.current_title, stored.town) == (title, town), f"try {attempt + 1} lost a change"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_patches_from_the_same_read_one_wins_one_gets_409(recruiter, teammate, api_as):
    alice, bob = api_as(recruiter), api_as(teammate)
    candidate = CandidateFactory(owner=recruiter, current_title="Developer")
    url = f"/api/v1/candidates/{candidate.pk}/"
    read = alice.get(url).json()["updated_at"]
    answers = _at_once(
        lambda: alice.patch(url, {"current_title": "Alice's title", "updated_at": read}, format="json"),
        lambda: bob.patch(url, {"current_title": "Bob's title", "updated_at": read}, format="json"),
    )
    assert sorted(a.status_code for a in answers) == [200, 409]
    winner = next(a for a in answers if a.status_code == 200).json()
    refused = next(a for a in answers if a.status_code == 409).json()
    assert refused["code"] == "conflict"
    # `current` is the record as it is now, in the shape a GET answers.
    assert refused["current"]["current_title"] == winner["current_title"]
    assert refused["current"]["updated_at"] == winner["updated_at"]
    assert set(refused["current"]) == set(alice.get(url).json())
    assert Candidate.objects.get(pk=candidate.pk).current_title == winner["current_title"]


@pytest.mark.django_db
def test_patch_with_the_current_version_succeeds_and_returns_the_next_one(recruiter, api_as):
    client = api_as(recruiter)
    candidate = CandidateFactory(owner=recruiter)
    url = f"/api/v1/candidates/{candidate.pk}/"
    read = client.get(url).json()["updated_at"]
    answer = client.patch(url, {"town": "Ripon", "updated_at": read}, format="json")
    assert answer.status_code == 200
    assert answer.json()["town"] == "Ripon" and answer.json()["updated_at"] > read
    # The same version again is now stale.
    again = client.patch(url, {"town": "Selby", "updated_at": read}, format="json")
    assert again.status_code == 409 and again.json()["current"]["town"] == "Ripon"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["yesterday", "2027-02-30T10:00:00Z", 12, ["x"]])
def test_a_malformed_version_is_a_400_not_a_500(recruiter, api_as, value):
    candidate = CandidateFactory(owner=recruiter)
    answer = api_as(recruiter).patch(
        f"/api/v1/candidates/{candidate.pk}/", {"town": "Ripon", "updated_at": value}, format="json"
    )
    assert answer.status_code == 400 and "updated_at" in answer.json()
    assert Candidate.objects.get(pk=candidate.pk).town != "Ripon"


@pytest.mark.django_db
def test_patch_writes_only_the_fields_sent(recruiter, api_as):
    client = api_as(recruiter)
    candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds")
    # Someone changes the title behind the client's back (another process, the import, a form).
    Candidate.objects.filter(pk=candidate.pk).update(current_title="Changed elsewhere")
    client.patch(f"/api/v1/candidates/{candidate.pk}/", {"town": "Wakefield"}, format="json")
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Changed elsewhere", "Wakefield")


def _stale_patch(api: Any, url: str, change: dict[str, Any], other: dict[str, Any]) -> Any:
    read = api.get(url).json()["updated_at"]
    first = api.patch(url, change, format="json")
    assert first.status_code == 200, first.json()
    return api.patch(url, {**other, "updated_at": read}, format="json")


@pytest.mark.django_db
def test_clients_contacts_and_vacancies_refuse_a_stale_patch_with_the_current_record(recruiter, api_as):
    api = api_as(recruiter)
    contact = ContactFactory(client__owner=recruiter, client__sector="Engineering", job_title="CTO")
    vacancy = VacancyFactory(client=contact.client, title="Python Developer")
    cases = [
        (
            f"/api/v1/clients/{contact.client_id}/",
            {"sector": "Construction"},
            {"name": "Renamed Ltd"},
            "sector",
        ),
        (f"/api/v1/contacts/{contact.pk}/", {"job_title": "CEO"}, {"job_title": "CFO"}, "job_title"),
        (f"/api/v1/vacancies/{vacancy.pk}/", {"hours": "Part time"}, {"title": "Renamed"}, "hours"),
    ]
    for url, change, other, field in cases:
        answer = _stale_patch(api, url, change, other)
        assert answer.status_code == 409, url
        body = answer.json()
        assert body["code"] == "conflict"
        assert body["current"][field] == change[field]
        assert set(body["current"]) == set(api.get(url).json()), url
    assert Client.objects.get(pk=contact.client_id).name != "Renamed Ltd"
    assert Contact.objects.get(pk=contact.pk).job_title == "CEO"
    assert Vacancy.objects.get(pk=vacancy.pk).title == "Python Developer"


@pytest.mark.django_db
def test_a_move_from_a_stale_read_is_refused_with_the_application_as_it_is(recruiter, api_as):
    api = api_as(recruiter)
    application = ApplicationFactory(vacancy__client__owner=recruiter)
    url = f"/api/v1/applications/{application.pk}/"
    read = api.get(url).json()["updated_at"]
    assert api.post(url + "move/", {"stage": "screening"}, format="json").status_code == 200
    answer = api.post(url + "move/", {"stage": "shortlisted", "updated_at": read}, format="json")
    assert answer.status_code == 409
    assert answer.json()["code"] == "conflict" and answer.json()["current"]["stage"] == "screening"
    assert Application.objects.get(pk=application.pk).stage == Stage.SCREENING
    fresh = api.get(url).json()["updated_at"]
    moved = api.post(url + "move/", {"stage": "shortlisted", "updated_at": fresh}, format="json")
    assert moved.status_code == 200 and moved.json()["stage"] == "shortlisted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "component"),
    [
        ("patch", "/candidates/{id}/", "CandidateConflict"),
        ("patch", "/clients/{id}/", "ClientConflict"),
        ("patch", "/contacts/{id}/", "ContactConflict"),
        ("patch", "/vacancies/{id}/", "VacancyConflict"),
        ("post", "/applications/{id}/move/", "ApplicationConflict"),
    ],
)
def test_the_schema_documents_the_conflict_and_the_version(method, path, component):
    conflict = operation(method, path)["responses"]["409"]["content"]["application/json"]["schema"]
    assert conflict["$ref"].endswith(f"/{component}")
    properties = served_schema()["components"]["schemas"][component]["properties"]
    assert {"detail", "code", "current"} <= set(properties)
    request = operation(method, path)["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = served_schema()["components"]["schemas"][request.rsplit("/", 1)[1]]["properties"]
    assert "updated_at" in body
