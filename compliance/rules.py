"""The UK vetting rules as small pure functions (DOMAIN.md "Right to work", "DBS checks",
"References and history"). Each names the rule it implements; every period is a default an admin
can change in settings (`COMPLIANCE_*`), read here and nowhere else.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- Right to work -------------------------------------------------------------------------------

ROUTE_MANUAL = "manual_document"
ROUTE_SHARE_CODE = "online_share_code"
ROUTE_IDSP = "idsp"
ROUTE_ECS = "employer_checking_service"

LIST_A = "list_a"
LIST_B1 = "list_b_group_1"
LIST_B2 = "list_b_group_2"

# What the candidate holds decides the routes offered (Home Office employer guide, chapter 1).
# Every worker is checked the same way: this asks what they hold, never who to check.
HOLDS_BRITISH_IRISH_PASSPORT = "british_irish_passport"
HOLDS_BRITISH_IRISH_OTHER = "british_irish_other"
HOLDS_DIGITAL_STATUS = "digital_status"
HOLDS_PENDING_APPLICATION = "pending_application"
HOLDS_OTHER_DOCUMENTS = "other_documents"

ROUTES_FOR_HOLDING: dict[str, tuple[str, ...]] = {
    # Home Office employer guide: IDSP digital checks only for British/Irish citizens with a valid passport.
    HOLDS_BRITISH_IRISH_PASSPORT: (ROUTE_MANUAL, ROUTE_IDSP),
    HOLDS_BRITISH_IRISH_OTHER: (ROUTE_MANUAL,),
    # Home Office employer guide: eVisa holders are checked online with a share code only.
    HOLDS_DIGITAL_STATUS: (ROUTE_SHARE_CODE,),
    # Home Office employer guide: a pending application or appeal is checked through the ECS.
    HOLDS_PENDING_APPLICATION: (ROUTE_ECS,),
    HOLDS_OTHER_DOCUMENTS: (ROUTE_MANUAL,),
}

# Home Office online checks: a share code is 9 characters and starts with W.
SHARE_CODE_RE = re.compile(r"^W[A-Z0-9]{8}$")


def normalise_share_code(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def share_code_is_valid(value: str) -> bool:
    return bool(SHARE_CODE_RE.match(normalise_share_code(value)))


def share_code_valid_days() -> int:
    # Home Office online checks: a share code is valid for 90 days.
    return _setting("COMPLIANCE_SHARE_CODE_VALID_DAYS", 90)


def share_code_is_stale(*, issued_on: datetime.date | None, checked_on: datetime.date) -> bool:
    """True when the share code was more than 90 days old on the day of the check (a warning)."""
    if issued_on is None:
        return False
    return (checked_on - issued_on).days > share_code_valid_days()


def pvn_protects_months() -> int:
    # Home Office employer guide: a Positive Verification Notice protects for 6 months.
    return _setting("COMPLIANCE_PVN_MONTHS", 6)


def excuse_until(
    *,
    document_list: str,
    outcome: str,
    permission_expires_on: datetime.date | None,
    pvn_issued_on: datetime.date | None,
) -> datetime.date | None:
    """The last day the check protects; None when it protects for the whole employment (List A).

    Only a passing check protects at all; callers treat a failed or pending check as not cleared.
    """
    if outcome != "pass":
        return None
    if document_list == LIST_A:
        # Home Office employer guide: List A — a continuous excuse for the whole employment.
        return None
    if document_list == LIST_B1:
        # Home Office employer guide: List B Group 1 — excuse until the permission expires.
        return permission_expires_on
    if document_list == LIST_B2 and pvn_issued_on is not None:
        # Home Office employer guide: List B Group 2 — PVN + 6 months.
        return pvn_issued_on + relativedelta(months=pvn_protects_months())
    return None


def rtw_follow_up_days() -> int:
    # DOMAIN.md right to work: the reminder task is created 28 days before the excuse ends.
    return _setting("COMPLIANCE_RTW_FOLLOW_UP_DAYS", 28)


def rtw_escalate_days() -> int:
    # DOMAIN.md right to work: escalated to the manager 7 days before the excuse ends.
    return _setting("COMPLIANCE_RTW_ESCALATE_DAYS", 7)


def follow_up_due_on(excuse_end: datetime.date | None) -> datetime.date | None:
    if excuse_end is None:
        return None
    return excuse_end - datetime.timedelta(days=rtw_follow_up_days())


def escalate_on(excuse_end: datetime.date | None) -> datetime.date | None:
    if excuse_end is None:
        return None
    return excuse_end - datetime.timedelta(days=rtw_escalate_days())


def evidence_retention_ends_on(employment_ended_on: datetime.date) -> datetime.date:
    # Home Office employer guide: keep right-to-work evidence for the employment plus 2 years.
    return employment_ended_on + relativedelta(years=_setting("COMPLIANCE_RTW_EVIDENCE_YEARS", 2))


# --- DBS -------------------------------------------------------------------------------------------

DBS_NONE = "none"
DBS_BASIC = "basic"
DBS_STANDARD = "standard"
DBS_ENHANCED = "enhanced"
DBS_ENHANCED_BARRED = "enhanced_barred"
DBS_ORDER = {DBS_NONE: 0, DBS_BASIC: 1, DBS_STANDARD: 2, DBS_ENHANCED: 3, DBS_ENHANCED_BARRED: 4}

# DBS: a certificate number is 12 digits.
CERTIFICATE_RE = re.compile(r"^\d{12}$")


def certificate_number_is_valid(value: str) -> bool:
    return bool(CERTIFICATE_RE.match((value or "").replace(" ", "")))


def dbs_level_allowed(*, level: str, role_level: str) -> str | None:
    """None when `level` may be requested for a role needing `role_level`, else the reason why not.

    Police Act 1997 / DBS code of practice: standard and enhanced only for eligible roles (the
    vacancy says so by asking for them); barred lists only for regulated activity.
    """
    if level not in DBS_ORDER or level == DBS_NONE:
        return "Choose a DBS level."
    if level == DBS_BASIC:
        return None  # anyone may be asked for a basic check
    if level == DBS_ENHANCED_BARRED and role_level != DBS_ENHANCED_BARRED:
        return "Barred list checks are only for roles in regulated activity."
    if DBS_ORDER[role_level] < DBS_ORDER[DBS_STANDARD]:
        return "Standard and enhanced checks are only for roles eligible for them."
    if DBS_ORDER[level] > DBS_ORDER[role_level]:
        return "This role is not eligible for a check at that level."
    return None


# DBS code of practice: a barred list is checked only for its own workforce (children / adults).
BARRED_LISTS_FOR_WORKFORCE = {
    "child": {"children"},
    "adult": {"adults"},
    "child_and_adult": {"children", "adults", "both"},
    "other": set(),
}


def barred_lists_match_workforce(*, barred_lists: str, workforce: str) -> bool:
    return not barred_lists or barred_lists in BARRED_LISTS_FOR_WORKFORCE.get(workforce, set())


def dbs_recheck_months() -> int:
    # DBS code of practice: certificates do not expire; the agency re-checks every 3 years by default.
    return _setting("COMPLIANCE_DBS_RECHECK_MONTHS", 36)


def dbs_recheck_due_on(issued_on: datetime.date, months: int | None = None) -> datetime.date:
    """The re-check date: issue + 3 years, or the client's shorter period."""
    default = dbs_recheck_months()
    return issued_on + relativedelta(months=min(months or default, default))


def dbs_reminder_days() -> int:
    # DOMAIN.md DBS: a re-check reminder 30 days before it is due.
    return _setting("COMPLIANCE_DBS_REMINDER_DAYS", 30)


def dbs_image_purge_on(decision_on: datetime.date) -> datetime.date:
    # DBS code of practice: certificate images not kept; any upload purged 6 months after the decision.
    return decision_on + relativedelta(months=_setting("COMPLIANCE_DBS_IMAGE_MONTHS", 6))


def dbs_images_allowed() -> bool:
    # DBS code of practice: certificate images are not kept by default.
    return bool(getattr(settings, "COMPLIANCE_DBS_KEEP_IMAGES", False))


# --- References and history ----------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    starts_on: datetime.date  # the first day without dated work
    ends_on: datetime.date  # the last day without dated work

    @property
    def key(self) -> str:
        return f"{self.starts_on.isoformat()}/{self.ends_on.isoformat()}"


def gap_months() -> int:
    # DOMAIN.md references and history: gaps longer than 3 months need a written explanation.
    return _setting("COMPLIANCE_GAP_MONTHS", 3)


def history_gaps(periods: list[tuple[datetime.date, datetime.date | None]]) -> list[Gap]:
    """Gaps longer than 3 months between dated periods of work (an open end means still there)."""
    dated = sorted(
        ((start, end) for start, end in periods if start is not None),
        key=lambda period: (period[0], period[1] or datetime.date.max),
    )
    gaps: list[Gap] = []
    covered_to: datetime.date | None = None
    for start, end in dated:
        if covered_to is not None and start > covered_to + datetime.timedelta(days=1):
            gap = Gap(
                starts_on=covered_to + datetime.timedelta(days=1), ends_on=start - datetime.timedelta(days=1)
            )
            # A gap is "longer than 3 months" when it runs past the same day 3 months on.
            if gap.ends_on >= gap.starts_on + relativedelta(months=gap_months()):
                gaps.append(gap)
        if end is None or end == datetime.date.max:
            break  # still there: nothing after this can be a gap
        covered_to = end if covered_to is None else max(covered_to, end)
    return gaps


def reg22_reference_count() -> int:
    # Conduct Regs reg 22: two references for roles with vulnerable people.
    return _setting("COMPLIANCE_REG22_REFERENCES", 2)


# --- Four eyes -------------------------------------------------------------------------------------


def four_eyes_required() -> bool:
    # The agency's setting (on by default): a recruiter's own checks on her own candidate for a
    # vacancy that needs vetting count once a compliance officer has verified them.
    return bool(getattr(settings, "COMPLIANCE_FOUR_EYES", True))


# --- Conduct Regs reg 19: qualifications the vacancy requires --------------------------------------


def required_qualification_items(text: str) -> list[str]:
    """The vacancy's "required experience and qualifications", one item a line, `;` or `,`."""
    return [item.strip() for item in re.split(r"[;,\n]+", text or "") if item.strip()]


def qualification_is_required(name: str, items: list[str]) -> bool:
    """Does the vacancy ask for the qualification `name`? (either names the other, ignoring case)"""
    key = " ".join(name.lower().split())
    if len(key) < 3:
        return False
    return any(key in item.lower() or (len(item) >= 3 and item.lower() in key) for item in items)
