"""Signed-link pages (client shortlist review and its CV download, reg 19 consent, survey, the
interview confirmation, keep my data, the referee's reference form): each opens only with a live link
of its own purpose. Expired, revoked and used-up links get a clear 410 page; unknown, tampered and
other-purpose tokens the same 404 page; never a 500, never data. Every answer is no-store, noindex,
same-origin referrer (core.link_pages)."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from candidates.services import document_upload
from compliance.models import ReferenceRequest
from compliance.selectors.references import REFERENCE_PURPOSE
from core.models import SignedLink
from core.signing import signed_link_create, signed_link_revoke
from engagement.models import FeedbackRequest
from engagement.selectors.feedback import SURVEY_PURPOSE
from engagement.selectors.interview_invites import CONFIRM_PURPOSE as INTERVIEW_CONFIRM
from privacy.services.retention_notices import KEEP_MY_DATA
from tests.candidates.files import make_pdf
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.matching import approved_entry, submission_consent_give
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Interview
from vacancies.selectors.shortlists import SHARE_PURPOSE
from vacancies.selectors.submissions import CONSENT_PURPOSE


@dataclass
class World:
    entry: Any
    application: Any
    feedback_request: Any
    candidate: Any
    interview: Any
    reference_request: Any


@pytest.fixture
def world(recruiter, manager) -> World:
    vacancy = VacancyFactory(client=ClientFactory(owner=recruiter), owner=recruiter)
    candidate = CandidateFactory(owner=recruiter, first_name="Aisha", last_name="Khan")
    entry = approved_entry(vacancy=vacancy, candidate=candidate, reviewer=manager)
    submission_consent_give(vacancy=vacancy, candidate=candidate)  # Conduct Regs reg 19
    document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(make_pdf("cv")), filename="cv.pdf"
    )
    application = ApplicationFactory(vacancy=vacancy, candidate=candidate)
    feedback_request = FeedbackRequest.objects.create(
        application=application,
        stage="interview",
        respondent="candidate",
        client_id=vacancy.client_id,
        owner_id=recruiter.pk,
        team_id=recruiter.team_id,
    )
    interview = Interview.objects.create(
        application=application, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    reference_request = ReferenceRequest.objects.create(
        candidate=candidate,
        referee_name="Grace Hopper",
        referee_email="grace@example.test",
        relationship="Line manager",
        requested_by=recruiter,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return World(
        entry=entry,
        application=application,
        feedback_request=feedback_request,
        candidate=candidate,
        interview=interview,
        reference_request=reference_request,
    )


# page name -> (purpose, the object its link points at, url, a valid POST body)
PAGES = {
    "review": (
        SHARE_PURPOSE,
        lambda w: w.entry.shortlist,
        lambda w, t: reverse("portal:client_review", args=[t]),
        lambda w: {"entry": w.entry.pk, "decision": "interview"},
    ),
    "review_cv": (
        SHARE_PURPOSE,
        lambda w: w.entry.shortlist,
        lambda w, t: reverse("portal:client_review_cv", args=[t, w.entry.pk]),
        None,
    ),
    "consent": (
        CONSENT_PURPOSE,
        lambda w: w.application,
        lambda w, t: reverse("portal:consent_answer", args=[t]),
        lambda w: {"answer": "yes"},
    ),
    "survey": (
        SURVEY_PURPOSE,
        lambda w: w.feedback_request,
        lambda w, t: reverse("portal:survey", args=[t]),
        lambda w: {"score": "9"},
    ),
    "interview": (
        INTERVIEW_CONFIRM,
        lambda w: w.interview,
        lambda w, t: reverse("portal:interview-confirm", args=[t]),
        lambda w: {"answer": "attend"},
    ),
    "reference": (
        REFERENCE_PURPOSE,
        lambda w: w.reference_request,
        lambda w, t: reverse("portal:reference-answer", args=[t]),
        lambda w: {"would_re_employ": "yes", "confirm": "on"},
    ),
    "keep": (
        KEEP_MY_DATA,
        lambda w: w.candidate,
        lambda w, t: reverse("portal:keep_my_data", args=[t]),
        lambda w: {"answer": "keep"},
    ),
}
METHODS = [
    (page, method) for page, spec in PAGES.items() for method in ("get", "post") if method == "get" or spec[3]
]


def link_for(world: World, page: str, *, purpose: str | None = None) -> tuple[SignedLink, str]:
    own_purpose, target, _, _ = PAGES[page]
    return signed_link_create(
        purpose=purpose or own_purpose, obj=target(world), expires_in=datetime.timedelta(days=7), max_uses=1
    )


def open_page(world: World, page: str, token: str, method: str) -> Any:
    _, _, url, body = PAGES[page]
    http = HttpClient()
    if method == "get":
        return http.get(url(world, token))
    return http.post(url(world, token), body(world))


def assert_frame_headers(response: Any) -> None:
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(("page", "method"), METHODS)
def test_a_live_link_opens_its_own_page_with_private_headers(world, page, method):
    _, token = link_for(world, page)
    response = open_page(world, page, token, method)
    assert response.status_code in (200, 302)
    assert_frame_headers(response)


@pytest.mark.parametrize(("page", "method"), METHODS)
@pytest.mark.parametrize("state", ["expired", "revoked", "used"])
def test_dead_links_get_a_clear_410_page(world, page, method, state):
    link, token = link_for(world, page)
    if state == "expired":
        SignedLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif state == "revoked":
        signed_link_revoke(link=link, actor=None)
    else:
        SignedLink.objects.filter(pk=link.pk).update(use_count=1)
    response = open_page(world, page, token, method)
    assert response.status_code == 410
    text = response.content.decode()
    assert {"expired": "expired", "revoked": "withdrawn", "used": "already been used"}[state] in text
    assert "Aisha" not in text and "Khan" not in text
    assert_frame_headers(response)


def tampered(token: str) -> dict[str, str]:
    flipped = ("A" if token[5] != "A" else "B").join((token[:5], token[6:]))
    return {
        "changed": flipped,
        "truncated": token[:-1],
        "extra": token + "x",
        "unknown": "not-a-token",
        "long": "a" * 500,
        "dots": "..%2F..%2Fetc",
    }


@pytest.mark.parametrize(("page", "method"), METHODS)
def test_tampered_unknown_and_other_purpose_tokens_get_the_same_404_page(world, page, method):
    _, token = link_for(world, page)
    other_page = "keep" if page != "keep" else "survey"
    _, other_token = link_for(world, other_page)  # live, but made for another page
    pages = {}
    for name, bad in {**tampered(token), "wrong_purpose": other_token}.items():
        response = open_page(world, page, bad, method)
        assert response.status_code == 404, (name, response.status_code)
        assert_frame_headers(response)
        pages[name] = re.sub(r'[Cc][Ss][Rr][Ff]Token": "\w+"', "", response.content.decode())
        assert "Aisha" not in pages[name]
    assert pages["wrong_purpose"] == pages["unknown"]  # says nothing about the other link
    # nothing was used or answered through a wrong link
    assert SignedLink.objects.filter(use_count__gt=0).count() == 0


@pytest.mark.parametrize("page", list(PAGES))
def test_other_methods_are_refused(world, page):
    _, token = link_for(world, page)
    _, _, url, _ = PAGES[page]
    response = HttpClient().put(url(world, token))
    assert response.status_code == 405
    assert_frame_headers(response)


def test_a_link_whose_record_has_gone_is_a_410_not_a_500(world):
    _, token = link_for(world, "survey")
    FeedbackRequest.objects.filter(pk=world.feedback_request.pk).delete()
    response = HttpClient().get(reverse("portal:survey", args=[token]))
    assert response.status_code == 410 and "no longer available" in response.content.decode()
