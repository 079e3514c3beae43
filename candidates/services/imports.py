"""CSV import (API.md `POST /candidates/import/`; issue 3 "Import and export").

All or nothing: every row is validated first; a file with any invalid row writes nothing and
reports every problem as `{row, field, message}` (row 1 is the header, so row numbers match what
a spreadsheet shows). Duplicates — an email seen earlier in the file or held by a live candidate —
are skipped and reported, not errors. A dry run does everything but write. Writing is set-based
(COPY through a staging table, derived values computed as each person is inserted), so 10,000
rows take seconds.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from candidates import suppression
from candidates.models import Candidate, CandidateSkill, Consent, ImportJob, Skill
from candidates.normalise import (
    canonical_skill_key,
    name_key,
    normalise_phone,
    normalise_postcode,
    postcode_key,
    split_list,
)
from candidates.services.derived import candidate_insert_from_stage, skills_source_text
from candidates.services.records import (
    PRIVACY_NOTICE_VERSION,
    default_lawful_basis,
    normalise_tags,
    skills_resolve,
)
from core import files
from core.models import User
from core.services import audit_record

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ROWS = 50_000
MAX_REPORTED_ERRORS = 500
BATCH = 1000
STAGE_TABLE = "candidates_import_stage"  # a temporary table, dropped at commit
LOOKUP_BATCH = 5000

REQUIRED_COLUMNS = ("first_name", "last_name")
TEXT_LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "town": 100,
    "current_title": 200,
    "summary": 20_000,
    "source_detail": 200,
    "referrer": 200,
}
INT_FIELDS = ("desired_salary", "desired_day_rate", "notice_period_weeks")
DATE_FIELDS = ("available_from", "availability_confirmed_on", "privacy_notice_sent_on")
CHOICE_FIELDS: dict[str, tuple[list[str], str | None]] = {
    "source": (Candidate.Source.values, Candidate.Source.DATABASE),
    "right_to_work": (Candidate.RightToWork.values, Candidate.RightToWork.UNKNOWN),
    "status": (Candidate.Status.values, Candidate.Status.ACTIVE),
    "lawful_basis": (Candidate.LawfulBasis.values, None),
}
LIST_FIELDS = ("skills", "tags", "employment_types")
KNOWN_COLUMNS = {
    *TEXT_LIMITS,
    *INT_FIELDS,
    *DATE_FIELDS,
    *CHOICE_FIELDS,
    *LIST_FIELDS,
    "email",
    "phone",
    "postcode",
}


class ImportRefused(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    skipped_duplicates: int = 0
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    # Rows for people on the suppression list (erased at their request): flagged, not imported.
    suppressed_rows: list[int] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)


# Read once: the enum's .values builds a new list on every access (a row's cost, issue 10).
EMPLOYMENT_TYPES = tuple(Candidate.EmploymentType.values)


def _parse_date(value: str) -> datetime.date:
    if len(value) == 10 and value[4] == "-":
        try:
            return datetime.date.fromisoformat(value)  # the common case, without strptime's cost
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError("Enter a date as YYYY-MM-DD (or DD/MM/YYYY).")


def _validate_row(raw: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    get = lambda name: (raw.get(name) or "").strip()  # noqa: E731
    for name, limit in TEXT_LIMITS.items():
        value = " ".join(get(name).split()) if name != "summary" else get(name)
        if name in REQUIRED_COLUMNS and not value:
            errors.append((name, "This field is required."))
        elif len(value) > limit:
            errors.append((name, f"At most {limit} characters."))
        values[name] = value
    email = get("email").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(("email", "Enter a valid email address."))
    values["email"] = email
    for name, fn in (("phone", normalise_phone), ("postcode", normalise_postcode)):
        try:
            values[name] = fn(get(name))
        except ValidationError as exc:
            errors.append((name, exc.messages[0]))
    for name in INT_FIELDS:
        text = get(name).replace(",", "").replace("£", "")
        if not text:
            values[name] = None
        elif text.isdigit() and int(text) < 2_000_000_000:
            values[name] = int(text)
        else:
            errors.append((name, "Enter a whole number."))
    for name in DATE_FIELDS:
        text = get(name)
        try:
            values[name] = _parse_date(text) if text else None
        except ValidationError as exc:
            errors.append((name, exc.messages[0]))
    for name, (choices, default) in CHOICE_FIELDS.items():
        text = get(name).lower()
        if not text:
            values[name] = default
        elif text in choices:
            values[name] = text
        else:
            errors.append((name, f"Choose one of: {', '.join(choices)}."))
    if not values.get("lawful_basis"):
        values["lawful_basis"] = default_lawful_basis(values.get("source") or "")
    employment = [item.lower() for item in split_list(get("employment_types"))]
    bad = [item for item in employment if item not in EMPLOYMENT_TYPES]
    if bad:
        errors.append(("employment_types", f"Use {', '.join(EMPLOYMENT_TYPES)}."))
    values["employment_types"] = sorted(set(employment) - set(bad))
    values["tags"] = normalise_tags(split_list(get("tags")))
    values["skills"] = split_list(get("skills"))[:100]
    return values, errors


def _read_rows(upload: IO[bytes]) -> tuple[list[str], list[dict[str, str]]]:
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError("The file is larger than 25 MB; split it into smaller files.")
    # Judged by content (core.files), whatever the file is called: no binaries, pages or programs.
    if b"\x00" in data[:65536] or data[:8].startswith((b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff")):
        raise ValidationError("This is not a CSV file (it contains binary data).")
    if files.is_program_or_markup(data, scan_body=False):
        raise ValidationError("This is not a CSV file (it looks like a web page or a program).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = []
        for row in reader:
            rows.append({k: v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)})
            if len(rows) > MAX_ROWS:
                raise ValidationError(f"At most {MAX_ROWS} rows in one file.")
    except csv.Error:
        raise ValidationError("The file could not be read as CSV.") from None
    if not header:
        raise ValidationError("The file is empty: it needs a header row with candidate field names.")
    return header, rows


def import_csv(
    *,
    actor: User,
    upload: IO[bytes],
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    if actor.team_id is None:
        raise ValidationError("You need to be in a team to import candidates.")
    header, rows = _read_rows(upload)
    errors: list[dict[str, Any]] = []
    for column in header:
        if column not in KNOWN_COLUMNS:
            errors.append({"row": 1, "field": column[:50], "message": "Unknown column."})
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.append({"row": 1, "field": column, "message": "This column is required."})
    if errors:
        raise ImportRefused(errors)
    if not rows:
        raise ImportRefused([{"row": 2, "field": "", "message": "The file has a header but no rows."}])

    report = ImportReport(rows=len(rows))
    valid: list[tuple[int, dict[str, Any]]] = []
    for index, raw in enumerate(rows):
        values, row_errors = _validate_row(raw)
        for name, message in row_errors:
            if len(errors) < MAX_REPORTED_ERRORS:
                errors.append({"row": index + 2, "field": name, "message": message})
        if not row_errors:
            valid.append((index + 2, values))
        if progress and index % 500 == 0:
            progress(index, len(rows))
    if errors:
        raise ImportRefused(errors)

    seen: dict[str, int] = {}
    existing = _live_emails([values["email"] for _, values in valid if values["email"]])
    suppressed = suppression.suppressed_among(
        [(values["email"], values.get("phone", "")) for _, values in valid]
    )
    fresh: list[tuple[int, dict[str, Any]]] = []
    for (row_number, values), is_suppressed in zip(valid, suppressed, strict=True):
        email = values["email"]
        if is_suppressed:
            report.suppressed_rows.append(row_number)
        elif email and email in existing:
            report.duplicates.append({"row": row_number, "existing": existing[email]})
        elif email and email in seen:
            report.duplicates.append({"row": row_number, "duplicate_of_row": seen[email]})
        else:
            if email:
                seen[email] = row_number
            fresh.append((row_number, values))
    report.skipped_duplicates = len(report.duplicates)
    if dry_run:
        report.created = len(fresh)
        return report
    _write(actor=actor, rows=[values for _, values in fresh], report=report, progress=progress)
    return report


def _live_emails(emails: list[str]) -> dict[str, int]:
    """Lower-cased email -> id of the live candidate holding it, looked up in batches.

    The filter repeats the unique constraint's expression and condition (lower(email), not blank,
    not merged, not anonymised), so PostgreSQL answers from that partial index instead of reading
    a million rows; it also finds a live "Jo@X.com" for an imported "jo@x.com"."""
    found: dict[str, int] = {}
    unique = sorted(set(emails))
    for start in range(0, len(unique), LOOKUP_BATCH):
        batch = unique[start : start + LOOKUP_BATCH]
        rows = (
            Candidate.objects.live()
            .exclude(email="")
            .annotate(email_ci=Lower("email"))
            .filter(email_ci__in=batch)
            .order_by()
            .values_list("email_ci", "pk")
        )
        found.update(rows)
    return found


def _skills_by_name(names: set[str]) -> dict[str, list[Skill]]:
    """Each imported skill name -> its Skill, resolved (and created) in one go, not one by one."""
    resolved = skills_resolve(sorted(names))
    by_key: dict[str, Skill] = {}
    for skill in resolved:
        for alias in skill.aliases:
            by_key.setdefault(alias, skill)
    for skill in resolved:
        by_key[skill.key] = skill
    found: dict[str, list[Skill]] = {}
    for name in names:
        match = by_key.get(canonical_skill_key(name))
        if match is not None:
            found[name] = [match]
    return found


def _copy_rows(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    *,
    with_ids: bool,
    into: str = "",
    extra: Sequence[str] = (),
) -> list[int]:
    """Insert plain rows ({attname: value}) with COPY, the fastest way into PostgreSQL.

    bulk_create builds model instances and an INSERT of 30,000 quoted parameters per thousand
    rows, which cost more than the database's work (profiled in issue 10). Fields not given get
    their model default, auto_now(_add) fields the current time. With `with_ids`, ids come from
    the table's sequence first and are returned in order. `into` names another table with the
    same columns (a staging table); `extra` names its further columns, given in every row."""
    if not rows:
        return []
    meta = model._meta
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if with_ids or not f.primary_key]
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif not f.primary_key:
            defaults[f.attname] = f.get_default()
    ids: list[int] = []
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column or "id", len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            for row, pk in zip(rows, ids, strict=True):
                row[meta.pk.attname] = pk
        names = [f.attname for f in fields] + list(extra)
        columns = ", ".join([connection.ops.quote_name(f.column or f.attname) for f in fields] + list(extra))
        table = into or connection.ops.quote_name(meta.db_table)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else defaults[name] for name in names])
    return ids


@transaction.atomic
def _write(
    *,
    actor: User,
    rows: list[dict[str, Any]],
    report: ImportReport,
    progress: Callable[[int, int], None] | None,
) -> None:
    skills = {skill_name for values in rows for skill_name in values["skills"]}
    skill_ids = _skills_by_name(skills)
    now = timezone.now()
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        people = []
        for values in chunk:
            row = {k: v for k, v in values.items() if k != "skills"}
            row.update(
                owner_id=actor.pk,
                team_id=actor.team_id,
                name_key=name_key(row["first_name"], row["last_name"]),
                postcode_key=postcode_key(row["postcode"]),
            )
            people.append(row)
        # The people go to a staging table first; their children next (foreign keys are checked at
        # commit); then one INSERT … SELECT writes each person once with their search vector, text
        # and quality computed on the way in (candidates.services.derived).
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {STAGE_TABLE}"
                " (LIKE candidates_candidate INCLUDING DEFAULTS, import_skills text) ON COMMIT DROP"
            )
            cursor.execute(f"TRUNCATE {STAGE_TABLE}")
        # Each person's skills, in the order their links are written (by skill id), and the
        # search source text they make, staged with the person (derived.skills_source_text).
        person_skills = [
            sorted({s.pk: s for name in values["skills"] for s in skill_ids.get(name, [])}.items())
            for values in chunk
        ]
        for row, resolved in zip(people, person_skills, strict=True):
            row["import_skills"] = skills_source_text((skill.name, skill.aliases) for _, skill in resolved)
        ids = _copy_rows(Candidate, people, with_ids=True, into=STAGE_TABLE, extra=["import_skills"])
        links = [(pk, s) for pk, resolved in zip(ids, person_skills, strict=True) for s, _ in resolved]
        _copy_rows(CandidateSkill, [{"candidate_id": c, "skill_id": s} for c, s in links], with_ids=False)
        _copy_rows(
            Consent,
            [
                {
                    "candidate_id": pk,
                    "purpose": Consent.Purpose.PROCESSING,
                    "lawful_basis": row["lawful_basis"],
                    "given_at": now,
                    "method": Consent.Method.RECORDED,
                    "wording_version": PRIVACY_NOTICE_VERSION,
                    "recorded_by_id": actor.pk,
                }
                for pk, row in zip(ids, people, strict=True)
            ],
            with_ids=False,
        )
        # A CSV row has skills, no work history, qualifications or documents.
        candidate_insert_from_stage(
            STAGE_TABLE,
            [str(f.column) for f in Candidate._meta.concrete_fields],
            children={"skills"},
            staged={"skills": "c.import_skills"},
        )
        report.created_ids.extend(ids)
        if progress:
            progress(start + len(chunk), len(rows))
    report.created = len(report.created_ids)
    audit_record(
        actor=actor,
        action="candidate.imported",
        details={"created": report.created, "skipped_duplicates": report.skipped_duplicates},
    )


# --- Large files: an ImportJob run by Celery, with progress the page polls.


def import_jobs_discard_checked(*, user: User) -> int:
    """A new check replaces the user's earlier unimported ones: their CSVs (personal data) go."""
    stale = list(ImportJob.objects.filter(owner=user, status=ImportJob.Status.CHECKED))
    for job in stale:
        import_job_delete_file(job)
    ImportJob.objects.filter(pk__in=[job.pk for job in stale]).delete()
    return len(stale)


def import_job_delete_file(job: ImportJob) -> None:
    # The uploaded CSV is personal data: once imported it has no reason to be kept.
    if job.file and job.file.name:
        job.file.storage.delete(job.file.name)
        ImportJob.objects.filter(pk=job.pk).update(file="")


@transaction.atomic
def import_job_create(*, actor: User, upload: IO[bytes], total_rows: int) -> ImportJob:
    from django.core.files.base import ContentFile

    upload.seek(0)
    job = ImportJob(owner=actor, team=actor.team, total_rows=total_rows)
    job.file.save("import", ContentFile(upload.read()), save=False)
    job.save()
    from candidates.tasks import run_import

    transaction.on_commit(lambda: run_import.delay(job.pk))
    audit_record(actor=actor, action="candidate.import_queued", obj=job, details={"rows": total_rows})
    return job


@transaction.atomic
def import_job_queue(*, actor: User, job: ImportJob) -> ImportJob:
    """A checked (dry-run) job goes to Celery."""
    from candidates.tasks import run_import

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    transaction.on_commit(lambda: run_import.delay(job.pk))
    audit_record(actor=actor, action="candidate.import_queued", obj=job, details={"rows": job.total_rows})
    return job


def import_job_run(*, job_id: int) -> None:
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status in (ImportJob.Status.FINISHED, ImportJob.Status.FAILED):
        return  # idempotent: a redelivered task does nothing
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    try:
        with job.file.open("rb") as handle:
            report = import_csv(actor=job.owner, upload=handle, progress=progress)
    except ImportRefused as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, errors=exc.errors, finished_at=timezone.now()
        )
        return
    except ValidationError as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors=[{"row": 1, "field": "", "message": m} for m in exc.messages],
            finished_at=timezone.now(),
        )
        return
    import_job_delete_file(job)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FINISHED,
        processed_rows=report.rows,
        created=report.created,
        skipped_duplicates=report.skipped_duplicates,
        errors=report.duplicates[:MAX_REPORTED_ERRORS],
        finished_at=timezone.now(),
    )
