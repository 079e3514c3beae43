"""Clients, contacts and terms: services, pages and the rules they keep."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clients import services
from clients.anonymisers import ContactAnonymiser
from clients.models import Client, Contact, TermsOfBusiness
from core.anonymisation import PERSONAL_FIELDS, REMOVED
from core.models import AuditEvent
from tests.factories.clients import ClientFactory, ContactFactory, TermsFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_client_create_records_owner_team_and_an_audit_event_without_personal_data(recruiter):
    client = services.client_create(actor=recruiter, name="Acme Widgets Ltd", status="active")
    assert client.owner == recruiter and client.team == recruiter.team
    event = AuditEvent.objects.get(action="client.created")
    assert event.object_id == client.pk and "Acme" not in str(event.details)


def test_client_create_refuses_unknown_fields_and_bad_values(recruiter):
    with pytest.raises(ValidationError):
        services.client_create(actor=recruiter, name="X", colour="red")
    with pytest.raises(ValidationError):
        services.client_create(actor=recruiter, name="X", update_every_days=0)


def test_contact_follows_the_client_team(recruiter, outsider, acme, acme_contact, admin_user):
    services.client_update(actor=admin_user, client=acme, team=outsider.team)
    acme_contact.refresh_from_db()
    assert acme_contact.team == outsider.team


def test_rebate_schedule_gives_the_guarantee_end_and_refunds(acme):
    terms = TermsFactory(client=acme)
    assert terms.guarantee_weeks == 12
    assert terms.guarantee_ends_on(datetime.date(2026, 1, 5)) == datetime.date(2026, 3, 30)
    assert terms.refund_percent_after(0) == 100
    assert terms.refund_percent_after(5) == 50
    assert terms.refund_percent_after(11) == 25
    assert terms.refund_percent_after(12) == 0


@pytest.mark.parametrize(
    "schedule",
    [
        [{"weeks": 8, "refund_percent": 50}, {"weeks": 4, "refund_percent": 100}],  # weeks out of order
        [{"weeks": 4, "refund_percent": 50}, {"weeks": 8, "refund_percent": 100}],  # refund rising
        [{"weeks": 0, "refund_percent": 50}],
        [{"weeks": 4, "refund_percent": 120}],
        [{"weeks": 4}],
        "4:100",
    ],
)
def test_rebate_schedule_is_validated(recruiter, acme, schedule):
    with pytest.raises(ValidationError):
        services.terms_create(
            actor=recruiter, client=acme, fee_percent=Decimal("20"), rebate_schedule=schedule
        )


def test_terms_document_is_checked_by_content_and_stored_under_a_random_name(recruiter, acme):
    upload = SimpleUploadedFile("Acme signed terms.pdf", PDF, content_type="application/pdf")
    terms = services.terms_create(actor=recruiter, client=acme, fee_percent=Decimal("18.5"), document=upload)
    assert terms.document_kind == "pdf"
    assert "Acme" not in terms.document.name and terms.document.name.startswith("terms/")
    assert len(terms.document.name.split("/")[-1]) >= 32 + 4
    docx = SimpleUploadedFile("terms.docx", docx_bytes())
    assert (
        services.terms_create(
            actor=recruiter, client=acme, fee_percent=Decimal("20"), document=docx
        ).document_kind
        == "docx"
    )


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 not a pdf", b"PK\x03\x04 broken zip", b"<html><script>alert(1)</script>"],
)
def test_terms_document_that_is_not_pdf_or_docx_is_refused(recruiter, acme, content):
    upload = SimpleUploadedFile("terms.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF or Word"):
        services.terms_create(actor=recruiter, client=acme, fee_percent=Decimal("20"), document=upload)
    assert not TermsOfBusiness.objects.exists()


def test_terms_form_upload_and_download_with_safe_headers(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(
        reverse("clients:terms_create", args=[acme.pk]),
        {
            "fee_percent": "22.5",
            "rebate_schedule": "4:100, 8 weeks: 50%, 12:25",
            "signed_on": "2026-01-12",
            "document": SimpleUploadedFile("signed.pdf", PDF),
        },
    )
    assert response.status_code == 302
    terms = acme.terms.get()
    assert terms.rebate_schedule == [
        {"weeks": 4, "refund_percent": 100},
        {"weeks": 8, "refund_percent": 50},
        {"weeks": 12, "refund_percent": 25},
    ]
    download = client.get(reverse("clients:terms_document", args=[acme.pk, terms.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_terms_form_shows_inline_errors_for_bad_input(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(
        reverse("clients:terms_create", args=[acme.pk]),
        {
            "fee_percent": "150",
            "rebate_schedule": "four weeks",
            "document": SimpleUploadedFile("x.pdf", b"nope"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "field-error" in page and "is not a step" in page
    assert not acme.terms.exists()
    response = client.post(
        reverse("clients:terms_create", args=[acme.pk]),
        {"fee_percent": "20", "document": SimpleUploadedFile("x.pdf", b"nope")},
    )
    assert response.status_code == 400 and "PDF or Word" in response.content.decode()


def test_terms_document_is_404_for_someone_who_cannot_see_the_client(client, recruiter, outsider, acme):
    terms = services.terms_create(
        actor=recruiter, client=acme, fee_percent=Decimal("20"), document=SimpleUploadedFile("s.pdf", PDF)
    )
    client.force_login(outsider)
    assert client.get(reverse("clients:terms_document", args=[acme.pk, terms.pk])).status_code == 404
    no_doc = TermsFactory(client=acme)
    client.force_login(recruiter)
    assert client.get(reverse("clients:terms_document", args=[acme.pk, no_doc.pk])).status_code == 404


def test_client_list_searches_and_filters_visible_clients_only(client, recruiter, outsider):
    ClientFactory(name="Acme Widgets Ltd", owner=recruiter, status="active")
    ClientFactory(name="Brightside Care", owner=recruiter, status="prospect", sector="Care")
    ClientFactory(name="Acme Other Team", owner=outsider)
    client.force_login(recruiter)
    page = client.get(reverse("clients:index")).content.decode()
    assert "Acme Widgets Ltd" in page and "Brightside Care" in page and "Acme Other Team" not in page
    page = client.get(reverse("clients:index"), {"q": "acme"}).content.decode()
    assert "Acme Widgets Ltd" in page and "Brightside Care" not in page
    page = client.get(reverse("clients:index"), {"status": "prospect"}).content.decode()
    assert "Brightside Care" in page and "Acme Widgets" not in page
    page = client.get(reverse("clients:index"), {"q": "zzz", "status": "bogus"}).content.decode()
    assert "No clients match" in page
    partial = client.get(reverse("clients:index"), {"q": "acme"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Acme Widgets Ltd" in partial


def test_empty_client_list_says_what_to_do(client, recruiter):
    client.force_login(recruiter)
    assert "No clients yet" in client.get(reverse("clients:index")).content.decode()


def test_client_create_and_edit_forms(client, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("clients:create"), {"name": "", "status": "active", "update_every_days": "x"}
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()
    response = client.post(
        reverse("clients:create"),
        {"name": "Harbour Logistics", "status": "prospect", "update_every_days": "14", "postcode": "HU1 1AA"},
    )
    created = Client.objects.get(name="Harbour Logistics")
    assert response.status_code == 302 and created.update_every_days == 14
    response = client.post(
        reverse("clients:edit", args=[created.pk]),
        {"name": "Harbour Logistics Group", "status": "active", "update_every_days": "7"},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.name == "Harbour Logistics Group" and created.status == "active"
    event = AuditEvent.objects.filter(action="client.updated").get()
    assert set(event.details["fields"]) >= {"name", "status", "update_every_days"}


def test_client_page_shows_details_contacts_terms_vacancies_and_timeline(
    client, recruiter, acme, acme_contact
):
    TermsFactory(client=acme, fee_percent=Decimal("17.5"))
    services.contact_update(actor=recruiter, contact=acme_contact, job_title="CTO")
    from tests.factories.vacancies import VacancyFactory

    VacancyFactory(client=acme, title="Site Reliability Engineer")
    client.force_login(recruiter)
    page = client.get(reverse("clients:detail", args=[acme.pk])).content.decode()
    for text in [
        "Acme Widgets Ltd",
        "Priya Shah",
        "17.5%",
        "Site Reliability Engineer",
        "Timeline",
        "Contact changed",
    ]:
        assert text in page


def test_contact_forms_add_and_edit(client, recruiter, acme):
    client.force_login(recruiter)
    url = reverse("clients:contact_create", args=[acme.pk])
    assert client.post(url, {"first_name": "", "last_name": "", "lawful_basis": "x"}).status_code == 200
    response = client.post(
        url,
        {
            "first_name": "Sam",
            "last_name": "Okoro",
            "email": "sam@acme.test",
            "lawful_basis": "legitimate_interests",
        },
    )
    assert response.status_code == 302
    contact = acme.contacts.get()
    assert contact.team == acme.team and contact.owner == recruiter
    response = client.post(
        reverse("clients:contact_edit", args=[acme.pk, contact.pk]),
        {"first_name": "Samuel", "last_name": "Okoro", "email": "not-an-email", "lawful_basis": "contract"},
    )
    assert response.status_code == 200 and "field-error" in response.content.decode()
    client.post(
        reverse("clients:contact_edit", args=[acme.pk, contact.pk]),
        {"first_name": "Samuel", "last_name": "Okoro", "lawful_basis": "contract"},
    )
    contact.refresh_from_db()
    assert contact.first_name == "Samuel"
    assert "Samuel" not in str(AuditEvent.objects.filter(action="contact.updated").get().details)


def test_contact_anonymiser_removes_personal_data_and_is_idempotent(acme_contact):
    anonymiser = ContactAnonymiser()
    exported = anonymiser.export(acme_contact)
    assert exported[0]["first_name"] == "Priya"
    assert anonymiser.anonymise(acme_contact) == 1
    acme_contact.refresh_from_db()
    assert acme_contact.first_name == REMOVED and acme_contact.email == "" and acme_contact.anonymised_at
    assert anonymiser.anonymise(acme_contact) == 0
    assert {"first_name", "last_name", "email", "phone"} <= PERSONAL_FIELDS["clients.contact"]
    assert Contact.objects.live().count() == 0


def test_client_queryset_live_leaves_out_lapsed(recruiter):
    ClientFactory(owner=recruiter, status="lapsed")
    ClientFactory(owner=recruiter, status="active")
    assert Client.objects.live().count() == 1


def test_contact_factory_makes_contacts_in_the_client_team(acme):
    assert ContactFactory(client=acme).team == acme.team


def test_admin_chooses_the_owning_team_in_the_form(client, admin_user, team, other_team):
    client.force_login(admin_user)
    page = client.get(reverse("clients:create")).content.decode()
    assert "The team that owns this client." in page
    response = client.post(
        reverse("clients:create"),
        {"name": "Harbour Logistics", "status": "prospect", "update_every_days": "7", "team": other_team.pk},
    )
    assert response.status_code == 302
    created = Client.objects.get(name="Harbour Logistics")
    assert created.team == other_team and created.owner == admin_user
    client.post(
        reverse("clients:edit", args=[created.pk]),
        {"name": "Harbour Logistics", "status": "active", "update_every_days": "7", "team": team.pk},
    )
    created.refresh_from_db()
    assert created.team == team
