"""The complaints procedure (DOMAIN.md "Customer service").

Acknowledge within 2 UK business days; escalate to the manager at once when severity is high, or
when still unresolved after 10 business days (the daily beat job); record a written follow-up
summary (sent from the template); close with a resolution; optionally an improvement.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.dates import add_business_days
from core.models import User
from core.services import audit_record
from engagement.models import Complaint, Improvement
from engagement.selectors.complaints import team_manager_get
from engagement.services.communications import email_send

# Complaints: acknowledged within 2 business days (DOMAIN.md).
ACKNOWLEDGE_WITHIN_BUSINESS_DAYS = 2
# Complaints: escalated when unresolved after 10 business days (DOMAIN.md).
RESOLVE_WITHIN_BUSINESS_DAYS = 10


def complaint_deadlines(*, received_at: datetime) -> tuple[date, date]:
    received_on = timezone.localtime(received_at).date()
    return (
        add_business_days(received_on, ACKNOWLEDGE_WITHIN_BUSINESS_DAYS),
        add_business_days(received_on, RESOLVE_WITHIN_BUSINESS_DAYS),
    )


def _validate(complaint: Complaint) -> None:
    errors: dict[str, str] = {}
    kind = complaint.complainant_type
    if kind == Complaint.ComplainantType.CANDIDATE and complaint.candidate_id is None:
        errors["candidate"] = "Choose the candidate who complained."
    if kind == Complaint.ComplainantType.CLIENT_CONTACT and complaint.contact_id is None:
        errors["contact"] = "Choose the client contact who complained."
    if kind == Complaint.ComplainantType.OTHER and not complaint.complainant_name.strip():
        errors["complainant_name"] = "Name the complainant."
    if not complaint.description.strip():
        errors["description"] = "Describe the complaint."
    if complaint.received_at and complaint.received_at > timezone.now() + timedelta(minutes=5):
        errors["received_at"] = "A complaint cannot be received in the future."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def complaint_create(*, actor: User, owner: User | None = None, **fields: Any) -> Complaint:
    owner = owner or actor
    team_id: Any = owner.team_id or actor.team_id
    complaint = Complaint(owner=owner, team_id=team_id, **fields)
    if complaint.received_at is None:
        complaint.received_at = timezone.now()
    _validate(complaint)
    complaint.acknowledge_by, complaint.resolve_by = complaint_deadlines(received_at=complaint.received_at)
    if complaint.team_id is None:
        person = complaint.candidate or complaint.contact
        if person is None:
            raise ValidationError({"owner": "The owner needs a team."})
        complaint.team_id = person.team_id
    complaint.save()
    audit_record(
        actor=actor, action="complaint.created", obj=complaint, details={"severity": complaint.severity}
    )
    if complaint.severity == Complaint.Severity.HIGH:  # high severity goes to the manager at once
        complaint_escalate(complaint=complaint, reason="high_severity", actor=actor)
    return complaint


def complaint_escalate(*, complaint: Complaint, reason: str, actor: User | None = None) -> Complaint:
    if complaint.escalated_at is not None:
        return complaint
    complaint.escalated_to = team_manager_get(team_id=complaint.team_id)
    complaint.escalated_at = timezone.now()
    complaint.escalation_reason = reason
    complaint.save(update_fields=["escalated_to", "escalated_at", "escalation_reason"])
    audit_record(actor=actor, action="complaint.escalated", obj=complaint, details={"reason": reason})
    return complaint


def complaints_escalate_overdue(*, today: date | None = None) -> int:
    """Daily: escalate every open complaint still unresolved after 10 business days. Idempotent."""
    day = today or timezone.localdate()
    count = 0
    due = Complaint.objects.filter(closed_at__isnull=True, escalated_at__isnull=True, resolve_by__lt=day)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():  # one complaint per transaction, locked so two runs escalate it once
            complaint = due.select_for_update(skip_locked=True).filter(pk=pk).first()
            if complaint is not None:
                complaint_escalate(complaint=complaint, reason="unresolved_10_days")
                count += 1
    return count


def complaint_acknowledge(*, actor: User, complaint: Complaint) -> Complaint:
    if complaint.acknowledged_at is None:
        complaint.acknowledged_at = timezone.now()
        complaint.save(update_fields=["acknowledged_at"])
        audit_record(actor=actor, action="complaint.acknowledged", obj=complaint)
    return complaint


def complaint_follow_up(*, actor: User, complaint: Complaint, summary: str, send: bool = True) -> Complaint:
    """Record the written follow-up summary; send it to the complainant from the template."""
    if not summary.strip():
        raise ValidationError({"follow_up_summary": "Write the follow-up summary."})
    complaint.follow_up_summary = summary.strip()
    person = complaint.candidate or complaint.contact
    if send and person is not None and person.email:
        # email_send asks the contact rule: a complainant who said "do not contact" is not written to,
        # and the sender sees why (the summary is still recorded when they untick "send").
        email_send(
            actor=actor,
            template_code="complaint_follow_up",
            candidate=complaint.candidate,
            contact=complaint.contact if complaint.candidate is None else None,
            extra={"complaint_reference": complaint.reference, "summary": complaint.follow_up_summary},
        )
        complaint.follow_up_sent_at = timezone.now()
    complaint.save(update_fields=["follow_up_summary", "follow_up_sent_at"])
    audit_record(
        actor=actor,
        action="complaint.follow_up",
        obj=complaint,
        details={"sent": bool(complaint.follow_up_sent_at)},
    )
    return complaint


def complaint_close(*, actor: User, complaint: Complaint, resolution: str) -> Complaint:
    if not resolution.strip():
        raise ValidationError({"resolution": "Record the resolution before closing."})
    if complaint.closed_at is not None:
        raise ValidationError({"closed_at": "This complaint is already closed."})
    complaint.resolution = resolution.strip()
    complaint.closed_at = timezone.now()
    if complaint.acknowledged_at is None:
        complaint.acknowledged_at = complaint.closed_at
    complaint.save(update_fields=["resolution", "closed_at", "acknowledged_at"])
    audit_record(actor=actor, action="complaint.closed", obj=complaint)
    return complaint


def complaint_update(*, actor: User, complaint: Complaint, data: dict[str, Any]) -> Complaint:
    """PATCH: the editable fields, then the procedure's steps named by the fields sent."""
    if complaint.closed_at is not None and set(data) - {"resolution"}:
        raise ValidationError({"closed_at": "A closed complaint cannot be changed."})
    for name in ("channel", "category", "description", "complainant_name", "owner"):
        if name in data:
            setattr(complaint, name, data[name])
    if "severity" in data:
        complaint.severity = data["severity"]
    _validate(complaint)
    complaint.save()
    if data.get("acknowledged_at"):
        complaint_acknowledge(actor=actor, complaint=complaint)
    if complaint.severity == Complaint.Severity.HIGH:
        complaint_escalate(complaint=complaint, reason="high_severity", actor=actor)
    if data.get("closed_at") or (
        data.get("resolution") and complaint.closed_at is None and "closed_at" in data
    ):
        complaint_close(
            actor=actor, complaint=complaint, resolution=data.get("resolution") or complaint.resolution
        )
    elif "resolution" in data:
        complaint.resolution = data["resolution"] or ""
        complaint.save(update_fields=["resolution"])
    return complaint


def improvement_create(
    *,
    actor: User,
    you_said: str,
    we_did: str,
    status: str = Improvement.Status.PLANNED,
    done_on: date | None = None,
    client: Any = None,
    complaints: list[Complaint] | None = None,
    feedback: list[Any] | None = None,
    owner: User | None = None,
) -> Improvement:
    if status == Improvement.Status.DONE and done_on is None:
        done_on = timezone.localdate()
    owner = owner or actor
    team_id = owner.team_id or actor.team_id
    if team_id is None and complaints:
        team_id = complaints[0].team_id
    if team_id is None:
        raise ValidationError({"owner": "The owner needs a team."})
    improvement = Improvement.objects.create(
        you_said=you_said,
        we_did=we_did,
        status=status,
        done_on=done_on,
        client=client,
        owner=owner,
        team_id=team_id,
    )
    if complaints:
        improvement.complaints.set(complaints)
    if feedback:
        improvement.feedback.set(feedback)
    audit_record(actor=actor, action="improvement.created", obj=improvement)
    return improvement


def improvement_set_status(*, actor: User, improvement: Improvement, status: str) -> Improvement:
    improvement.status = status
    improvement.done_on = timezone.localdate() if status == Improvement.Status.DONE else None
    improvement.save(update_fields=["status", "done_on"])
    audit_record(actor=actor, action="improvement.updated", obj=improvement, details={"status": status})
    return improvement
