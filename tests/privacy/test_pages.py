"""The Privacy area (admins only), the "keep my data?" link and the owner's hold."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from candidates import privacy_seam
from candidates.models import Candidate
from candidates.services import candidate_create
from candidates.services.imports import import_csv
from privacy.models import RetentionReview, SuppressionEntry, SuppressionOverride
from privacy.services.erasure import candidate_anonymise
from privacy.services.holds import legal_hold_place
from privacy.services.retention_notices import retention_notices_send
from privacy.services.subject_access import sar_create
from tests.factories.candidates import CandidateFactory
from tests.factories.privacy import old_candidate

pytestmark = pytest.mark.django_db


def _as(user) -> HttpClient:
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    return http


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin_user", 200),
        ("recruiter", 403),
        ("manager", 403),
        ("compliance_officer", 403),
        ("anonymous", 302),
    ],
)
def test_privacy_area_is_for_admins_only(request, persona, expected):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    assert _as(user).get(reverse("privacy:index")).status_code == expected


def test_privacy_page_shows_due_sweeps_requests_holds_and_suppression(
    admin_user, recruiter, django_assert_max_num_queries
):
    due = old_candidate(owner=recruiter, days=40, first_name="Dueperson")
    legal_hold_place(actor=admin_user, candidate=CandidateFactory(owner=recruiter), reason="Fee dispute")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=60), tick=False):
        sar_create(actor=admin_user, candidate=due, received_on=datetime.date.today())
    http = _as(admin_user)
    http.get(reverse("privacy:index"))
    with django_assert_max_num_queries(25):
        page = http.get(reverse("privacy:index")).content.decode()
    assert "Dueperson" in page and "Fee dispute" in page and "days overdue" in page
    for _ in range(5):
        old_candidate(owner=recruiter, days=40)
    with django_assert_max_num_queries(25):
        assert http.get(reverse("privacy:index")).status_code == 200


def test_admin_edits_a_policy_and_queues_a_sweep_from_the_page(
    admin_user, django_capture_on_commit_callbacks
):
    http = _as(admin_user)
    http.get(reverse("privacy:index"))
    from privacy.models import RetentionPolicy, SweepRun

    policy = RetentionPolicy.objects.get(category="talent_pool")
    prefix = f"p{policy.pk}"
    response = http.post(
        reverse("privacy:policy", args=[policy.pk]),
        {f"{prefix}-keep_for_days": "0", f"{prefix}-notify_before_days": "30"},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.keep_for_days == 730
    http.post(
        reverse("privacy:policy", args=[policy.pk]),
        {f"{prefix}-keep_for_days": "400", f"{prefix}-notify_before_days": "30", f"{prefix}-is_active": "on"},
    )
    policy.refresh_from_db()
    assert policy.keep_for_days == 400
    with django_capture_on_commit_callbacks(execute=False):
        assert http.post(reverse("privacy:sweep"), {"dry_run": "1"}).status_code == 302
    assert SweepRun.objects.get().dry_run is True


def test_request_pages_pause_extend_and_complete(admin_user, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    http = _as(admin_user)
    bad = http.post(reverse("privacy:sar_create"), {"candidate": "99999", "received_on": "2026-01-01"})
    assert bad.status_code == 400 and "No live candidate" in bad.content.decode()
    response = http.post(
        reverse("privacy:sar_create"), {"candidate": candidate.pk, "received_on": "2026-01-01"}
    )
    sar_url = response["Location"]
    http.post(sar_url, {"action": "pause"})
    http.post(sar_url, {"action": "resume"})
    assert http.post(sar_url, {"action": "extend", "reason": ""}).status_code == 400
    http.post(sar_url, {"action": "extend", "reason": "Complex request"})
    page = http.get(sar_url).content.decode()
    assert "Complex request" in page
    assert (
        http.get(reverse("privacy:sar_download", args=[re.findall(r"\d+", sar_url)[-1]])).status_code == 404
    )
    response = http.post(
        reverse("privacy:erasure_create"), {"candidate": candidate.pk, "received_on": "2026-01-01"}
    )
    erasure_url = response["Location"]
    assert "never sent to a client" in http.get(erasure_url).content.decode()
    http.post(erasure_url, {"action": "complete"})
    candidate.refresh_from_db()
    assert candidate.is_anonymised


def test_candidate_privacy_page_places_and_releases_a_legal_hold(admin_user, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    http = _as(admin_user)
    url = reverse("privacy:candidate", args=[candidate.pk])
    assert http.post(url, {"action": "hold", "reason": ""}).status_code == 400
    http.post(url, {"action": "hold", "reason": "Solicitor's letter"})
    page = http.get(url).content.decode()
    assert "On legal hold" in page and "Solicitor&#x27;s letter" in page
    http.post(url, {"action": "anonymise"})
    candidate.refresh_from_db()
    assert not candidate.is_anonymised
    http.post(url, {"action": "release"})
    http.post(url, {"action": "anonymise"})
    candidate.refresh_from_db()
    assert candidate.is_anonymised


def test_owner_digest_7_days_ahead_and_hold_needs_a_reason(recruiter, outsider):
    candidate = old_candidate(owner=recruiter, days=25)
    retention_notices_send()
    digest = [m for m in mail.outbox if m.to == [recruiter.email]]
    assert digest and reverse("privacy:hold", args=[candidate.pk]) in digest[0].body
    url = reverse("privacy:hold", args=[candidate.pk])
    assert _as(outsider).get(url).status_code == 404
    assert _as(recruiter).post(url, {"reason": ""}).status_code == 400
    assert _as(recruiter).post(url, {"reason": "Strong candidate for Q3 roles"}).status_code == 302
    review = RetentionReview.objects.get(candidate=candidate)
    assert review.hold_reason and review.keep_until


def test_erased_person_is_flagged_on_create_and_import(recruiter, admin_user):
    candidate = CandidateFactory(owner=recruiter, email="Erased@Example.test", phone="+447700900555")
    candidate_anonymise(candidate=candidate, actor=admin_user)
    assert SuppressionEntry.objects.count() == 2
    assert "erased@example.test" not in str(list(SuppressionEntry.objects.values_list("digest", flat=True)))
    assert privacy_seam.suppression_check(email="erased@example.test ", phone="")
    with pytest.raises(privacy_seam.SuppressedPerson):
        candidate_create(
            actor=recruiter, first_name="A", last_name="B", email="erased@example.test", source="job_board"
        )
    again = candidate_create(
        actor=recruiter,
        first_name="A",
        last_name="B",
        phone="07700 900555",
        source="direct",
        suppression_reason="They applied again themselves",
    )
    assert SuppressionOverride.objects.get().candidate == again
    csv = (
        b"first_name,last_name,email,source\n"
        b"C,D,erased@example.test,job_board\nE,F,new@example.test,job_board\n"
    )
    report = import_csv(actor=recruiter, upload=io.BytesIO(csv))
    assert report.suppressed_rows == [2] and report.created == 1
    assert not Candidate.objects.filter(first_name="C").exists()


def test_suppressed_create_through_the_api_and_page_asks_for_a_reason(api_as, recruiter, admin_user):
    candidate_anonymise(
        candidate=CandidateFactory(owner=recruiter, email="gone@example.test"), actor=admin_user
    )
    body = {"first_name": "G", "last_name": "H", "email": "gone@example.test", "source": "job_board"}
    refused = api_as(recruiter).post("/api/v1/candidates/", body, format="json")
    assert refused.status_code == 400 and "suppression_reason" in refused.json()
    page = _as(recruiter).post(
        reverse("candidates:create"),
        {
            **body,
            "status": "active",
            "right_to_work": "unknown",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
            "quals-TOTAL_FORMS": "0",
            "quals-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 400 and "suppression list" in page.content.decode()
    ok = api_as(recruiter).post(
        "/api/v1/candidates/", {**body, "suppression_reason": "Re-applied"}, format="json"
    )
    assert ok.status_code == 201


def test_legal_hold_is_visible_on_the_candidate_record(admin_user, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    url = reverse("candidates:detail", args=[candidate.pk])
    assert "On legal hold" not in _as(recruiter).get(url).content.decode()
    legal_hold_place(actor=admin_user, candidate=candidate, reason="Tribunal claim")
    assert "On legal hold since" in _as(recruiter).get(url).content.decode()
    assert reverse("privacy:candidate", args=[candidate.pk]) in _as(admin_user).get(url).content.decode()
