"""Issue 19, messages at every step: each move that matters makes a message from the stage's
template, which waits (editable, cancellable), is superseded by a later move, and is sent by beat
through the one door — or refused with its reason, or turned into a call to-do."""

from __future__ import annotations

import datetime
from email import message_from_bytes
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import Candidate
from engagement.models import OutboundEmail, StageMessage, ToDo
from engagement.services.stage_messages import (
    stage_message_cancel,
    stage_message_edit,
    stage_message_send_now,
    stage_messages_send_due,
)
from tests.engagement.conftest import move_to
from vacancies.models import Application, RejectionReason
from vacancies.services.pipeline import application_create, application_move
from vacancies.services.vacancies import vacancy_set_status

pytestmark = pytest.mark.django_db


def later(minutes: int = 31) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


def reason() -> RejectionReason:
    return RejectionReason.objects.get_or_create(code="skills", defaults={"label": "Skills gap"})[0]


def test_a_move_that_matters_makes_a_waiting_message_from_the_template(recruiter, application, vacancy):
    before = timezone.now()
    application_move(actor=recruiter, application=application, stage="screening")
    assert not StageMessage.objects.exists()  # our own work: nothing to tell
    application_move(actor=recruiter, application=application, stage="shortlisted")
    (message,) = StageMessage.objects.all()
    assert (message.event, message.status, message.owner, message.team) == (
        "shortlisted",
        "waiting",
        recruiter,
        application.team,
    )
    assert vacancy.title in message.subject and message.body.startswith("Dear Priya,")
    assert message.template.code == "stage_shortlisted"
    delay = message.due_at - before
    assert datetime.timedelta(minutes=29) < delay < datetime.timedelta(minutes=31)
    assert not OutboundEmail.objects.exists()  # nothing goes before the wait is over


def test_a_later_move_supersedes_the_waiting_message(recruiter, application):
    application_move(actor=recruiter, application=application, stage="shortlisted")
    application_move(actor=recruiter, application=application, stage="rejected", reason=reason())
    first, second = StageMessage.objects.order_by("pk")
    assert (first.status, first.reason, second.event, second.status) == (
        "superseded",
        "superseded",
        "rejected",
        "waiting",
    )
    assert stage_messages_send_due(now=later()) == 1
    first.refresh_from_db()
    assert first.status == "superseded" and first.email is None


def test_a_no_is_kind_and_never_names_a_confidential_client(recruiter, application, vacancy):
    from engagement.models import EmailTemplate

    EmailTemplate.objects.filter(code="stage_rejected").update(body="Dear {{ first_name }}, {{ client }}.")
    vacancy.client.is_confidential = True
    vacancy.client.save()
    application_move(actor=recruiter, application=application, stage="rejected", reason=reason())
    message = StageMessage.objects.get()
    assert message.body == "Dear Priya, our client."
    assert vacancy.client.name not in message.body


def test_the_seeded_no_is_specific_and_kind():
    from engagement.models import EmailTemplate

    body = EmailTemplate.objects.get(code="stage_rejected").body
    assert "{{ vacancy }}" in body and "feedback" in body and "{{ client }}" not in body
    assert (
        EmailTemplate.objects.filter(
            code__in=[
                "stage_shortlisted",
                "stage_submitted",
                "stage_interview",
                "stage_offer",
                "stage_vacancy_closed",
            ]
        ).count()
        == 5
    )


def test_system_stage_templates_cannot_be_deleted(manager):
    from engagement.models import EmailTemplate
    from engagement.services.communications import email_template_delete

    with pytest.raises(ValidationError):
        email_template_delete(actor=manager, template=EmailTemplate.objects.get(code="stage_offer"))


def test_submitted_message_only_after_the_consent_gate(recruiter, application):
    from vacancies.services.refusals import PipelineRefused

    application_move(actor=recruiter, application=application, stage="shortlisted")
    with pytest.raises(PipelineRefused):
        application_move(actor=recruiter, application=application, stage="submitted")
    assert list(StageMessage.objects.values_list("event", "status")) == [("shortlisted", "waiting")]
    move_to(application=application, actor=recruiter, stages=["submitted"])
    assert list(StageMessage.objects.order_by("pk").values_list("event", "status")) == [
        ("shortlisted", "superseded"),
        ("submitted", "waiting"),
    ]


def test_edit_and_cancel_only_while_waiting(recruiter, application):
    application_move(actor=recruiter, application=application, stage="shortlisted")
    message = StageMessage.objects.get()
    with pytest.raises(ValidationError) as exc:
        stage_message_edit(actor=recruiter, message=message, subject=" ", body="")
    assert set(exc.value.message_dict) == {"subject", "body"}
    stage_message_edit(actor=recruiter, message=message, subject="Hello Priya", body="Good news.")
    message.refresh_from_db()
    assert (message.subject, message.body, message.edited_at is not None) == (
        "Hello Priya",
        "Good news.",
        True,
    )
    stage_message_cancel(actor=recruiter, message=message)
    message.refresh_from_db()
    assert (message.status, message.decided_by) == ("cancelled", recruiter)
    assert stage_messages_send_due(now=later()) == 0
    with pytest.raises(ValidationError):
        stage_message_edit(actor=recruiter, message=message, subject="x", body="y")
    with pytest.raises(ValidationError):
        stage_message_send_now(actor=recruiter, message=message)
    assert not OutboundEmail.objects.exists()


def test_refused_by_the_contact_rule_sends_nothing_and_says_why(recruiter, application, candidate, smtp):
    application_move(actor=recruiter, application=application, stage="shortlisted")
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    assert stage_messages_send_due(now=later()) == 1
    message = StageMessage.objects.get()
    assert (message.status, message.reason, message.email) == ("refused", "do_not_contact", None)
    assert not OutboundEmail.objects.exists() and smtp.messages == []


def test_refused_at_once_is_shown_refused_not_waiting(recruiter, vacancy):
    from tests.factories.candidates import CandidateFactory

    person = CandidateFactory(owner=recruiter, email="")
    app = application_create(actor=recruiter, vacancy=vacancy, candidate=person)
    application_move(actor=recruiter, application=app, stage="shortlisted")
    message = StageMessage.objects.get()
    assert (message.status, message.reason) == ("refused", "no_email")


def test_phone_preference_gives_the_recruiter_a_call_todo_not_an_email(recruiter, application, candidate):
    Candidate.objects.filter(pk=candidate.pk).update(preferred_channel="phone")
    application_move(actor=recruiter, application=application, stage="shortlisted")
    message = StageMessage.objects.get()
    stage_message_send_now(actor=recruiter, message=message)
    message.refresh_from_db()
    todo = ToDo.objects.get()
    assert message.status == "todo" and message.todo == todo
    assert todo.title.startswith("Call Priya Shah to tell them they are shortlisted for")
    assert (todo.assignee, todo.candidate, todo.vacancy) == (recruiter, candidate, application.vacancy)
    assert not OutboundEmail.objects.exists()


def test_a_closing_vacancy_tells_every_open_applicant(recruiter, vacancy, application):
    from tests.factories.candidates import CandidateFactory

    rejected = application_create(
        actor=recruiter, vacancy=vacancy, candidate=CandidateFactory(owner=recruiter, first_name="Ola")
    )
    application_move(actor=recruiter, application=rejected, stage="rejected", reason=reason())
    application_move(actor=recruiter, application=application, stage="shortlisted")
    # Added by a recruiter and never approached: not written to. One who applied: told.
    quiet = application_create(actor=recruiter, vacancy=vacancy, candidate=CandidateFactory(owner=recruiter))
    applied = application_create(
        actor=recruiter, vacancy=vacancy, candidate=CandidateFactory(owner=recruiter)
    )
    Application.objects.filter(pk=applied.pk).update(source="careers_site")
    vacancy_set_status(actor=recruiter, vacancy=vacancy, status="closed")
    rows = sorted(StageMessage.objects.values_list("application_id", "event", "status"))
    assert rows == sorted(
        [
            (application.pk, "shortlisted", "superseded"),
            (application.pk, "vacancy_closed", "waiting"),
            (rejected.pk, "rejected", "waiting"),  # already told its own news
            (applied.pk, "vacancy_closed", "waiting"),
        ]
    )
    assert not StageMessage.objects.filter(application=quiet).exists()


def test_audit_holds_no_personal_data(recruiter, application):
    from core.models import AuditEvent

    application_move(actor=recruiter, application=application, stage="shortlisted")
    message = StageMessage.objects.get()
    stage_message_edit(actor=recruiter, message=message, subject="Hi Priya", body="Priya, news")
    text = " ".join(str(e.details) for e in AuditEvent.objects.filter(action__startswith="stage_message"))
    assert "Priya" not in text and "priya@" not in text


@pytest.mark.django_db(transaction=True)
def test_edited_message_is_sent_by_beat_through_the_real_smtp_server(
    celery_worker: Any, smtp: Any, recruiter, application
):
    from tests.conftest import wait_for

    application_move(actor=recruiter, application=application, stage="shortlisted")
    message = StageMessage.objects.get()
    stage_message_edit(
        actor=recruiter, message=message, subject="You're on the shortlist", body="Dear Priya,\n\nGreat news."
    )
    assert stage_messages_send_due() == 0  # not yet due
    assert stage_messages_send_due(now=later()) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.email.kind == "stage_update"
    wait_for(lambda: OutboundEmail.objects.get(pk=message.email_id).status == "sent")
    (envelope,) = smtp.messages
    assert envelope.rcpt_tos == ["priya@example.test"]
    mail = message_from_bytes(envelope.content)
    assert mail["Subject"] == "You're on the shortlist"
    assert "Great news." in mail.get_payload(decode=True).decode()
