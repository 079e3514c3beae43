"""Editing safely (core.versioning, issue 16): edit services write only what changed, refuse a stale
version with the record as it is now, and every save path moves `updated_at`."""

from __future__ import annotations

import datetime

import pytest

from candidates import services as candidate_services
from candidates.models import Candidate, Consent
from clients import services as client_services
from clients.models import Client, Contact
from core.models import AuditEvent
from core.versioning import StaleRecord, edit_lock, version_parse
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ContactFactory
from tests.factories.core import TeamFactory
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Application, Stage, Vacancy
from vacancies.services import pipeline as pipeline_services
from vacancies.services import vacancies as vacancy_services

pytestmark = pytest.mark.django_db


def _stale_copy(obj):  # what a second person read before the first one saved
    return type(obj).objects.get(pk=obj.pk)


def test_candidate_update_from_a_stale_read_keeps_the_other_persons_change(recruiter, teammate):
    candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds")
    bobs_copy = _stale_copy(candidate)
    candidate_services.candidate_update(actor=recruiter, candidate=candidate, current_title="Lead Developer")
    # Bob's read still says "Developer"; he changes only the town.
    candidate_services.candidate_update(actor=teammate, candidate=bobs_copy, town="York")
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Lead Developer", "York")


def test_candidate_stale_version_is_refused_and_nothing_is_written(recruiter, teammate):
    candidate = CandidateFactory(owner=recruiter, current_title="Developer")
    read_at = candidate.updated_at
    candidate_services.candidate_update(actor=recruiter, candidate=candidate, current_title="Lead Developer")
    bobs_copy = Candidate.objects.get(pk=candidate.pk)
    with pytest.raises(StaleRecord) as caught:
        candidate_services.candidate_update(
            actor=teammate, candidate=bobs_copy, expected_updated_at=read_at, current_title="Architect"
        )
    assert caught.value.current.current_title == "Lead Developer"  # the record as it is now
    assert Candidate.objects.get(pk=candidate.pk).current_title == "Lead Developer"


def test_candidate_current_version_is_accepted_and_moves_updated_at(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    read_at = candidate.updated_at
    saved = candidate_services.candidate_update(
        actor=recruiter, candidate=candidate, expected_updated_at=read_at, town="Harrogate"
    )
    assert saved.town == "Harrogate"
    assert saved.updated_at > read_at


def test_saving_a_candidate_unchanged_writes_nothing(recruiter):
    candidate = CandidateFactory(owner=recruiter, town="Leeds")
    before = Candidate.objects.get(pk=candidate.pk).updated_at
    events = AuditEvent.objects.filter(action="candidate.updated").count()
    candidate_services.candidate_update(actor=recruiter, candidate=candidate, town="Leeds")
    assert Candidate.objects.get(pk=candidate.pk).updated_at == before
    assert AuditEvent.objects.filter(action="candidate.updated").count() == events


def test_candidate_edit_writes_named_columns_only(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        candidate_services.candidate_update(actor=recruiter, candidate=candidate, town="Otley")
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "candidates_candidate"')]
    assert updates, "the edit wrote nothing"
    first = updates[0]
    assert '"town"' in first and '"updated_at"' in first
    assert '"current_title"' not in first and '"email"' not in first  # never the whole row
    assert any("FOR UPDATE" in q["sql"] for q in queries)  # checked and written under the row lock


def test_client_and_contact_edits_are_versioned(recruiter, teammate):
    contact = ContactFactory(client__owner=recruiter, job_title="CTO")
    client = contact.client
    client_read, contact_read = client.updated_at, contact.updated_at
    bobs_client, bobs_contact = _stale_copy(client), _stale_copy(contact)
    client_services.client_update(actor=recruiter, client=client, sector="Construction")
    client_services.contact_update(actor=recruiter, contact=contact, job_title="CEO")

    # Without a version, a different field: both changes stand.
    client_services.client_update(actor=teammate, client=bobs_client, postcode="LS2 7EE")
    client_services.contact_update(actor=teammate, contact=bobs_contact, phone="0113 496 0999")
    stored_client, stored_contact = Client.objects.get(pk=client.pk), Contact.objects.get(pk=contact.pk)
    assert (stored_client.sector, stored_client.postcode) == ("Construction", "LS2 7EE")
    assert (stored_contact.job_title, stored_contact.phone) == ("CEO", "0113 496 0999")

    # With the version read before: refused.
    with pytest.raises(StaleRecord):
        client_services.client_update(
            actor=teammate, client=_stale_copy(client), expected_updated_at=client_read, name="Renamed Ltd"
        )
    with pytest.raises(StaleRecord):
        client_services.contact_update(
            actor=teammate, contact=_stale_copy(contact), expected_updated_at=contact_read, job_title="CFO"
        )
    assert Client.objects.get(pk=client.pk).name == client.name
    assert Contact.objects.get(pk=contact.pk).job_title == "CEO"


def test_moving_a_client_to_another_team_moves_its_contacts_updated_at(admin_user, recruiter):
    contact = ContactFactory(client__owner=recruiter)
    before = contact.updated_at
    client_services.client_update(actor=admin_user, client=contact.client, team=TeamFactory())
    assert Contact.objects.get(pk=contact.pk).updated_at > before


def test_vacancy_edit_is_versioned_and_checks_change_only_the_keys_given(recruiter, teammate):
    vacancy = VacancyFactory(
        client__owner=recruiter, required_checks={"right_to_work": True, "dbs_level": "none", "references": 0}
    )
    read_at = vacancy.updated_at
    bobs_copy = _stale_copy(vacancy)
    vacancy_services.vacancy_update(
        actor=recruiter, vacancy=vacancy, required_checks={"dbs_level": "enhanced"}
    )
    vacancy_services.vacancy_update(
        actor=teammate, vacancy=bobs_copy, required_checks={"references": 2}, hours="Part time"
    )
    stored = Vacancy.objects.get(pk=vacancy.pk)
    assert stored.required_checks == {"right_to_work": True, "dbs_level": "enhanced", "references": 2}
    assert stored.hours == "Part time"
    with pytest.raises(StaleRecord):
        vacancy_services.vacancy_update(
            actor=teammate, vacancy=_stale_copy(vacancy), expected_updated_at=read_at, title="Changed"
        )
    assert Vacancy.objects.get(pk=vacancy.pk).title == vacancy.title


def test_application_move_on_a_stale_read_is_refused(recruiter, teammate):
    application = ApplicationFactory(vacancy__client__owner=recruiter)
    read_at = application.updated_at
    pipeline_services.application_move(actor=recruiter, application=application, stage=Stage.SCREENING)
    with pytest.raises(StaleRecord) as caught:
        pipeline_services.application_move(
            actor=teammate, application=application, stage=Stage.SHORTLISTED, expected_updated_at=read_at
        )
    assert caught.value.current.stage == Stage.SCREENING
    stored = Application.objects.get(pk=application.pk)
    assert stored.stage == Stage.SCREENING and stored.updated_at > read_at
    # At the version read now, the move goes through.
    pipeline_services.application_move(
        actor=teammate, application=stored, stage=Stage.SHORTLISTED, expected_updated_at=stored.updated_at
    )
    assert Application.objects.get(pk=application.pk).stage == Stage.SHORTLISTED


def test_updated_at_moves_on_the_other_candidate_save_paths(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    seen = [Candidate.objects.get(pk=candidate.pk).updated_at]
    candidate_services.candidate_confirm_availability(
        actor=recruiter, candidate=candidate, available_from=datetime.date(2027, 1, 29)
    )
    seen.append(Candidate.objects.get(pk=candidate.pk).updated_at)
    consent = candidate_services.consent_record(
        actor=recruiter,
        candidate=candidate,
        purpose=Consent.Purpose.PROCESSING,
        lawful_basis="consent",
        method=Consent.Method.EMAIL,
    )
    candidate_services.consent_withdraw(actor=recruiter, consent=consent)  # -> do not contact, by .update()
    stored = Candidate.objects.get(pk=candidate.pk)
    seen.append(stored.updated_at)
    assert stored.status == Candidate.Status.DO_NOT_CONTACT
    assert seen == sorted(set(seen)), "each write moved updated_at forward"


def test_edit_lock_refuses_a_stale_version_and_reloads(recruiter):
    candidate = CandidateFactory(owner=recruiter, town="Leeds")
    stale = _stale_copy(candidate)
    Candidate.objects.filter(pk=candidate.pk).update(
        town="Bradford", updated_at=datetime.datetime.now(datetime.UTC)
    )
    with pytest.raises(StaleRecord):
        edit_lock(stale, expected_updated_at=candidate.updated_at)
    assert stale.town == "Bradford"  # reloaded from the locked row


@pytest.mark.parametrize("text", ["", "   ", "yesterday", "2027-13-45T00:00:00", None])
def test_version_parse_ignores_what_is_not_a_datetime(text):
    assert version_parse(text) is None


def test_version_parse_reads_its_own_format(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    assert version_parse(candidate.updated_at.isoformat()) == candidate.updated_at


def test_bulk_tagging_from_a_stale_list_keeps_a_tag_added_since(recruiter, teammate):
    candidate = CandidateFactory(owner=recruiter, tags=["python"])
    listed = [_stale_copy(candidate)]  # the list page read the tags before Bob's edit
    candidate_services.candidate_update(actor=teammate, candidate=candidate, tags=["python", "remote"])
    candidate_services.candidate_bulk_tag(actor=recruiter, candidates=listed, tag="shortlist")
    assert Candidate.objects.get(pk=candidate.pk).tags == ["python", "remote", "shortlist"]
