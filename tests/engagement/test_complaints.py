from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from engagement.models import Complaint, Improvement
from engagement.services.complaints import (
    complaint_acknowledge,
    complaint_close,
    complaint_deadlines,
    complaint_follow_up,
    complaints_escalate_overdue,
)
from tests.conftest import wait_for
from tests.factories.engagement import ComplaintFactory

LONDON = datetime.timezone(datetime.timedelta(hours=1))  # BST in April


def _at(day: int, month: int = 4, hour: int = 11) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def test_acknowledgement_is_due_in_two_business_days_across_easter():
    # Complaints: acknowledged within 2 business days (DOMAIN.md). Thursday 2 April 2026: Good Friday
    # (3rd) and Easter Monday (6th) are bank holidays in England, so the two days are 7th and 8th.
    acknowledge_by, resolve_by = complaint_deadlines(received_at=_at(2))
    assert acknowledge_by == datetime.date(2026, 4, 8)
    assert resolve_by == datetime.date(2026, 4, 20)


def test_acknowledgement_is_due_across_christmas_substitute_day():
    # Christmas Day 2026 is a Friday and Boxing Day a Saturday (substitute Monday 28th).
    acknowledge_by, _ = complaint_deadlines(
        received_at=datetime.datetime(2026, 12, 24, 10, tzinfo=datetime.UTC)
    )
    assert acknowledge_by == datetime.date(2026, 12, 30)


def test_high_severity_is_escalated_to_the_team_manager_at_once(recruiter, manager):
    complaint = ComplaintFactory(actor=recruiter, severity="high")
    assert complaint.escalated_to == manager
    assert complaint.escalated_at is not None and complaint.escalation_reason == "high_severity"
    event = AuditEvent.objects.get(action="complaint.escalated")
    assert event.details == {"reason": "high_severity"}


def test_unresolved_after_ten_business_days_is_escalated_once(recruiter, manager):
    with time_machine.travel(_at(2), tick=False):
        complaint = ComplaintFactory(actor=recruiter, severity="medium")
    assert complaint.escalated_at is None
    with time_machine.travel(_at(20), tick=False):
        assert complaints_escalate_overdue() == 0  # the tenth business day is not over yet
    with time_machine.travel(_at(21), tick=False):
        assert complaints_escalate_overdue() == 1
        assert complaints_escalate_overdue() == 0  # idempotent
    complaint.refresh_from_db()
    assert complaint.escalated_to == manager and complaint.escalation_reason == "unresolved_10_days"


def test_closed_complaints_are_never_escalated(recruiter, manager):
    with time_machine.travel(_at(2), tick=False):
        complaint = ComplaintFactory(actor=recruiter)
        complaint_close(actor=recruiter, complaint=complaint, resolution="Apologised and called back")
    with time_machine.travel(_at(30), tick=False):
        assert complaints_escalate_overdue() == 0


def test_overdue_when_unacknowledged_after_two_business_days(recruiter):
    with time_machine.travel(_at(2), tick=False):
        complaint = ComplaintFactory(actor=recruiter)
    with time_machine.travel(_at(8), tick=False):
        assert not complaint.is_overdue
        assert not Complaint.objects.overdue().exists()
    with time_machine.travel(_at(9), tick=False):
        assert complaint.is_overdue
        assert Complaint.objects.overdue().count() == 1
        complaint_acknowledge(actor=recruiter, complaint=complaint)
        assert not complaint.is_overdue


def test_follow_up_summary_is_sent_from_the_template_and_logged(recruiter, candidate, mailoutbox):
    from engagement.models import OutboundEmail
    from engagement.services.emails import email_deliver

    complaint = ComplaintFactory(
        actor=recruiter, complainant_type="candidate", candidate=candidate, complainant_name=""
    )
    complaint_follow_up(actor=recruiter, complaint=complaint, summary="We have retrained the team.")
    email = OutboundEmail.objects.get(candidate=candidate)  # queued through email_queue
    assert (email.kind, email.subject) == ("complaint", f"Your complaint {complaint.reference}")
    assert complaint.follow_up_sent_at is not None
    assert email_deliver(email_id=email.pk) == "sent"  # what the worker does
    assert len(mailoutbox) == 1 and "We have retrained the team." in mailoutbox[0].body
    assert candidate.communications.get().kind == "email"


def test_complainant_must_be_named_for_their_type(recruiter):
    with pytest.raises(ValidationError) as caught:
        ComplaintFactory(actor=recruiter, complainant_type="candidate", candidate=None)
    assert "candidate" in caught.value.message_dict
    with pytest.raises(ValidationError):
        ComplaintFactory(actor=recruiter, complainant_name="")


def test_close_needs_a_resolution(recruiter):
    complaint = ComplaintFactory(actor=recruiter)
    with pytest.raises(ValidationError):
        complaint_close(actor=recruiter, complaint=complaint, resolution="  ")


def test_escalation_task_runs_on_a_real_worker(celery_worker, recruiter, manager):
    from engagement.tasks import complaints_escalate

    complaint = ComplaintFactory(actor=recruiter, received_at=timezone.now() - datetime.timedelta(days=30))
    complaints_escalate.delay()
    wait_for(lambda: Complaint.objects.filter(pk=complaint.pk, escalated_to=manager).exists())


# --- API: /complaints/


def test_api_complaint_fields_and_defaults(api_as, recruiter, candidate):
    api = api_as(recruiter)
    response = api.post(
        "/api/v1/complaints/",
        {
            "complainant_type": "candidate",
            "candidate": candidate.pk,
            "channel": "phone",
            "category": "communication",
            "severity": "medium",
            "description": "No feedback after interview",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.data
    assert body["owner"] == recruiter.pk
    expected = (
        "id complainant_type candidate contact complainant_name channel category severity description"
        " received_at owner acknowledged_at escalated_to escalated_at resolution"
        " closed_at acknowledge_by is_overdue"
    )
    assert set(body) >= set(expected.split())
    assert body["is_overdue"] is False and body["escalated_at"] is None


def test_api_patch_acknowledges_and_closing_needs_a_resolution(api_as, recruiter):
    complaint = ComplaintFactory(actor=recruiter)
    api = api_as(recruiter)
    url = f"/api/v1/complaints/{complaint.pk}/"
    ack = api.patch(url, {"acknowledged_at": timezone.now().isoformat()}, format="json")
    assert ack.status_code == 200 and ack.data["acknowledged_at"] is not None
    refused = api.patch(url, {"closed_at": timezone.now().isoformat()}, format="json")
    assert refused.status_code == 400 and "resolution" in refused.data
    closed = api.patch(
        url, {"closed_at": timezone.now().isoformat(), "resolution": "Refunded"}, format="json"
    )
    assert closed.status_code == 200 and closed.data["closed_at"] is not None
    assert api.patch(url, {"severity": "high"}, format="json").status_code == 400


def test_api_patch_to_high_severity_escalates(api_as, recruiter, manager):
    complaint = ComplaintFactory(actor=recruiter)
    response = api_as(recruiter).patch(
        f"/api/v1/complaints/{complaint.pk}/", {"severity": "high"}, format="json"
    )
    assert response.data["escalated_to"] == manager.pk


def test_api_complaints_bad_input_is_400(api_as, recruiter):
    api = api_as(recruiter)
    assert api.post("/api/v1/complaints/", {}, format="json").status_code == 400
    response = api.post(
        "/api/v1/complaints/",
        {
            "complainant_type": "other",
            "channel": "phone",
            "category": "other",
            "severity": "urgent",
            "description": "x",
        },
        format="json",
    )
    assert response.status_code == 400 and "severity" in response.data
    response = api.post(
        "/api/v1/complaints/",
        {
            "complainant_type": "other",
            "channel": "phone",
            "category": "other",
            "severity": "low",
            "description": "x",
        },
        format="json",
    )
    assert response.status_code == 400 and "complainant_name" in response.data


def test_api_complaints_team_scoped(api_as, recruiter, teammate, outsider, admin_user):
    complaint = ComplaintFactory(actor=recruiter)
    assert api_as(teammate).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 200
    assert api_as(outsider).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    assert (
        api_as(outsider).patch(f"/api/v1/complaints/{complaint.pk}/", {"resolution": "x"}).status_code == 404
    )
    assert api_as(outsider).get("/api/v1/complaints/").data["count"] == 0
    assert api_as(admin_user).get("/api/v1/complaints/").data["count"] == 1
    assert api_as(None).get("/api/v1/complaints/").status_code in (401, 403)


def test_api_complaint_list_is_constant_queries(api_as, recruiter, django_assert_max_num_queries):
    api = api_as(recruiter)
    ComplaintFactory(actor=recruiter)
    with django_assert_max_num_queries(8):
        api.get("/api/v1/complaints/")
    for _ in range(8):
        ComplaintFactory(actor=recruiter)
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/complaints/").data["count"] == 9


# --- pages


def test_register_page_marks_overdue_red_and_exports_csv(client, recruiter, outsider):
    with time_machine.travel(_at(2), tick=False):
        ComplaintFactory(actor=recruiter, complainant_name="=HYPERLINK(evil)")
    ComplaintFactory(actor=outsider, complainant_name="Other team")
    client.force_login(recruiter)
    page = client.get(reverse("engagement:complaints"))
    assert page.status_code == 200 and b"eng-overdue" in page.content and b"Other team" not in page.content
    export = client.get(reverse("engagement:complaint-export"))
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert len(rows) == 2 and rows[1][3] == "'=HYPERLINK(evil)" and rows[1][-1] == "yes"


def test_complaint_pages_steps_and_improvement(client, recruiter, manager):
    client.force_login(recruiter)
    new = client.post(
        reverse("engagement:complaint-new"),
        {
            "complainant_type": "other",
            "complainant_name": "Jo Bloggs",
            "channel": "phone",
            "category": "service",
            "severity": "low",
            "description": "Rude on the phone",
            "received_at": "",
        },
    )
    assert new.status_code == 302, new.content
    complaint = Complaint.objects.get()
    step = lambda name, data=None: client.post(  # noqa: E731
        reverse("engagement:complaint-step", args=[complaint.pk, name]), data or {}
    )
    step("acknowledge")
    step("escalate")
    step("follow-up", {"summary": "Spoke to the recruiter", "send": ""})
    step("close", {"resolution": "Apology given"})
    step("improvement", {"you_said": "Be polite", "we_did": "Call-handling training", "status": "done"})
    complaint.refresh_from_db()
    assert complaint.acknowledged_at and complaint.escalated_to == manager and complaint.closed_at
    assert complaint.follow_up_summary == "Spoke to the recruiter" and complaint.follow_up_sent_at is None
    improvement = Improvement.objects.get()
    assert list(improvement.complaints.all()) == [complaint] and improvement.done_on == timezone.localdate()
    assert client.get(reverse("engagement:complaint", args=[complaint.pk])).status_code == 200
    assert step("nonsense").status_code == 404


def test_complaint_form_shows_field_errors(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("engagement:complaint-new"), {"complainant_type": "candidate"})
    assert response.status_code == 422 and b"field-error" in response.content


def test_complaint_pages_outsider_404(client, recruiter, outsider):
    complaint = ComplaintFactory(actor=recruiter)
    client.force_login(outsider)
    assert client.get(reverse("engagement:complaint", args=[complaint.pk])).status_code == 404
    url = reverse("engagement:complaint-step", args=[complaint.pk, "close"])
    assert client.post(url, {"resolution": "x"}).status_code == 404
