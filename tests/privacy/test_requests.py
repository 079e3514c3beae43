"""Subject-access and erasure requests: due dates (one month, pauses, one extension), exports, erasure."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Candidate
from candidates.services import consent_record, document_upload
from core.models import AccessLog
from privacy.models import ErasureRequest, SubjectAccessRequest
from privacy.selectors.person import candidate_cv_client_list
from privacy.services.erasure import (
    erasure_complete,
    erasure_create,
    erasure_record_exemption,
)
from privacy.services.requests import privacy_request_pause, privacy_request_resume
from privacy.services.subject_access import sar_build_export, sar_create, sar_download_log, sar_extend
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.compliance import IdentityCheckFactory
from tests.factories.matching import approved_entry
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.services.pipeline import application_move

pytestmark = pytest.mark.django_db


def _travel(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(day + "T12:00:00+00:00"), tick=False)


def test_subject_access_is_due_one_calendar_month_later_with_a_28_day_target(recruiter, admin_user):
    with _travel("2026-01-31"):
        sar = sar_create(
            actor=admin_user,
            candidate=CandidateFactory(owner=recruiter),
            received_on=datetime.date(2026, 1, 31),
        )
        assert sar.due_on == datetime.date(2026, 2, 28)  # the corresponding day, or the month's last
        assert sar.target_on == datetime.date(2026, 2, 28)
        assert sar.days_left == 28


def test_pausing_the_clock_moves_the_due_date_by_the_days_paused(recruiter, admin_user):
    with _travel("2026-03-02"):
        sar = sar_create(
            actor=admin_user,
            candidate=CandidateFactory(owner=recruiter),
            received_on=datetime.date(2026, 3, 2),
        )
    with _travel("2026-03-05"):
        privacy_request_pause(actor=admin_user, request=sar)
        with pytest.raises(ValidationError):
            privacy_request_pause(actor=admin_user, request=sar)
    with _travel("2026-03-15"):
        assert sar.due_on == datetime.date(2026, 4, 12)  # 2 April + 10 days paused so far
        privacy_request_resume(actor=admin_user, request=sar)
    with _travel("2026-03-20"):
        sar.refresh_from_db()
        assert sar.paused_days == 10 and sar.status == "open"
        assert sar.due_on == datetime.date(2026, 4, 12)
        assert sar.target_on == datetime.date(2026, 4, 9)


def test_one_extension_of_two_months_with_a_reason(recruiter, admin_user):
    with _travel("2026-03-02"):
        sar = sar_create(
            actor=admin_user,
            candidate=CandidateFactory(owner=recruiter),
            received_on=datetime.date(2026, 3, 2),
        )
        with pytest.raises(ValidationError):
            sar_extend(actor=admin_user, sar=sar, reason="  ")
        sar_extend(actor=admin_user, sar=sar, reason="Many records across three teams")
        assert sar.due_on == datetime.date(2026, 6, 2)
        with pytest.raises(ValidationError):
            sar_extend(actor=admin_user, sar=sar, reason="again")


def test_export_zip_holds_everything_and_the_files(recruiter, admin_user):
    candidate = CandidateFactory(
        owner=recruiter, first_name="Quintessa", work_history=[{"employer": "Acme", "title": "Dev"}]
    )
    document_upload(
        actor=recruiter,
        candidate=candidate,
        upload=SimpleUploadedFile("cv.txt", b"quintessa cv"),
        filename="cv.txt",
    )
    sar = sar_create(actor=admin_user, candidate=candidate, received_on=datetime.date.today())
    sar = sar_build_export(sar_id=sar.pk)
    assert sar.export_status == SubjectAccessRequest.ExportStatus.READY
    with zipfile.ZipFile(io.BytesIO(sar.export_file.read())) as archive:
        data = json.loads(archive.read("data.json"))
        names = archive.namelist()
    assert data["candidate"][0]["first_name"] == "Quintessa"
    assert data["workhistory"][0]["employer"] == "Acme"
    assert {"consent", "document", "application", "right_to_work_check", "audit_events", "access_log"} <= set(
        data
    )
    assert any(name.startswith("documents/") for name in names)
    sar_download_log(actor=admin_user, sar=sar)
    assert AccessLog.objects.filter(action="download", object_id=sar.pk).exists()


def test_completing_an_erasure_anonymises_and_lists_clients_who_got_the_cv(recruiter, admin_user):
    client = ClientFactory(owner=recruiter, name="Northwind Ltd")
    application = ApplicationFactory(vacancy=VacancyFactory(client=client))
    other = ApplicationFactory(
        vacancy=VacancyFactory(client=ClientFactory(owner=recruiter, name="Never Sent")),
        candidate=application.candidate,
    )
    application_move(actor=recruiter, application=application, stage="screening")
    application_move(actor=recruiter, application=application, stage="shortlisted")
    consent_record(
        actor=recruiter,
        candidate=application.candidate,
        purpose="submission",
        method="email",
        vacancy_id=application.vacancy_id,
    )
    approved_entry(vacancy=application.vacancy, candidate=application.candidate)  # Conduct Regs reg 19
    IdentityCheckFactory(candidate=application.candidate)  # Conduct Regs reg 19: identity confirmed
    application_move(actor=recruiter, application=application, stage="submitted")
    assert other.stage == "sourced"
    erasure = erasure_create(
        actor=admin_user, candidate=application.candidate, received_on=datetime.date.today()
    )
    assert [c.name for c in candidate_cv_client_list(candidate=erasure.candidate)] == ["Northwind Ltd"]
    # Recent service keeps the records the law needs: the person is restricted now (issue 17),
    # not refused, and the request shows when they will be anonymised completely.
    erasure_complete(actor=admin_user, request=erasure)
    erasure.refresh_from_db()
    candidate = application.candidate
    candidate.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.RESTRICTED and erasure.restricted_at is not None
    assert erasure.anonymise_on == candidate.anonymise_on == datetime.date.today() + relativedelta(years=1)
    assert candidate.restricted_at is not None and not candidate.is_anonymised
    assert candidate.email == "" and candidate.first_name != "[removed]"
    assert not Candidate.objects.live().filter(pk=candidate.pk).exists()


def test_erasure_completes_for_a_person_without_floors_and_records_exemptions(recruiter, admin_user):
    candidate = CandidateFactory(owner=recruiter)
    erasure = erasure_create(actor=admin_user, candidate=candidate, received_on=datetime.date.today())
    erasure_complete(actor=admin_user, request=erasure)
    candidate.refresh_from_db()
    assert candidate.is_anonymised and erasure.status == ErasureRequest.Status.COMPLETED
    other = erasure_create(
        actor=admin_user, candidate=CandidateFactory(owner=recruiter), received_on=datetime.date.today()
    )
    with pytest.raises(ValidationError):
        erasure_record_exemption(actor=admin_user, request=other, exemption="whim", reason="x")
    erasure_record_exemption(
        actor=admin_user, request=other, exemption="legal_claims", reason="Employment tribunal pending"
    )
    assert other.status == "refused" and other.exemption == "legal_claims"
