"""The feedback survey answered once through its signed link, without an account (portal:survey;
moved from tests/engagement/test_cadence_and_feedback.py with the page)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.signing import SignedLinkUsedUp
from engagement.models import FeedbackResponse
from engagement.services.feedback import feedback_requests_send_due, feedback_submit
from tests.engagement.conftest import application, candidate, client_company, contact, move_to, vacancy  # noqa: F401 (fixtures)
from tests.engagement.test_cadence_and_feedback import _token, interviewed, queued  # noqa: F401 (fixtures)


def test_a_survey_link_is_answered_once_without_an_account(client, interviewed, queued):  # noqa: F811
    feedback_requests_send_due()
    token = _token(queued()[0])
    url = reverse("portal:survey", args=[token])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"score": "11"})
    assert bad.status_code == 422
    assert client.post(url, {"score": "9", "comment": "Very helpful"}).status_code == 200
    response = FeedbackResponse.objects.get()
    assert (
        response.score == 9
        and response.stage == "interview"
        and response.client_id == interviewed.vacancy.client_id
    )
    assert client.get(url).status_code == 410
    with pytest.raises(SignedLinkUsedUp):
        feedback_submit(token=token, score=3)
    assert client.get(reverse("portal:survey", args=["not-a-token"])).status_code == 404
