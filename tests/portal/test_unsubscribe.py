"""The one-click unsubscribe page (portal:unsubscribe, RFC 8058; moved from
tests/engagement/test_bulk.py with the page)."""

from __future__ import annotations

from django.urls import reverse

from candidates.models import Consent
from engagement.services.bulk import (
    unsubscribe_token,
)
from tests.engagement.test_bulk import person


def test_the_unsubscribe_page_get_changes_nothing_and_a_tampered_token_is_a_clear_404(recruiter, client):
    alice = person(recruiter)
    token = unsubscribe_token(candidate_id=alice.pk)
    page = client.get(reverse("portal:unsubscribe", args=[token]))
    assert page.status_code == 200 and b"List-Unsubscribe" in page.content  # the button's form
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    for bad in (
        token[:-2] + "xx",
        "nonsense",
        unsubscribe_token(candidate_id=alice.pk, purpose="processing"),
    ):
        response = client.post(reverse("portal:unsubscribe", args=[bad]), {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 404 and b"link-problem" in response.content
    # Any other POST changes nothing.
    assert client.post(reverse("portal:unsubscribe", args=[token]), {"x": "1"}).status_code == 400
    assert Consent.objects.get(candidate=alice, purpose="marketing").withdrawn_at is None
    # The processing consent is untouched by an unsubscribe.
    client.post(reverse("portal:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"})
    assert alice.consents.filter(purpose="processing", withdrawn_at__isnull=True).exists()
    assert not alice.consents.filter(purpose="marketing", withdrawn_at__isnull=True).exists()


def test_the_unsubscribe_page_is_rate_limited_like_every_signed_link_page(recruiter, settings):
    from django.test import Client as HttpClient

    settings.RATE_LIMIT_SIGNED_LINK_TOKEN = "2/h"
    alice = person(recruiter)
    url = reverse("portal:unsubscribe", args=[unsubscribe_token(candidate_id=alice.pk)])
    for address in ("192.0.2.1", "192.0.2.2"):
        assert HttpClient(REMOTE_ADDR=address).get(url).status_code == 200
    refused = HttpClient(REMOTE_ADDR="192.0.2.3").post(url, {"List-Unsubscribe": "One-Click"})
    assert refused.status_code == 429
    assert alice.consents.filter(purpose="marketing", withdrawn_at__isnull=True).exists()
