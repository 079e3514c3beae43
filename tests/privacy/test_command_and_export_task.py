"""`manage.py retention_sweep [--dry-run]`, and the subject-access ZIP built on a real worker."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from candidates.models import Candidate
from core.models import AccessLog
from privacy.models import SubjectAccessRequest, SweepRun
from privacy.services.subject_access import sar_create
from tests.conftest import wait_for
from tests.factories.candidates import CandidateFactory
from tests.factories.privacy import old_candidate


def test_retention_sweep_command_dry_run_then_real(db, recruiter):
    candidate = old_candidate(owner=recruiter, days=40)
    out = io.StringIO()
    call_command("retention_sweep", "--dry-run", stdout=out)
    assert "would anonymise 1" in out.getvalue()
    assert not Candidate.objects.get(pk=candidate.pk).is_anonymised
    call_command("retention_sweep", stdout=out)
    assert "anonymised 1" in out.getvalue()
    assert Candidate.objects.get(pk=candidate.pk).is_anonymised
    assert [r.trigger for r in SweepRun.objects.order_by("pk")] == ["command", "command"]


def test_export_is_built_by_the_worker_and_every_download_is_logged(celery_worker, recruiter, admin_user):
    candidate = CandidateFactory(owner=recruiter)
    sar = sar_create(actor=admin_user, candidate=candidate, received_on=datetime.date.today())
    http = HttpClient()
    http.force_login(admin_user)
    http.post(reverse("privacy:sar", args=[sar.pk]), {"action": "export"})
    wait_for(lambda: SubjectAccessRequest.objects.get(pk=sar.pk).export_status == "ready", timeout=30)
    for _ in range(2):
        response = http.get(reverse("privacy:sar_download", args=[sar.pk]))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        b"".join(response.streaming_content)
    assert AccessLog.objects.filter(action="download", object_id=sar.pk).count() == 2
    http.force_login(recruiter)
    assert http.get(reverse("privacy:sar_download", args=[sar.pk])).status_code == 403
