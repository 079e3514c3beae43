from __future__ import annotations

import datetime
from email import message_from_bytes

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Contact
from engagement.models import Communication, OutboundEmail
from engagement.selectors.timeline import (
    candidate_timeline_get,
    client_timeline_get,
    contact_timeline_get,
    vacancy_timeline_get,
)
from engagement.services.communications import communication_log, email_send, email_template_get_or_create
from tests.engagement.conftest import move_to
from tests.factories.candidates import CandidateFactory
from tests.factories.compliance import RightToWorkCheckFactory
from tests.factories.engagement import CommunicationFactory


def test_logging_a_call_moves_last_contacted_forward_but_a_note_does_not(recruiter, candidate):
    when = timezone.now() - datetime.timedelta(hours=2)
    communication_log(
        actor=recruiter, kind="call", summary="Discussed the offer", candidate=candidate, occurred_at=when
    )
    candidate.refresh_from_db()
    assert candidate.last_contacted_at == when
    communication_log(actor=recruiter, kind="note", summary="Prefers mornings", candidate=candidate)
    candidate.refresh_from_db()
    assert candidate.last_contacted_at == when
    older = when - datetime.timedelta(days=3)
    communication_log(
        actor=recruiter, kind="call", summary="Old call", candidate=candidate, occurred_at=older
    )
    candidate.refresh_from_db()
    assert candidate.last_contacted_at == when  # an old call never makes it look more recent... or older


def test_candidate_timeline_holds_communications_stage_changes_submissions_and_checks(
    recruiter, candidate, application
):
    CommunicationFactory(candidate=candidate, summary="Screening call", actor=recruiter)
    move_to(application=application, actor=recruiter, stages=["screening", "shortlisted", "submitted"])
    RightToWorkCheckFactory(candidate=candidate, checked_by=recruiter)
    kinds = [e.kind for e in candidate_timeline_get(user=recruiter, candidate=candidate)]
    assert "call" in kinds and "submission" in kinds and "stage" in kinds and "check" in kinds
    vacancy_kinds = {e.kind for e in vacancy_timeline_get(user=recruiter, vacancy=application.vacancy)}
    assert {"submission", "stage"} <= vacancy_kinds


def test_contact_and_client_timelines_show_their_calls_and_submissions(recruiter, contact, application):
    communication_log(actor=recruiter, kind="call", summary="Client update call", contact=contact)
    move_to(application=application, actor=recruiter, stages=["screening", "shortlisted", "submitted"])
    contact_entries = contact_timeline_get(user=recruiter, contact=contact)
    assert [e.kind for e in contact_entries][:2] == ["submission", "call"]
    client_entries = client_timeline_get(user=recruiter, client=contact.client)
    assert {"call", "submission", "stage"} <= {e.kind for e in client_entries}


def test_timeline_page_is_constant_queries_and_hidden_from_outsiders(
    client, recruiter, outsider, candidate, django_assert_max_num_queries
):
    client.force_login(recruiter)
    url = reverse("engagement:timeline", args=["candidate", candidate.pk])
    CommunicationFactory(candidate=candidate, actor=recruiter)
    # One query per kind of entry (calls, moves, checks, CVs sent, interviews, offers, placements,
    # the record's own history): tests/engagement/test_candidate_timeline.py grows every kind. Issue 18
    # adds the bounced-address check and the record's open to-dos.
    with django_assert_max_num_queries(23):
        client.get(url)
    for _ in range(15):
        CommunicationFactory(candidate=candidate, actor=recruiter)
    with django_assert_max_num_queries(23):
        response = client.get(url)
    page = response.content
    assert page.count(b"eng-tl-item") - page.count(b"eng-tl-record") == 16  # and "Record created"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("engagement:timeline", args=["nonsense", candidate.pk])).status_code == 404


def test_log_call_modal_is_two_clicks_open_then_save(client, recruiter, candidate):
    client.force_login(recruiter)
    url = reverse("engagement:log", args=["candidate", candidate.pk])
    opened = client.get(url + "?as=call", HTTP_HX_REQUEST="true")
    assert opened.status_code == 200 and b'value="call" selected' in opened.content
    saved = client.post(url, {"kind": "call", "direction": "outbound", "summary": "Left a voicemail"})
    assert saved.status_code == 200 and b"logged" in saved.content
    assert Communication.objects.get().summary == "Left a voicemail"
    bad = client.post(url, {"kind": "call", "direction": "outbound", "summary": ""})
    assert bad.status_code == 422 and b"field-error" in bad.content


def test_log_modal_outsider_404_and_compliance_visitor_without_team_sees_nothing(client, outsider, candidate):
    client.force_login(outsider)
    assert client.get(reverse("engagement:log", args=["candidate", candidate.pk])).status_code == 404
    assert client.get(reverse("engagement:email", args=["candidate", candidate.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_email_goes_through_real_smtp_with_merge_fields_and_is_logged(
    celery_worker, smtp, recruiter, candidate, vacancy
):
    """A template's email is queued through email_queue (kind "update") and sent by the worker."""
    from tests.conftest import wait_for

    template = email_template_get_or_create(code="general")
    template.subject = "About {{ vacancy }} at {{ client }}"
    template.body = "Hi {{ first_name }}, an update from {{ sender }}."
    template.save()
    email = email_send(actor=recruiter, template_code="general", candidate=candidate, vacancy=vacancy)
    assert (email.kind, email.status) == ("update", "queued")
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == ["priya@example.test"]
    message = message_from_bytes(envelope.content)
    assert message["Subject"] == f"About {vacancy.title} at Northgate Engineering Ltd"
    assert f"Hi Priya, an update from {recruiter.display_name}." in message.get_payload(decode=True).decode()
    communication = OutboundEmail.objects.get(pk=email.pk).communication
    assert communication.kind == "email" and communication.vacancy == vacancy
    candidate.refresh_from_db()
    assert candidate.last_contacted_at == communication.occurred_at
    assert "email" in [e.kind for e in candidate_timeline_get(user=recruiter, candidate=candidate)]


def test_email_modal_sends_and_refuses_without_an_address(client, recruiter, candidate, mailoutbox):
    client.force_login(recruiter)
    url = reverse("engagement:email", args=["candidate", candidate.pk])
    assert client.get(url).status_code == 200
    filled = client.post(url, {"template": "general", "action": "template"})
    assert filled.status_code == 200 and b"Dear Priya" in filled.content  # a starting point, to edit
    sent = client.post(url, {"template": "general", "subject": "Hello", "body": "Dear Priya, news."})
    assert sent.status_code == 200 and b"queued" in sent.content
    assert OutboundEmail.objects.get(candidate=candidate).body == "Dear Priya, news."
    no_email = CandidateFactory(owner=recruiter, email="")
    no_email_url = reverse("engagement:email", args=["candidate", no_email.pk])
    assert b"no email address" in client.get(no_email_url).content  # said before anything is written
    response = client.post(no_email_url, {"subject": "Hello", "body": "Hi"})
    assert response.status_code == 422 and b"no email address" in response.content


def test_managers_edit_templates_recruiters_may_not_and_unknown_merge_fields_are_refused(
    client, recruiter, manager
):
    template = email_template_get_or_create(code="general")
    url = reverse("engagement:template-edit", args=[template.pk])
    client.force_login(recruiter)
    assert client.get(reverse("engagement:templates")).status_code == 200
    assert client.get(url).status_code == 403
    client.force_login(manager)
    bad = client.post(url, {"subject": "Hi", "body": "Dear {{ salary_expectation }}"})
    assert bad.status_code == 422 and b"Unknown merge fields" in bad.content
    ok = client.post(url, {"subject": "Hello {{ first_name }}", "body": "Dear {{ first_name }}"})
    assert ok.status_code == 302
    template.refresh_from_db()
    assert template.subject == "Hello {{ first_name }}"


# --- API: /communications/


def test_api_communications_create_defaults_by_to_caller_and_filters(
    api_as, recruiter, teammate, candidate, contact
):
    api = api_as(recruiter)
    response = api.post(
        "/api/v1/communications/",
        {
            "kind": "call",
            "direction": "inbound",
            "summary": "Called about interview times",
            "candidate": candidate.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.data["by"] == recruiter.pk
    api.post(
        "/api/v1/communications/",
        {"kind": "email", "summary": "Chased", "contact": contact.pk},
        format="json",
    )
    assert api_as(teammate).get(f"/api/v1/communications/?candidate={candidate.pk}").data["count"] == 1
    assert api.get(f"/api/v1/communications/?contact={contact.pk}").data["count"] == 1
    assert api.get("/api/v1/communications/?candidate=abc").status_code == 400  # not an id: a 400 (issue 17)


def test_api_communications_refuse_bad_input_and_hide_other_teams(api_as, recruiter, outsider, candidate):
    api = api_as(recruiter)
    assert (
        api.post("/api/v1/communications/", {"kind": "call", "summary": "x"}, format="json").status_code
        == 400
    )
    assert (
        api.post(
            "/api/v1/communications/",
            {"kind": "fax", "summary": "x", "candidate": candidate.pk},
            format="json",
        ).status_code
        == 400
    )
    created = api.post(
        "/api/v1/communications/", {"kind": "note", "summary": "x", "candidate": candidate.pk}, format="json"
    )
    outsider_api = api_as(outsider)
    assert outsider_api.get(f"/api/v1/communications/{created.data['id']}/").status_code == 404
    refused = outsider_api.post(
        "/api/v1/communications/", {"kind": "call", "summary": "x", "candidate": candidate.pk}, format="json"
    )
    assert refused.status_code == 400  # the candidate is not one they can see
    assert api.patch(f"/api/v1/communications/{created.data['id']}/", {"summary": "y"}).status_code == 405


def test_api_communication_list_is_constant_queries(
    api_as, recruiter, candidate, django_assert_max_num_queries
):
    api = api_as(recruiter)
    CommunicationFactory(candidate=candidate, actor=recruiter)
    with django_assert_max_num_queries(10):
        api.get("/api/v1/communications/")
    for _ in range(10):
        CommunicationFactory(candidate=candidate, actor=recruiter)
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/communications/").data["count"] == 11


def test_cannot_log_in_the_future(recruiter, candidate):
    from django.core.exceptions import ValidationError

    with (
        time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC), tick=False),
        pytest.raises(ValidationError),
    ):
        communication_log(
            actor=recruiter,
            kind="call",
            summary="x",
            candidate=candidate,
            occurred_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert Candidate.objects.get(pk=candidate.pk).last_contacted_at is None
    assert Contact.objects.count() == 0


def test_a_call_logged_from_the_application_page_is_about_the_vacancy(
    client, recruiter, outsider, application
):
    from tests.factories.clients import ClientFactory
    from tests.factories.vacancies import VacancyFactory

    client.force_login(recruiter)
    page = client.get(reverse("vacancies:application", args=[application.pk]))
    assert f"vacancy={application.vacancy_id}".encode() in page.content
    url = reverse("engagement:log", args=["candidate", application.candidate_id])
    opened = client.get(url, {"as": "call", "vacancy": application.vacancy_id})
    assert b'name="vacancy"' in opened.content
    client.post(
        url, {"kind": "call", "direction": "outbound", "summary": "Prep", "vacancy": application.vacancy_id}
    )
    foreign = VacancyFactory(client=ClientFactory(owner=outsider, team=outsider.team), owner=outsider)
    client.post(url, {"kind": "call", "direction": "outbound", "summary": "Sneaky", "vacancy": foreign.pk})
    assert Communication.objects.get(summary="Prep").vacancy_id == application.vacancy_id
    assert Communication.objects.get(summary="Sneaky").vacancy_id is None  # not a vacancy they can see
    entries = vacancy_timeline_get(user=recruiter, vacancy=application.vacancy)
    assert "Prep" in [e.detail for e in entries]
