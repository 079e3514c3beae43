"""Issue 17 / DESIGN.md "Erasure inside a statutory floor": completing an erasure request for someone
the law still requires records of restricts them at once — out of search, matching, lists, exports
and messages, everything the floor does not need scrubbed — and the sweep anonymises them
completely the day the floor ends. The request shows both dates."""

from __future__ import annotations

import datetime
import os

import time_machine
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, Document, WorkHistory
from compliance.models import ReferenceCheck, RightToWorkCheck
from engagement.models import Communication
from privacy.models import ErasureRequest, SweepRun
from privacy.services.erasure import erasure_complete, erasure_create
from privacy.services.sweep import sweep_run
from tests.factories.candidates import CandidateFactory
from tests.privacy.people import candidate_with_everything
from tests.privacy.test_marker_proof import _media_hits, _pg_dump

MARK = "qzvrestrict"
# Tables whose rows the floor keeps (Conduct Regs Schedules 4/5, right to work): the marker may stay
# there (a kept name, an employer, a referee); anywhere else it must be gone.
KEPT_TABLES = {
    "public.candidates_candidate",
    "public.candidates_workhistory",
    "public.candidates_qualification",
    "public.compliance_righttoworkcheck",
    "public.compliance_referencecheck",
    "public.compliance_referencerequest",  # the referee's answer: the reference's own evidence
    "public.compliance_gapexplanation",
    "public.compliance_vettingnote",
}


def _tables_holding(dump: str, mark: str) -> set[str]:
    tables, current = set(), ""
    for line in dump.splitlines():
        if line.startswith("COPY "):
            current = line.split()[1]
        elif mark in line.lower():
            tables.add(current)
    return tables


def test_inside_the_floor_the_person_is_restricted_scrubbed_and_listed_nowhere(
    transactional_db, recruiter, admin_user, client
):
    candidate, _files = candidate_with_everything(owner=recruiter, admin=admin_user, mark=MARK)
    assert len(_tables_holding(_pg_dump(), MARK)) > len(KEPT_TABLES)
    erasure = erasure_create(actor=admin_user, candidate=candidate, received_on=datetime.date.today())

    erasure_complete(actor=admin_user, request=erasure)

    erasure.refresh_from_db()
    candidate.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.RESTRICTED
    assert candidate.restricted_at is not None and not candidate.is_anonymised
    # Scrubbed now: contact details, the CV and its text, notes, messages, survey answers…
    assert (candidate.email, candidate.phone, candidate.summary, candidate.tags) == ("", "", "", [])
    assert not Document.objects.filter(candidate=candidate, text__icontains=MARK).exists()
    assert not Communication.objects.filter(candidate=candidate, summary__icontains=MARK).exists()
    assert _tables_holding(_pg_dump(), MARK) <= KEPT_TABLES
    assert all(MARK.lower() in hit.lower() or "evidence" in hit for hit in _media_hits())
    assert not any("cv" in os.path.basename(hit).lower() for hit in _media_hits())
    # …kept: what the law needs.
    assert MARK in candidate.first_name.lower()
    assert WorkHistory.objects.filter(candidate=candidate, employer__icontains=MARK).exists()
    assert RightToWorkCheck.objects.filter(candidate=candidate).exists()
    assert ReferenceCheck.objects.filter(candidate=candidate, referee_name__icontains=MARK).exists()
    # Out of every list and search.
    assert not Candidate.objects.live().filter(pk=candidate.pk).exists()
    client.force_login(recruiter)
    page = client.get(reverse("candidates:index"), {"q": candidate.first_name})
    assert reverse("candidates:detail", args=[candidate.pk]) not in page.content.decode()
    assert "0 candidates" in page.content.decode() or "No candidates" in page.content.decode()


def test_the_api_answers_restricted_with_both_dates_then_the_sweep_anonymises_on_the_day(
    api_as, admin_user, recruiter
):
    candidate = CandidateFactory(owner=recruiter)
    Candidate.objects.filter(pk=candidate.pk).update(last_contacted_at=timezone.now())
    erasure = erasure_create(actor=admin_user, candidate=candidate, received_on=datetime.date.today())
    response = api_as(admin_user).post(f"/api/v1/privacy/erasure-requests/{erasure.pk}/complete/")
    assert response.status_code == 200, response.content
    body = response.json()
    floor_ends = datetime.date.today() + relativedelta(years=1)
    assert body["status"] == "restricted" and body["restricted_at"]
    assert body["anonymise_on"] == floor_ends.isoformat()
    assert (
        api_as(admin_user).post(f"/api/v1/privacy/erasure-requests/{erasure.pk}/complete/").status_code == 409
    )
    # The day before the floor ends, the sweep leaves them; the day after, it anonymises them.
    with time_machine.travel(floor_ends - datetime.timedelta(days=2)):
        sweep_run(run=SweepRun.objects.create())
    candidate.refresh_from_db()
    assert not candidate.is_anonymised
    with time_machine.travel(floor_ends + datetime.timedelta(days=1)):
        sweep_run(run=SweepRun.objects.create())
    candidate.refresh_from_db()
    erasure.refresh_from_db()
    assert candidate.is_anonymised and erasure.status == ErasureRequest.Status.COMPLETED


def test_outside_any_floor_the_request_completes_at_once(api_as, admin_user, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    erasure = erasure_create(actor=admin_user, candidate=candidate, received_on=datetime.date.today())
    response = api_as(admin_user).post(f"/api/v1/privacy/erasure-requests/{erasure.pk}/complete/")
    assert response.status_code == 200 and response.json()["status"] == "completed"
    candidate.refresh_from_db()
    assert candidate.is_anonymised


def test_the_erasure_page_says_what_will_happen_and_then_shows_both_dates(client, admin_user, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    Candidate.objects.filter(pk=candidate.pk).update(last_contacted_at=timezone.now())
    erasure = erasure_create(actor=admin_user, candidate=candidate, received_on=datetime.date.today())
    client.force_login(admin_user)
    url = reverse("privacy:erasure", args=[erasure.pk])
    before = client.get(url).content.decode()
    assert "restrict now, anonymise when the floor ends" in before
    done = client.post(url, {"action": "complete"}, follow=True).content.decode()
    assert "Restricted on" in done and "Anonymised completely on" in done
    ends = datetime.date.today() + relativedelta(years=1)
    assert f"{ends.day} {ends:%b %Y}" in done
