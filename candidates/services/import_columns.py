"""What each CSV import column accepts, read from the Candidate's one field list.

A choice column takes the code (`perm`) or the label the screens show (`Permanent`), in any case,
with spaces, hyphens and underscores alike (`Job board`, `job-board`, `JOB_BOARD`), so a file
exported from another system or typed by hand reads without a lookup table. The same declaration
writes the template CSV offered on the import page: a header of every column, a guide row saying
what each column takes (its first cell starts with `#`, so the importer skips it), and one example
person who imports cleanly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models

from candidates.models import Candidate
from candidates.models.fields import CANDIDATE_FIELDS, IMPORT_COLUMNS, Typed

GUIDE_MARK = "#"  # a row whose first cell starts with this is a note, not a person


def choice_key(text: str) -> str:
    """The form two spellings of one choice share: `Job board`, `job_board`, `JOB-BOARD`."""
    return " ".join(re.sub(r"[_\-]+", " ", text).lower().split())


def _choice_list(name: str) -> list[tuple[str, str]]:
    if name == "employment_types":
        return [(str(v), str(label)) for v, label in Candidate.EmploymentType.choices]
    field = Candidate._meta.get_field(name)
    assert isinstance(field, models.Field), name
    return [(str(v), str(label)) for v, label in field.flatchoices]


def choice_lookup(name: str) -> dict[str, str]:
    """Every accepted spelling (code or label, see choice_key) -> the stored code."""
    lookup: dict[str, str] = {}
    for value, label in _choice_list(name):
        lookup.setdefault(choice_key(label), value)
        lookup[choice_key(value)] = value  # a code wins over another choice's label
    return lookup


def choice_help(name: str) -> str:
    """`Permanent (perm), Contract (contract), …` — what an error and the guide show."""
    return ", ".join(
        label if label.lower() == value else f"{label} ({value})" for value, label in _choice_list(name)
    )


@dataclass(frozen=True)
class ColumnGuide:
    name: str
    required: bool
    accepts: str
    example: str


_ACCEPTS = {
    Typed.TEXT: "text",
    Typed.PROSE: "text (line breaks kept)",
    Typed.EMAIL: "an email address; a live candidate's address is skipped as a duplicate",
    Typed.PHONE: "a UK or international phone number",
    Typed.POSTCODE: "a UK postcode",
    Typed.NUMBER: "a whole number (£ and commas are ignored)",
    Typed.DATE: "a date, YYYY-MM-DD or DD/MM/YYYY",
    Typed.LIST: "a list separated by ; or ,",
}
_EXAMPLE = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada.lovelace@example.com",
    "phone": "07700 900123",
    "postcode": "LS1 4AP",
    "town": "Leeds",
    "current_title": "Software Engineer",
    "summary": "Ten years of Python and data engineering.",
    "skills": "Python; SQL; Django",
    "employment_types": "Permanent; Contract",
    "desired_salary": "£55,000",
    "desired_day_rate": "450",
    "available_from": "2026-09-01",
    "availability_confirmed_on": "2026-06-01",
    "notice_period_weeks": "4",
    "source": "Job board",
    "source_detail": "CV-Library",
    "referrer": "",
    "tags": "python; leeds",
    "right_to_work": "Yes",
    "status": "Active",
    "lawful_basis": "",
    "privacy_notice_sent_on": "2026-06-01",
}


def _required_columns() -> set[str]:
    """The text columns the model does not let be blank (first and last name)."""
    return {
        f.name
        for f in CANDIDATE_FIELDS
        if f.typed in (Typed.TEXT, Typed.PROSE)
        and not getattr(Candidate._meta.get_field(f.name), "blank", True)
    }


def column_guide() -> list[ColumnGuide]:
    """Every import column, in the declaration's order, with what it accepts."""
    guides = []
    for declared in CANDIDATE_FIELDS:
        if declared.name not in IMPORT_COLUMNS:
            continue
        name = declared.name
        required = name in _required_columns()
        if declared.typed is Typed.CHOICE or name == "employment_types":
            accepts = ("one or more of: " if name == "employment_types" else "one of: ") + choice_help(name)
            if name == "employment_types":
                accepts += " (separated by ;)"
            elif declared.import_default:
                accepts += f"; empty means {declared.import_default}"
            elif name == "lawful_basis":
                accepts += "; empty means the default for the source"
        else:
            accepts = _ACCEPTS[declared.typed] if declared.typed else "text"
        guides.append(ColumnGuide(name, required, accepts, _EXAMPLE.get(name, "")))
    return guides


def template_rows() -> list[list[Any]]:
    """The template CSV: header, guide row (skipped on import), one example person."""
    guides = column_guide()
    header = [g.name for g in guides]
    guide = [("required: " if g.required else "") + g.accepts for g in guides]
    guide[0] = f"{GUIDE_MARK} {guide[0]}"
    return [header, guide, [g.example for g in guides]]
