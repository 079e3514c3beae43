"""The beat jobs, with frozen time: follow-ups at 28 days, escalation at 7, DBS reminders at 30,
evidence purges after retention — each idempotent."""

from __future__ import annotations

import datetime
import io
import os

import pytest
import time_machine

from compliance import services, tasks
from compliance.models import ComplianceTask, RightToWorkCheck
from compliance.requirements import Requirements
from core.models import AuditEvent
from tests.factories.compliance import DBSCheckFactory, RightToWorkCheckFactory

D = datetime.date
PDF = b"%PDF-1.4\n%%EOF\n"
pytestmark = pytest.mark.django_db


def _at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 7, tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def limited_check(candidate):
    """A List B Group 1 check whose permission runs to 31 Mar 2027."""
    with _at(D(2026, 6, 1)):
        return RightToWorkCheckFactory(
            candidate=candidate,
            holds="digital_status",
            route="online_share_code",
            document_list="list_b_group_1",
            document_type="",
            share_code="WAB123CDE",
            permission_expires_on=D(2027, 3, 31),
        )


def test_follow_up_is_created_28_days_before_the_excuse_ends_and_only_once(limited_check, recruiter):
    assert services.rtw_follow_ups_create(today=D(2027, 3, 2)) == {"follow_ups": 0, "escalations": 0}
    assert services.rtw_follow_ups_create(today=D(2027, 3, 3)) == {"follow_ups": 1, "escalations": 0}
    assert services.rtw_follow_ups_create(today=D(2027, 3, 3)) == {"follow_ups": 0, "escalations": 0}
    task = ComplianceTask.objects.get()
    assert (task.kind, task.due_on, task.assigned_to, task.rtw_check) == (
        "rtw_follow_up",
        D(2027, 3, 31),
        recruiter,
        limited_check,
    )


def test_escalation_goes_to_the_manager_7_days_before(limited_check, manager):
    services.rtw_follow_ups_create(today=D(2027, 3, 10))
    assert services.rtw_follow_ups_create(today=D(2027, 3, 23))["escalations"] == 0
    assert services.rtw_follow_ups_create(today=D(2027, 3, 24)) == {"follow_ups": 0, "escalations": 1}
    assert services.rtw_follow_ups_create(today=D(2027, 3, 25)) == {"follow_ups": 0, "escalations": 0}
    escalation = ComplianceTask.objects.get(kind="rtw_escalation")
    assert escalation.assigned_to == manager
    assert AuditEvent.objects.filter(action="compliance_task.created").count() == 2


def test_a_new_check_closes_the_old_follow_ups_and_list_a_needs_none(limited_check, candidate):
    services.rtw_follow_ups_create(today=D(2027, 3, 5))
    with _at(D(2027, 3, 6)):
        RightToWorkCheckFactory(candidate=candidate)
    assert not ComplianceTask.objects.open().exists()
    assert services.rtw_follow_ups_create(today=D(2027, 3, 30)) == {"follow_ups": 0, "escalations": 0}


def test_dbs_recheck_reminder_30_days_before_due_for_the_compliance_officer(candidate, compliance_officer):
    with _at(D(2026, 6, 1)):
        check = DBSCheckFactory(candidate=candidate, actor=compliance_officer, issued_on=D(2024, 1, 10))
    assert check.recheck_due_on == D(2027, 1, 10)
    assert services.dbs_recheck_reminders_create(today=D(2026, 12, 10)) == 0
    assert services.dbs_recheck_reminders_create(today=D(2026, 12, 11)) == 1
    assert services.dbs_recheck_reminders_create(today=D(2026, 12, 12)) == 0
    task = ComplianceTask.objects.get()
    assert (task.kind, task.due_on, task.assigned_to) == ("dbs_recheck", D(2027, 1, 10), compliance_officer)


def test_a_clean_update_service_check_postpones_the_reminder(candidate, compliance_officer):
    with _at(D(2026, 6, 1)):
        check = DBSCheckFactory(
            candidate=candidate,
            actor=compliance_officer,
            issued_on=D(2024, 1, 10),
            update_service=True,
            update_service_consent_on=D(2024, 1, 10),
        )
        services.dbs_status_check_record(
            actor=compliance_officer,
            dbs_check=check,
            checked_on=D(2026, 5, 1),
            workforce="adult",
            outcome="no_change",
        )
    assert services.dbs_recheck_reminders_create(today=D(2026, 12, 11)) == 0


def test_dbs_tasks_are_hidden_from_recruiters(candidate, compliance_officer, recruiter):
    with _at(D(2026, 6, 1)):
        DBSCheckFactory(candidate=candidate, actor=compliance_officer, issued_on=D(2023, 7, 1))
    services.dbs_recheck_reminders_create(today=D(2026, 6, 2))
    assert ComplianceTask.objects.visible_to(compliance_officer).count() == 1
    assert ComplianceTask.objects.visible_to(recruiter).count() == 0


def test_rtw_evidence_is_purged_two_years_after_employment_ends_leaving_a_stub(candidate, recruiter):
    with _at(D(2026, 6, 1)):
        check = RightToWorkCheckFactory(
            candidate=candidate, evidence=io.BytesIO(PDF), evidence_filename="p.pdf"
        )
        services.employment_end_record(actor=recruiter, candidate=candidate, ended_on=D(2026, 8, 31))
    path = check.evidence.path
    assert services.rtw_evidence_purge(today=D(2028, 8, 31)) == 0
    assert services.rtw_evidence_purge(today=D(2028, 9, 1)) == 1
    assert services.rtw_evidence_purge(today=D(2028, 9, 2)) == 0
    check = RightToWorkCheck.objects.get(pk=check.pk)
    assert not check.evidence and check.evidence_purged_at is not None and check.evidence_filename == ""
    assert (check.document_type, check.checked_on, check.outcome) == ("UK passport", D(2026, 5, 25), "pass")
    assert len(check.evidence_sha256) == 64
    assert not os.path.exists(path)


def test_evidence_is_kept_while_employment_has_not_ended(candidate):
    with _at(D(2026, 6, 1)):
        RightToWorkCheckFactory(candidate=candidate, evidence=io.BytesIO(PDF), evidence_filename="p.pdf")
    assert services.rtw_evidence_purge(today=D(2040, 1, 1)) == 0


def test_dbs_images_are_purged_six_months_after_the_decision(candidate, compliance_officer, settings):
    settings.COMPLIANCE_DBS_KEEP_IMAGES = True
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    with _at(D(2026, 6, 1)):
        check = DBSCheckFactory(
            candidate=candidate,
            actor=compliance_officer,
            decision_on=D(2026, 5, 31),
            certificate_image=io.BytesIO(png),
            requirements=Requirements(dbs_level="basic"),
        )
    # 31 May + 6 months is 30 Nov (the month end clamps).
    assert services.dbs_images_purge(today=D(2026, 11, 29)) == 0
    assert services.dbs_images_purge(today=D(2026, 11, 30)) == 1
    check.refresh_from_db()
    assert not check.certificate_image and check.image_purged_at is not None
    assert services.dbs_images_purge(today=D(2027, 1, 1)) == 0


def test_celery_tasks_call_the_services(limited_check, candidate, compliance_officer):
    with _at(D(2027, 3, 25)):
        assert tasks.rtw_follow_ups() == {"follow_ups": 1, "escalations": 1}
        assert tasks.dbs_recheck_reminders() == 0
        assert tasks.evidence_purge() == {"rtw": 0, "dbs": 0}
