"""Conduct of Employment Agencies and Employment Businesses Regulations 2003, reg 18.

Before an agency looks for anyone it must have from the hirer: its identity and the nature of its
business; the start date and the likely duration; the position, the type of work, where and the
hours; the health and safety risks known to the hirer and what is done about them; the experience,
training and qualifications needed (and any the law requires); and, for permanent roles, the pay,
benefits and notice. A vacancy cannot be opened until all of it is recorded.
"""

from __future__ import annotations

from typing import Any

# (field, label). Order is the order the regulation lists them, which is how the form shows them.
REG18_FIELDS: list[tuple[str, str]] = [
    ("hirer_business", "Hirer and business"),
    ("start_on", "Start date"),
    ("duration", "Duration"),
    ("title", "Position"),
    ("description", "Type of work"),
    ("postcode", "Location"),
    ("hours", "Hours"),
    ("health_and_safety_risks", "Health and safety risks"),
    ("required_qualifications", "Required experience and qualifications"),
]
# Conduct Regs reg 18: for permanent roles also the pay (a salary), benefits and notice.
REG18_PERM_FIELDS: list[tuple[str, str]] = [
    ("salary_min", "Pay"),
    ("benefits", "Benefits"),
    ("notice_period", "Notice period"),
]
LABELS = dict(REG18_FIELDS + REG18_PERM_FIELDS)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def reg18_missing(values: dict[str, Any]) -> list[str]:
    """The reg 18 fields still missing, in the regulation's order. `values` maps field -> value."""
    missing = []
    for field, _ in REG18_FIELDS:
        if field == "postcode" and values.get("remote") == "remote":
            continue  # a fully remote role has no place of work to give
        if _blank(values.get(field)):
            missing.append(field)
    if values.get("employment_type") == "perm":
        for field, _ in REG18_PERM_FIELDS:
            if field == "salary_min":
                if _blank(values.get("salary_min")) and _blank(values.get("salary_max")):
                    missing.append(field)
            elif _blank(values.get(field)):
                missing.append(field)
    return missing


def reg18_missing_for(vacancy: Any) -> list[str]:
    names = [f for f, _ in REG18_FIELDS + REG18_PERM_FIELDS] + ["remote", "employment_type", "salary_max"]
    return reg18_missing({name: getattr(vacancy, name) for name in names})


def reg18_message(missing: list[str]) -> str:
    labels = [LABELS[field].lower() for field in missing]
    return "Conduct Regs reg 18: record " + ", ".join(labels) + " before opening this vacancy."
