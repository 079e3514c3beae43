"""API.md "Clients and contacts"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clients.models import Client
from tests.factories.clients import ClientFactory, ContactFactory, TermsFactory

CLIENT_FIELDS = {
    "id",
    "name",
    "sector",
    "status",
    "owner",
    "team",
    "address",
    "postcode",
    "terms_signed_on",
    "fee_percent",
    "update_every_days",
}
CONTACT_FIELDS = {
    "id",
    "client",
    "first_name",
    "last_name",
    "email",
    "phone",
    "job_title",
    "is_hiring_manager",
}


def test_create_client_with_terms_and_read_it_back(api_as, recruiter):
    api = api_as(recruiter)
    response = api.post(
        "/api/v1/clients/",
        {
            "name": "Harbour Logistics",
            "status": "active",
            "fee_percent": 18.5,
            "terms_signed_on": "2026-02-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= CLIENT_FIELDS
    assert body["fee_percent"] == 18.5 and body["terms_signed_on"] == "2026-02-01"
    assert body["owner"] == recruiter.pk and body["team"] == recruiter.team_id
    client = Client.objects.get(pk=body["id"])
    assert client.terms.get().fee_percent == Decimal("18.5")


def test_patch_fee_records_a_new_terms_version(api_as, recruiter, acme):
    TermsFactory(client=acme, fee_percent=Decimal("20"), signed_on="2025-01-01")
    api = api_as(recruiter)
    response = api.patch(f"/api/v1/clients/{acme.pk}/", {"fee_percent": 22}, format="json")
    assert response.status_code == 200 and response.json()["fee_percent"] == 22
    assert acme.terms.count() == 2
    api.patch(f"/api/v1/clients/{acme.pk}/", {"fee_percent": 22, "name": "Acme Group"}, format="json")
    assert acme.terms.count() == 2  # unchanged terms are not a new version


@pytest.mark.parametrize(
    "payload",
    [
        {"name": ""},
        {"name": "X", "status": "bogus"},
        {"name": "X", "fee_percent": 120},
        {"name": "X", "fee_percent": "abc"},
        {"name": "X", "update_every_days": 0},
        {"name": "X", "terms_signed_on": "2026-02-30"},
        {"name": "X", "terms_signed_on": "2026-02-01"},
        {"name": "X" * 300},
    ],
)
def test_bad_client_input_is_a_400(api_as, recruiter, payload):
    response = api_as(recruiter).post("/api/v1/clients/", payload, format="json")
    assert response.status_code == 400


def test_recruiter_cannot_put_a_client_in_another_team(api_as, recruiter, outsider):
    response = api_as(recruiter).post(
        "/api/v1/clients/", {"name": "X", "team": outsider.team_id}, format="json"
    )
    assert response.status_code == 400 and "team" in response.json()


def test_admin_without_a_team_must_choose_one(api_as, admin_user, team):
    api = api_as(admin_user)
    assert api.post("/api/v1/clients/", {"name": "X"}, format="json").status_code == 400
    assert api.post("/api/v1/clients/", {"name": "X", "team": team.pk}, format="json").status_code == 201


def test_client_list_filters(api_as, recruiter):
    ClientFactory(owner=recruiter, name="Acme", status="active")
    ClientFactory(owner=recruiter, name="Beta", status="lapsed")
    api = api_as(recruiter)
    assert [c["name"] for c in api.get("/api/v1/clients/", {"status": "lapsed"}).json()["results"]] == [
        "Beta"
    ]
    assert [c["name"] for c in api.get("/api/v1/clients/", {"q": "acm"}).json()["results"]] == ["Acme"]
    assert api.get("/api/v1/clients/", {"owner": recruiter.pk}).json()["count"] == 2


def test_contacts_crud(api_as, recruiter, acme):
    api = api_as(recruiter)
    response = api.post(
        "/api/v1/contacts/",
        {
            "client": acme.pk,
            "first_name": "Priya",
            "last_name": "Shah",
            "email": "priya@acme.test",
            "is_hiring_manager": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= CONTACT_FIELDS and body["team"] == acme.team_id
    response = api.patch(
        f"/api/v1/contacts/{body['id']}/", {"job_title": "CTO", "client": 999}, format="json"
    )
    assert response.status_code == 200 and response.json()["client"] == acme.pk
    assert api.get("/api/v1/contacts/", {"client": acme.pk}).json()["count"] == 1
    bad = api.post(
        "/api/v1/contacts/",
        {"client": acme.pk, "first_name": "A", "last_name": "B", "email": "x"},
        format="json",
    )
    assert bad.status_code == 400 and "email" in bad.json()


def test_compliance_officer_reads_but_does_not_write(api_as, compliance_officer, acme):
    contact = ContactFactory(client=acme)
    api = api_as(compliance_officer)
    assert api.get(f"/api/v1/clients/{acme.pk}/").status_code == 200
    assert api.patch(f"/api/v1/clients/{acme.pk}/", {"name": "X"}, format="json").status_code == 403
    assert api.post("/api/v1/clients/", {"name": "X"}, format="json").status_code == 403
    assert api.patch(f"/api/v1/contacts/{contact.pk}/", {"job_title": "X"}, format="json").status_code == 403
    response = api.post(
        "/api/v1/contacts/", {"client": acme.pk, "first_name": "A", "last_name": "B"}, format="json"
    )
    assert response.status_code == 403


def test_outsider_gets_404_for_another_teams_client_and_contact(api_as, outsider, acme):
    contact = ContactFactory(client=acme)
    api = api_as(outsider)
    assert api.get(f"/api/v1/clients/{acme.pk}/").status_code == 404
    assert api.patch(f"/api/v1/contacts/{contact.pk}/", {"job_title": "X"}, format="json").status_code == 404


def test_unauthenticated_is_401(api_as, db):
    assert api_as(None).get("/api/v1/clients/").status_code == 401
    assert api_as(None).get("/api/v1/contacts/").status_code == 401


def test_client_and_contact_lists_use_a_constant_number_of_queries(
    api_as, recruiter, django_assert_max_num_queries
):
    api = api_as(recruiter)
    client = ClientFactory(owner=recruiter)
    TermsFactory(client=client)
    ContactFactory(client=client)
    api.get("/api/v1/clients/")
    with django_assert_max_num_queries(10) as few_clients:
        api.get("/api/v1/clients/")
    with django_assert_max_num_queries(10) as few_contacts:
        api.get("/api/v1/contacts/")
    for _ in range(6):
        more = ClientFactory(owner=recruiter)
        TermsFactory(client=more)
        ContactFactory(client=more)
    with django_assert_max_num_queries(len(few_clients.captured_queries)):
        assert api.get("/api/v1/clients/").json()["count"] == 7
    with django_assert_max_num_queries(len(few_contacts.captured_queries)):
        assert api.get("/api/v1/contacts/").json()["count"] == 7


def test_terms_api_records_a_version_with_a_checked_document_and_serves_it(api_as, recruiter, outsider, acme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n%%EOF\n"
    api = api_as(recruiter)
    url = f"/api/v1/clients/{acme.pk}/terms/"
    response = api.post(
        url,
        {
            "fee_percent": "19.5",
            "rebate_schedule": '[{"weeks": 4, "refund_percent": 100}, {"weeks": 12, "refund_percent": 50}]',
            "signed_on": "2026-01-10",
            "document": SimpleUploadedFile("terms.pdf", pdf),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["has_document"] is True and body["document_kind"] == "pdf" and "document" not in body
    assert api.get(f"/api/v1/clients/{acme.pk}/").json()["fee_percent"] == 19.5
    assert [t["id"] for t in api.get(url).json()] == [body["id"]]
    download = api.get(f"{url}{body['id']}/document/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == pdf
    bad = api.post(
        url, {"fee_percent": "20", "document": SimpleUploadedFile("x.pdf", b"<html>")}, format="multipart"
    )
    assert bad.status_code == 400 and "document" in bad.json()
    bad = api.post(url, {"fee_percent": "20", "rebate_schedule": "[{}]"}, format="multipart")
    assert bad.status_code == 400 and "rebate_schedule" in bad.json()
    assert api.post(url, {"fee_percent": "500"}, format="json").status_code == 400
    assert api_as(outsider).get(url).status_code == 404
    assert api_as(outsider).get(f"{url}{body['id']}/document/").status_code == 404
    assert api.get(f"{url}999999/document/").status_code == 404


def test_terms_api_needs_change_on_the_client(api_as, compliance_officer, acme):
    response = api_as(compliance_officer).post(
        f"/api/v1/clients/{acme.pk}/terms/", {"fee_percent": 20}, format="json"
    )
    assert response.status_code == 403
    assert api_as(compliance_officer).get(f"/api/v1/clients/{acme.pk}/terms/").status_code == 200


def test_terms_history_is_documented_as_a_plain_list_and_creation_as_201():
    """schemathesis found it: GET was documented as a page, POST as 200 (the API answers 201)."""
    from tests.api.schema import operation

    listed = operation("GET", "/clients/{id}/terms/")["responses"]["200"]["content"]["application/json"]
    assert listed["schema"]["type"] == "array"
    created = operation("POST", "/clients/{id}/terms/")["responses"]
    assert "201" in created and "200" not in created
