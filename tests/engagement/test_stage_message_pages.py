"""Issue 19 pages: Service → "Waiting to send" (constant queries), one message (edit keeps what was
typed on an error), send now / cancel, the record panels, and Agency settings → Privacy notice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent, PrivacyNotice
from core.selectors import privacy_notice_current
from engagement.models import StageMessage
from tests.factories.candidates import CandidateFactory
from vacancies.services.pipeline import application_create, application_move

pytestmark = pytest.mark.django_db


def _shortlist(recruiter, vacancy, n: int) -> list[StageMessage]:
    for _ in range(n):
        person = CandidateFactory(owner=recruiter)
        app = application_create(actor=recruiter, vacancy=vacancy, candidate=person)
        application_move(actor=recruiter, application=app, stage="shortlisted")
    return list(StageMessage.objects.order_by("pk"))


def test_waiting_page_lists_the_teams_messages_in_constant_queries(
    client, recruiter, outsider, vacancy, django_assert_max_num_queries
):
    first = _shortlist(recruiter, vacancy, 2)
    client.force_login(recruiter)
    url = reverse("engagement:stage-messages")
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        page = client.get(url)
    assert page.status_code == 200 and f'id="stage-message-{first[0].pk}"'.encode() in page.content
    _shortlist(recruiter, vacancy, 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    client.force_login(outsider)
    assert f'id="stage-message-{first[0].pk}"'.encode() not in client.get(url).content
    detail = reverse("engagement:stage-message", args=[first[0].pk])
    assert client.get(detail).status_code == 404
    assert client.post(reverse("engagement:stage-message-send", args=[first[0].pk])).status_code == 404


def test_edit_errors_keep_what_was_typed_then_save_send_and_cancel(client, recruiter, vacancy, mailoutbox):
    message, other = _shortlist(recruiter, vacancy, 2)
    client.force_login(recruiter)
    url = reverse("engagement:stage-message", args=[message.pk])
    bad = client.post(url, {"subject": "", "body": "Kept text here"})
    assert bad.status_code == 400 and b"Kept text here" in bad.content and b"field-error" in bad.content
    saved = client.post(url, {"subject": "New subject", "body": "New body"})
    assert saved.status_code == 302
    message.refresh_from_db()
    assert (message.subject, message.body) == ("New subject", "New body")
    sent = client.post(reverse("engagement:stage-message-send", args=[message.pk]), follow=True)
    assert b"Sent" in sent.content
    message.refresh_from_db()
    assert message.status == "sent" and message.email.subject == "New subject"
    client.post(reverse("engagement:stage-message-cancel", args=[other.pk]))
    other.refresh_from_db()
    assert other.status == "cancelled"
    again = client.post(reverse("engagement:stage-message-cancel", args=[other.pk]), follow=True)
    assert b"no longer waiting" in again.content  # a clear answer, not a 500
    panel = client.get(
        reverse("engagement:stage-messages-panel", args=["application", message.application_id])
    )
    assert f'id="stage-message-{message.pk}"'.encode() in panel.content
    panel = client.get(reverse("engagement:stage-messages-panel", args=["candidate", other.candidate_id]))
    assert f'id="stage-message-{other.pk}"'.encode() in panel.content


def test_admin_publishes_a_new_privacy_notice_version(client, admin_user, recruiter):
    client.force_login(recruiter)
    url = reverse("agency-privacy-notice")
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200 and privacy_notice_current().version.encode() in page.content
    old = privacy_notice_current()
    clash = client.post(url, {"version": old.version, "text": "Typed text stays"})
    assert clash.status_code == 400 and b"Typed text stays" in clash.content
    done = client.post(url, {"version": "2027-1", "text": "We are the controller. Your rights: ..."})
    assert done.status_code == 302
    assert privacy_notice_current().version == "2027-1"
    assert PrivacyNotice.objects.get(pk=old.pk).text == old.text  # never edited: a new row
    event = AuditEvent.objects.get(action="privacy_notice.published")
    assert event.details == {"version": "2027-1"}
