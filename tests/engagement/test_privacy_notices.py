"""Issue 19, UK GDPR art. 14: sourced candidates are sent the privacy notice within 30 days of
being added or with the first message to them, whichever is first; its version and date are
recorded; "keep my data?" never goes to someone who has not had it."""

from __future__ import annotations

import datetime
from email import message_from_bytes
from typing import Any

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from candidates.models import Candidate, Consent
from core.models import PrivacyNotice
from engagement.models import OutboundEmail
from engagement.services.communications import email_send
from engagement.services.privacy_notices import privacy_notices_send_due
from tests.conftest import wait_for
from tests.factories.candidates import CandidateFactory


def _added(recruiter: Any, days_ago: int, **kwargs: Any) -> Candidate:
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False):
        kwargs.setdefault("source", "job_board")
        return CandidateFactory(owner=recruiter, privacy_notice_version="", **kwargs)


def _notices() -> set[int]:
    return set(OutboundEmail.objects.filter(kind="privacy_notice").values_list("candidate_id", flat=True))


@pytest.mark.django_db
def test_the_daily_task_sends_on_day_25_by_default_and_never_lets_day_30_pass(recruiter):
    day24, day25, day29 = (_added(recruiter, d) for d in (24, 25, 29))
    direct = _added(recruiter, 29, source="direct")  # given the notice on applying (art. 13)
    had = _added(recruiter, 29, privacy_notice_sent_on=datetime.date(2026, 1, 1))
    assert privacy_notices_send_due() == {"sent": 2, "refused": 0}
    assert _notices() == {day25.pk, day29.pk}
    assert not {day24.pk, direct.pk, had.pk} & _notices()
    assert privacy_notices_send_due() == {"sent": 0, "refused": 0}  # queued once, not again


@pytest.mark.django_db
@override_settings(PRIVACY_NOTICE_SEND_AFTER_DAYS=29)
def test_configured_day_29_sends_before_day_30(recruiter):
    day28, day29 = _added(recruiter, 28), _added(recruiter, 29)
    refused = _added(recruiter, 29, email="")
    assert privacy_notices_send_due() == {"sent": 1, "refused": 1}
    assert _notices() == {day29.pk} and day28.pk not in _notices() and refused.pk not in _notices()


@pytest.mark.django_db(transaction=True)
def test_the_first_message_carries_the_notice_first_and_it_is_recorded(celery_worker, smtp, recruiter):
    PrivacyNotice.objects.create(version="2026-2", text="Our newest notice: the controller is us.")
    person = _added(recruiter, 2, first_name="Sam", email="sam@example.test")
    update = email_send(actor=recruiter, template_code="general", candidate=person)
    notice = OutboundEmail.objects.get(kind="privacy_notice", candidate=person)
    assert notice.pk < update.pk and notice.headers == {"X-Privacy-Notice-Version": "2026-2"}
    wait_for(lambda: set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"})
    wait_for(lambda: len(smtp.messages) == 2)
    subjects = {message_from_bytes(m.content)["Subject"] for m in smtp.messages}
    assert "How we use your details" in subjects
    notice_mail = next(
        message_from_bytes(m.content)
        for m in smtp.messages
        if message_from_bytes(m.content)["Subject"] == "How we use your details"
    )
    assert "Our newest notice: the controller is us." in notice_mail.get_payload(decode=True).decode()
    person.refresh_from_db()
    assert (person.privacy_notice_sent_on, person.privacy_notice_version) == (timezone.localdate(), "2026-2")
    email_send(actor=recruiter, template_code="general", candidate=person)
    assert OutboundEmail.objects.filter(kind="privacy_notice").count() == 1  # once only


@pytest.mark.django_db
def test_no_notice_for_people_who_applied_themselves(recruiter):
    person = _added(recruiter, 2, source="careers_site")
    email_send(actor=recruiter, template_code="general", candidate=person)
    assert not _notices()


@pytest.mark.django_db(transaction=True)
def test_keep_my_data_waits_for_the_notice(celery_worker, smtp, recruiter, monkeypatch):
    from privacy.services import retention_notices

    PrivacyNotice.objects.get_or_create(version="2024-1", defaults={"text": "Who we are."})
    person = _added(recruiter, 400, source="direct", email="kim@example.test")
    monkeypatch.setattr(
        retention_notices, "candidate_due_list", lambda on: Candidate.objects.filter(pk=person.pk)
    )
    assert retention_notices.retention_notices_send()["candidates"] == 1
    notice, keep = OutboundEmail.objects.filter(candidate=person).order_by("pk")
    assert (notice.kind, keep.kind) == ("privacy_notice", "keep_data")
    wait_for(lambda: len(smtp.messages) == 2)
    person.refresh_from_db()
    assert person.privacy_notice_sent_on == timezone.localdate()

    # Someone the notice cannot reach is not asked either.
    gone = _added(recruiter, 400, source="direct", email="gone@example.test")
    OutboundEmail.objects.all().delete()
    Candidate.objects.filter(pk=gone.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    monkeypatch.setattr(
        retention_notices, "candidate_due_list", lambda on: Candidate.objects.filter(pk=gone.pk)
    )
    assert retention_notices.retention_notices_send()["candidates"] == 0
    assert not OutboundEmail.objects.filter(candidate=gone).exists()


@pytest.mark.django_db
def test_consent_wording_version_is_the_current_notice(recruiter):
    PrivacyNotice.objects.create(version="2027-1", text="Newer.")
    person = CandidateFactory(owner=recruiter)
    consent = Consent.objects.get(candidate=person, purpose="processing")
    assert consent.wording_version == "2027-1"
