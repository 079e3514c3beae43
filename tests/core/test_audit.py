from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from core.models import AccessLog, AppendOnlyError, AuditEvent
from core.services import PersonalDataInAuditError, access_log_record, audit_record


def test_audit_event_records_ids_and_codes(recruiter, teammate):
    event = audit_record(actor=recruiter, action="user.updated", obj=teammate, details={"fields": ["role"]})
    event.refresh_from_db()
    assert (event.object_type, event.object_id) == ("core.user", teammate.pk)
    assert event.actor == recruiter
    assert event.details == {"fields": ["role"]}


def test_audit_event_cannot_be_updated_through_the_orm(recruiter):
    event = audit_record(actor=recruiter, action="thing.done")
    event.action = "thing.undone"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="thing.undone")
    assert AuditEvent.objects.get(pk=event.pk).action == "thing.done"


def test_audit_event_cannot_be_deleted_through_the_orm(recruiter):
    event = audit_record(actor=recruiter, action="thing.done")
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("statement", ["UPDATE {table} SET action = 'x'", "DELETE FROM {table}"])
@pytest.mark.parametrize("table", ["core_auditevent", "core_accesslog"])
def test_database_trigger_refuses_raw_update_and_delete(recruiter, statement, table):
    audit_record(actor=recruiter, action="thing.done")
    access_log_record(user=recruiter, action=AccessLog.Action.VIEW, obj=recruiter)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement.format(table=table))
    assert AuditEvent.objects.count() >= 1
    assert AccessLog.objects.count() == 1


def test_access_log_is_append_only(recruiter):
    entry = access_log_record(
        user=recruiter, action=AccessLog.Action.EXPORT, obj=recruiter, details={"rows": 3}
    )
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(action="view")


@pytest.mark.parametrize(
    "details",
    [
        {"email": "someone@example.com"},
        {"note": "Called Jane Smith about the role"},
        {"fields": ["ok", "Jane Smith"]},
        {"bad key": 1},
        {"nested": {"name": "x"}},
    ],
)
def test_audit_refuses_details_that_look_like_personal_data(recruiter, details):
    with pytest.raises(PersonalDataInAuditError):
        audit_record(actor=recruiter, action="thing.done", details=details)
    assert not AuditEvent.objects.filter(action="thing.done").exists()


def test_audit_action_must_be_a_code(recruiter):
    with pytest.raises(PersonalDataInAuditError):
        audit_record(actor=recruiter, action="emailed jane@example.com")
