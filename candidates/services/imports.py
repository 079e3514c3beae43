"""CSV import (API.md `POST /candidates/import/`; issue 3 "Import and export").

All or nothing: every row is validated first; a file with any invalid row writes nothing and
reports every problem as `{row, field, value, message}` (row 1 is the header, so row numbers match
what a spreadsheet shows; `value` is what the cell held, cut to VALUE_SHOWN characters). A choice
column takes the code or the label the screens show, in any case
(candidates.services.import_columns); a row whose first cell starts with `#` is a note (the
template's guide row) and is skipped. Duplicates — an email seen earlier in the file or held by a
live candidate — are skipped and reported, not errors. A dry run does everything but write.
Writing is set-based (candidates.services.import_writes); a big file runs in Celery
(candidates.services.import_jobs).

The columns, and how each is read, come from the Candidate's one field list
(candidates.models.fields: `typed`); nothing here names a column the declaration does not.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models.functions import Lower

from candidates import privacy_seam
from candidates.models import Candidate
from candidates.models.fields import IMPORT_COLUMNS, CandidateField, Typed, typed_fields
from candidates.normalise import normalise_phone, normalise_postcode, split_list
from candidates.selectors import candidate_ids_visible
from candidates.services.import_columns import GUIDE_MARK, choice_help, choice_key, choice_lookup
from candidates.services.import_writes import import_rows_write
from candidates.services.records import candidate_default_lawful_basis, candidate_tags_normalise
from core import files
from core.models import User
from core.services import audit_record

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ROWS = 50_000
MAX_REPORTED_ERRORS = 500
LOOKUP_BATCH = 5000
PROSE_LIMIT = 20_000  # a summary: longer than anyone types, shorter than a pasted CV
VALUE_SHOWN = 100  # of a rejected cell, in the error report


def _model_field(name: str) -> models.Field[Any, Any]:
    found = Candidate._meta.get_field(name)
    assert isinstance(found, models.Field), name
    return found


def _text_limit(declared: CandidateField) -> int:
    if declared.typed is Typed.PROSE:
        return PROSE_LIMIT
    limit = _model_field(declared.name).max_length
    assert limit is not None, declared.name
    return limit


def _choices(declared: CandidateField) -> tuple[dict[str, str], str | None, str]:
    """The column's spellings -> codes, its value when empty (the declared import default, else
    the model's) and the message naming what it takes."""
    model_field = _model_field(declared.name)
    default = declared.import_default
    if default is None and model_field.has_default():
        default = str(model_field.get_default())
    message = f"Choose one of: {choice_help(declared.name)}."
    return choice_lookup(declared.name), default, message


# Read from the declaration once, at start-up: validating a row is a loop over these (issue 10).
KNOWN_COLUMNS = frozenset(IMPORT_COLUMNS)
TEXT_LIMITS = {f.name: _text_limit(f) for f in typed_fields(Typed.TEXT, Typed.PROSE)}
ONE_LINE_COLUMNS = frozenset(f.name for f in typed_fields(Typed.TEXT))  # runs of spaces collapsed
REQUIRED_COLUMNS = tuple(name for name in TEXT_LIMITS if not _model_field(name).blank)
EMAIL_FIELDS = tuple(f.name for f in typed_fields(Typed.EMAIL))
NORMALISED_FIELDS: dict[str, Callable[[str], str]] = {
    f.name: normalise_phone if f.typed is Typed.PHONE else normalise_postcode
    for f in typed_fields(Typed.PHONE, Typed.POSTCODE)
}
INT_FIELDS = tuple(f.name for f in typed_fields(Typed.NUMBER))
DATE_FIELDS = tuple(f.name for f in typed_fields(Typed.DATE))
CHOICE_FIELDS = {f.name: _choices(f) for f in typed_fields(Typed.CHOICE)}


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
EMPLOYMENT_TYPES = choice_lookup("employment_types")
EMPLOYMENT_TYPES_MESSAGE = f"Use {choice_help('employment_types')}, separated by ;."


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
    """The row's values, and its problems as (column, message); the report adds the cell."""
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    get = lambda name: (raw.get(name) or "").strip()  # noqa: E731
    for name, limit in TEXT_LIMITS.items():
        value = " ".join(get(name).split()) if name in ONE_LINE_COLUMNS else get(name)
        if name in REQUIRED_COLUMNS and not value:
            errors.append((name, "This field is required."))
        elif len(value) > limit:
            errors.append((name, f"At most {limit} characters."))
        values[name] = value
    for name in EMAIL_FIELDS:
        email = get(name).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append((name, "Enter a valid email address."))
        values[name] = email
    for name, fn in NORMALISED_FIELDS.items():
        try:
            values[name] = fn(get(name))
        except ValidationError as exc:
            errors.append((name, exc.messages[0]))
    for name in INT_FIELDS:
        text = get(name).replace(",", "").replace("£", "")
        if not text:
            values[name] = None
        elif text.isascii() and text.isdigit() and len(text) <= 10 and int(text) < 2_000_000_000:
            values[name] = int(text)
        else:
            errors.append((name, "Enter a whole number."))
    for name in DATE_FIELDS:
        text = get(name)
        try:
            values[name] = _parse_date(text) if text else None
        except ValidationError as exc:
            errors.append((name, exc.messages[0]))
    for name, (lookup, default, message) in CHOICE_FIELDS.items():
        text = get(name)
        if not text:
            values[name] = default
        elif (code := lookup.get(choice_key(text))) is not None:
            values[name] = code
        else:
            errors.append((name, message))
    if not values.get("lawful_basis"):
        values["lawful_basis"] = candidate_default_lawful_basis(values.get("source") or "")
    employment = [EMPLOYMENT_TYPES.get(choice_key(item)) for item in split_list(get("employment_types"))]
    if None in employment:
        errors.append(("employment_types", EMPLOYMENT_TYPES_MESSAGE))
    values["employment_types"] = sorted({item for item in employment if item is not None})
    values["tags"] = candidate_tags_normalise(split_list(get("tags")))
    values["desired_roles"] = split_list(get("desired_roles"))
    values["desired_locations"] = split_list(get("desired_locations"))
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
            errors.append(
                {"row": 1, "field": column[:50], "value": column[:VALUE_SHOWN], "message": "Unknown column."}
            )
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.append({"row": 1, "field": column, "value": "", "message": "This column is required."})
    if errors:
        raise ImportRefused(errors)
    if not rows:
        raise ImportRefused(
            [{"row": 2, "field": "", "value": "", "message": "The file has a header but no rows."}]
        )

    notes = {i for i, raw in enumerate(rows) if (raw.get(header[0]) or "").lstrip().startswith(GUIDE_MARK)}
    report = ImportReport(rows=len(rows) - len(notes))
    if not report.rows:
        raise ImportRefused(
            [{"row": 2, "field": "", "value": "", "message": "The file has a header but no people."}]
        )
    valid: list[tuple[int, dict[str, Any]]] = []
    for index, raw in enumerate(rows):
        if index in notes:
            continue
        values, row_errors = _validate_row(raw)
        for name, message in row_errors:
            if len(errors) < MAX_REPORTED_ERRORS:
                cell = (raw.get(name) or "").strip()[:VALUE_SHOWN]
                errors.append({"row": index + 2, "field": name, "value": cell, "message": message})
        if not row_errors:
            valid.append((index + 2, values))
        if progress and index % 500 == 0:
            progress(index, len(rows))
    if errors:
        raise ImportRefused(errors)

    seen: dict[str, int] = {}
    existing = _live_emails([values["email"] for _, values in valid if values["email"]])
    suppressed = privacy_seam.suppression_check_many(
        people=[(values["email"], values.get("phone", "")) for _, values in valid]
    )
    # A clash with another team's record is reported without its id (API.md "Duplicates across teams").
    visible = candidate_ids_visible(user=actor, ids=existing.values())
    fresh: list[tuple[int, dict[str, Any]]] = []
    for (row_number, values), is_suppressed in zip(valid, suppressed, strict=True):
        email = values["email"]
        if is_suppressed:
            report.suppressed_rows.append(row_number)
        elif email and email in existing:
            held = existing[email] in visible
            report.duplicates.append(
                {
                    "row": row_number,
                    "existing": existing[email] if held else None,
                    "held_by_another_team": not held,
                }
            )
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
    with transaction.atomic():
        report.created_ids = import_rows_write(
            actor=actor, rows=[values for _, values in fresh], progress=progress
        )
        report.created = len(report.created_ids)
        audit_record(
            actor=actor,
            action="candidate.imported",
            details={"created": report.created, "skipped_duplicates": report.skipped_duplicates},
        )
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
