"""Issue 17: every `next` goes through url_has_allowed_host_and_scheme (core.http.safe_next)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.candidates import CandidateFactory

EVIL = ["/\\evil.com", "//evil.com", "https://evil.com/x", "https:evil.com", "\\\\evil.com", "/\t/evil.com"]


@pytest.mark.parametrize("target", EVIL)
def test_compliance_record_pages_never_redirect_off_site(client, recruiter, target):
    candidate = CandidateFactory(owner=recruiter)
    client.force_login(recruiter)
    url = reverse("compliance:gap-explain", args=[candidate.pk])
    response = client.post(url, {"prefix": "gap-1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("compliance:candidate", args=[candidate.pk])


def test_compliance_record_pages_follow_a_local_next(client, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    client.force_login(recruiter)
    back = reverse("candidates:detail", args=[candidate.pk])
    response = client.post(
        reverse("compliance:gap-explain", args=[candidate.pk]), {"prefix": "gap-1", "next": back}
    )
    assert response["Location"] == back


@pytest.mark.parametrize("target", EVIL)
def test_bulk_tagging_never_redirects_off_site(client, recruiter, target):
    client.force_login(recruiter)
    response = client.post(reverse("candidates:bulk-tag"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:index")
