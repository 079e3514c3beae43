"""The proof (issue 7): a person seeded with a unique marker in every field, document, note and check;
after anonymisation neither `pg_dump` of the whole database nor any file under MEDIA_ROOT holds it."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
from pathlib import Path

import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from candidates.models import Candidate, DiversityRecord
from candidates.services import consent_record, document_extract_text, document_upload
from compliance.services import gap_explanation_record, vetting_note_record
from privacy import engine, services
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.compliance import DBSCheckFactory, ReferenceCheckFactory, RightToWorkCheckFactory
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies import pipeline

MARK = "zqxmark"
PHONE = "+447700900987"


def _pg_dump() -> str:
    try:
        import pgserver

        binary = str(Path(pgserver.__file__).parent / "pginstall" / "bin" / "pg_dump")
    except ImportError:  # pragma: no cover - DATABASE_URL pointing at a real server
        binary = shutil.which("pg_dump") or "pg_dump"
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db["PASSWORD"] or "")}
    args = [
        binary,
        "--no-owner",
        "-U",
        db["USER"],
        "-h",
        db["HOST"] or "localhost",
        "-p",
        str(db["PORT"] or 5432),
    ]
    result = subprocess.run([*args, db["NAME"]], env=env, capture_output=True, check=True, timeout=120)
    return result.stdout.decode("utf-8", "replace")


def _media_hits() -> list[str]:
    hits = []
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                if MARK.encode() in handle.read().lower() or MARK in name.lower():
                    hits.append(path)
    return hits


def _seed(recruiter, admin_user) -> tuple[Candidate, list[str]]:
    m = MARK
    candidate = CandidateFactory(
        owner=recruiter,
        first_name=f"{m.title()}first",
        last_name=f"{m.title()}last",
        email=f"{m}.email@example.test",
        phone=PHONE,
        postcode="ZE2 9QQ",
        town=f"{m}town",
        current_title=f"{m} title",
        summary=f"{m} summary of a career",
        source_detail=f"{m} board",
        referrer=f"{m} referrer",
        tags=[f"{m}tag"],
        skills=["Python"],
        work_history=[{"employer": f"{m} employer", "title": f"{m} role", "summary": f"{m} did things"}],
        qualifications=[{"name": f"{m} degree", "institution": f"{m} university"}],
    )
    document = document_upload(
        actor=recruiter,
        candidate=candidate,
        upload=SimpleUploadedFile(f"{m}-cv.txt", f"{m} curriculum vitae text".encode()),
        filename=f"{m}-cv.txt",
    )
    document_extract_text(document_id=document.pk)
    consent_record(
        actor=recruiter, candidate=candidate, purpose="marketing", method="email", evidence=f"{m} evidence"
    )
    DiversityRecord.objects.create(
        candidate=candidate, sex=f"{m}sex", ethnicity=f"{m}eth", religion=f"{m}rel"
    )
    application = ApplicationFactory(
        vacancy=VacancyFactory(client=ClientFactory(owner=recruiter)), candidate=candidate
    )
    pipeline.interview_create(
        actor=recruiter, application=application, starts_at=timezone.now(), feedback=f"{m} interview feedback"
    )
    pipeline.offer_create(actor=recruiter, application=application, counter_offer_note=f"{m} counter offer")
    pipeline.application_move(
        actor=recruiter, application=application, stage="withdrawn", reason=f"{m} withdrew"
    )
    RightToWorkCheckFactory(
        candidate=candidate,
        evidence=io.BytesIO(f"%PDF-1.4 {m} passport".encode()),
        evidence_filename=f"{m}-pp.pdf",
    )
    DBSCheckFactory(candidate=candidate)  # images are not kept by default (DBS code of practice)
    ReferenceCheckFactory(
        candidate=candidate,
        referee_name=f"{m} referee",
        referee_email=f"{m}.ref@example.test",
        organisation=f"{m} org",
    )
    today = datetime.date.today()
    gap_explanation_record(
        actor=recruiter,
        candidate=candidate,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=300),
        explanation=f"{m} travelling",
    )
    vetting_note_record(
        actor=recruiter,
        candidate=candidate,
        covers="references",
        steps_taken=f"{m} phoned the previous employer and confirmed dates",
    )
    services.owner_hold(actor=recruiter, candidate=candidate, reason=f"{m} hold reason")
    sar = services.sar_create(actor=admin_user, candidate=candidate, received_on=today)
    sar = services.sar_build_export(sar_id=sar.pk)
    return candidate, [sar.export_file.path]


def test_no_marker_survives_anonymisation_in_the_database_dump_or_the_media_directory(
    transactional_db, recruiter, admin_user
):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=800), tick=False):
        candidate, files = _seed(recruiter, admin_user)
    # Seeded properly: the marker is everywhere before.
    before = _pg_dump().lower()
    assert before.count(MARK) > 30 and PHONE[1:] in before
    assert _media_hits() and all(os.path.exists(f) for f in files)

    engine.candidate_anonymise(candidate=candidate, actor=admin_user, reason="erasure_request")

    dump = _pg_dump().lower()
    leftovers = [line[:200] for line in dump.splitlines() if MARK in line]
    assert leftovers == []
    assert PHONE[1:] not in dump and PHONE[4:] not in dump
    assert _media_hits() == []
    assert not any(os.path.exists(f) for f in files)
    candidate.refresh_from_db()
    assert candidate.is_anonymised and str(candidate.pk) in engine.export_candidate(candidate).__repr__()
