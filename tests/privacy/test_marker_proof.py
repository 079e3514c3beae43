"""The proof (issue 7): a person seeded with a unique marker in every field, document, note and check;
after anonymisation neither `pg_dump` of the whole database nor any file under MEDIA_ROOT holds it."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import time_machine
from django.conf import settings
from django.db import connection
from django.utils import timezone

from privacy.selectors.person import candidate_personal_data_get
from privacy.services.erasure import candidate_anonymise
from tests.privacy.people import PHONE, candidate_with_everything

MARK = "zqxmark"


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


def test_no_marker_survives_anonymisation_in_the_database_dump_or_the_media_directory(
    transactional_db, recruiter, admin_user
):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=800), tick=False):
        candidate, files = candidate_with_everything(owner=recruiter, admin=admin_user, mark=MARK)
    # Seeded properly: the marker is everywhere before.
    before = _pg_dump().lower()
    assert before.count(MARK) > 30 and PHONE[1:] in before
    assert _media_hits() and all(os.path.exists(f) for f in files)

    candidate_anonymise(candidate=candidate, actor=admin_user, reason="erasure_request")

    dump = _pg_dump().lower()
    leftovers = [line[:200] for line in dump.splitlines() if MARK in line]
    assert leftovers == []
    assert PHONE[1:] not in dump and PHONE[4:] not in dump
    assert _media_hits() == []
    assert not any(os.path.exists(f) for f in files)
    candidate.refresh_from_db()
    assert (
        candidate.is_anonymised
        and str(candidate.pk) in candidate_personal_data_get(candidate=candidate).__repr__()
    )
