""" "Shall we keep your details?": the email 30 days ahead and the candidate's answer through its
single-use link (portal:keep_my_data; moved from tests/privacy/test_pages.py with the page)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from core.models import SignedLink
from engagement.models import OutboundEmail
from engagement.services.emails import email_address
from privacy.models import ErasureRequest, RetentionReview
from privacy.selectors.due import candidate_due_list
from privacy.services.retention_notices import KEEP_MY_DATA, retention_notices_send
from tests.factories.privacy import old_candidate

pytestmark = pytest.mark.django_db


def test_keep_my_data_email_30_days_ahead_and_yes_extends(recruiter):
    # Sourced 5 days ago, never notified: due at 30 days, so inside the 30-day notice window now.
    candidate = old_candidate(owner=recruiter, days=5, email="kim@example.test")
    sent = retention_notices_send()
    assert sent["candidates"] == 1
    assert retention_notices_send()["candidates"] == 0  # idempotent
    # Queued through the one door (email_queue, kind "keep_data", automatic): the worker sends it.
    email = OutboundEmail.objects.get(candidate=candidate)
    assert (email.kind, email.owner_id, email_address(email)) == (
        "keep_data",
        recruiter.pk,
        "kim@example.test",
    )
    body = email.body
    assert "kim@example.test" not in body
    link = re.search(r"http\S+/privacy/keep/(\S+)/", body)
    assert link is not None
    url = reverse("portal:keep_my_data", args=[link.group(1)])
    http = HttpClient()
    assert http.get(url).status_code == 200
    assert http.post(url, {"answer": "perhaps"}).status_code == 400
    assert http.post(url, {"answer": "keep"}).status_code == 200
    assert RetentionReview.objects.get(candidate=candidate).keep_until is not None
    assert http.post(url, {"answer": "keep"}).status_code == 410  # single use
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40), tick=False):
        assert not candidate_due_list().filter(pk=candidate.pk).exists()


def test_keep_my_data_no_opens_an_erasure_request(recruiter):
    candidate = old_candidate(owner=recruiter, days=5)
    from core.signing import signed_link_create

    _, token = signed_link_create(purpose=KEEP_MY_DATA, obj=candidate, expires_in=datetime.timedelta(days=30))
    HttpClient().post(reverse("portal:keep_my_data", args=[token]), {"answer": "remove"})
    assert ErasureRequest.objects.get(candidate=candidate).source == "keep_my_data"
    assert HttpClient().get(reverse("portal:keep_my_data", args=["nonsense"])).status_code == 404
    assert SignedLink.objects.count() == 1
