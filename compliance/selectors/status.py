"""A candidate's compliance status against a set of requirements (the placement gate's question).

The status is computed from a fixed handful of queries whatever the number of candidates
(`requirement_status_list_many`), so a pipeline board of any size costs the same.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from candidates.models import Candidate, Qualification, WorkHistory
from compliance import rules
from compliance.models import (
    DBSCheck,
    DBSStatusCheck,
    GapExplanation,
    ReferenceCheck,
    RightToWorkCheck,
    VettingNote,
)
from compliance.querysets import can_see_dbs
from compliance.requirements import (
    DBS,
    REFERENCES,
    REG22_QUALIFICATIONS,
    REG22_REFERENCES,
    RIGHT_TO_WORK,
    STATUS_EXPIRED,
    STATUS_MISSING,
    STATUS_PENDING,
    STATUS_SATISFIED,
    WORK_HISTORY_GAPS,
    Requirements,
    RequirementStatus,
)
from core.services import access_log_record_many


@dataclass
class Vetting:
    """Everything recorded about one candidate's vetting, loaded in bulk."""

    rtw: list[RightToWorkCheck] = field(default_factory=list)
    dbs: list[DBSCheck] = field(default_factory=list)
    status_checks: dict[int, list[DBSStatusCheck]] = field(default_factory=dict)
    references: list[ReferenceCheck] = field(default_factory=list)
    notes: list[VettingNote] = field(default_factory=list)
    explanations: list[GapExplanation] = field(default_factory=list)
    periods: list[tuple[datetime.date, datetime.date | None]] = field(default_factory=list)
    qualifications: list[bool] = field(default_factory=list)  # verified flags


def vetting_get_many(candidate_ids: Iterable[int]) -> dict[int, Vetting]:
    """At most eight queries, however many candidates (one per kind of record)."""
    ids = list(candidate_ids)
    found: dict[int, Vetting] = {pk: Vetting() for pk in ids}
    for rtw in RightToWorkCheck.objects.current().filter(candidate_id__in=ids).order_by("-checked_on", "-id"):
        found[rtw.candidate_id].rtw.append(rtw)
    dbs_ids = []
    for dbs in DBSCheck.objects.current().filter(candidate_id__in=ids).order_by("-issued_on", "-id"):
        found[dbs.candidate_id].dbs.append(dbs)
        dbs_ids.append(dbs.pk)
    by_dbs: dict[int, list[DBSStatusCheck]] = defaultdict(list)
    for status in DBSStatusCheck.objects.filter(dbs_check_id__in=dbs_ids).order_by("-checked_on", "-id"):
        by_dbs[status.dbs_check_id].append(status)
    for ref in ReferenceCheck.objects.current().filter(candidate_id__in=ids):
        found[ref.candidate_id].references.append(ref)
    for note in VettingNote.objects.filter(candidate_id__in=ids):
        found[note.candidate_id].notes.append(note)
    for explanation in GapExplanation.objects.filter(candidate_id__in=ids):
        found[explanation.candidate_id].explanations.append(explanation)
    for candidate_id, started_on, ended_on in WorkHistory.objects.filter(candidate_id__in=ids).values_list(
        "candidate_id", "started_on", "ended_on"
    ):
        if started_on is not None:
            found[candidate_id].periods.append((started_on, ended_on))
    for candidate_id, verified in Qualification.objects.filter(candidate_id__in=ids).values_list(
        "candidate_id", "verified"
    ):
        found[candidate_id].qualifications.append(verified)
    for vetting in found.values():
        vetting.status_checks = {dbs.pk: by_dbs.get(dbs.pk, []) for dbs in vetting.dbs}
    return found


def _fmt(day: datetime.date) -> str:
    return day.strftime("%-d %b %Y")


AWAITING_DETAIL = "Recorded by the application's own recruiter: awaiting verification by compliance."


def awaits_verification(check: Any, owner_id: int | None) -> bool:
    """Four eyes: a check the application's owner recorded (or names as checker) that no compliance
    officer has verified yet. `owner_id` is None when four eyes does not apply."""
    if owner_id is None or getattr(check, "verified_at", None) is not None:
        return False
    recorders = {getattr(check, "recorded_by_id", None), getattr(check, "checked_by_id", None)}
    return owner_id in recorders


def _rtw_status(vetting: Vetting, on_date: datetime.date, owner_id: int | None = None) -> RequirementStatus:
    status = _rtw_status_recorded(vetting, on_date)
    if status.status == STATUS_SATISFIED and awaits_verification(vetting.rtw[0], owner_id):
        return RequirementStatus(RIGHT_TO_WORK, STATUS_PENDING, AWAITING_DETAIL, awaiting_verification=True)
    return status


def _rtw_status_recorded(vetting: Vetting, on_date: datetime.date) -> RequirementStatus:
    if not vetting.rtw:
        return RequirementStatus(RIGHT_TO_WORK, STATUS_MISSING, "No right-to-work check recorded.")
    latest = vetting.rtw[0]
    if latest.outcome == RightToWorkCheck.Outcome.PENDING:
        return RequirementStatus(RIGHT_TO_WORK, STATUS_PENDING, "The latest check is awaiting its outcome.")
    if latest.outcome == RightToWorkCheck.Outcome.FAIL:
        # DOMAIN.md right to work: a failed check means not cleared.
        return RequirementStatus(RIGHT_TO_WORK, STATUS_MISSING, "The latest check failed.")
    if latest.excuse_until is None:
        return RequirementStatus(
            RIGHT_TO_WORK, STATUS_SATISFIED, f"List A check on {_fmt(latest.checked_on)}: no end date."
        )
    if latest.excuse_until < on_date:
        # DOMAIN.md right to work: an expired excuse shows the candidate as not cleared.
        return RequirementStatus(
            RIGHT_TO_WORK, STATUS_EXPIRED, f"The excuse ended on {_fmt(latest.excuse_until)}: check again."
        )
    return RequirementStatus(
        RIGHT_TO_WORK,
        STATUS_SATISFIED,
        f"Checked on {_fmt(latest.checked_on)}; excuse until {_fmt(latest.excuse_until)}.",
    )


def dbs_due_on_get(dbs: DBSCheck, status_checks: list[DBSStatusCheck], months: int | None) -> datetime.date:
    """The re-check date: from the certificate, or from the latest clean Update Service status check."""
    due = rules.dbs_recheck_due_on(dbs.issued_on, months)
    for status in status_checks:
        if status.outcome == DBSStatusCheck.Outcome.NO_CHANGE:
            due = max(due, rules.dbs_recheck_due_on(status.checked_on, months))
            break
    return due


def _dbs_status(
    vetting: Vetting, requirements: Requirements, on_date: datetime.date, *, show_detail: bool
) -> RequirementStatus:
    wanted = requirements.dbs_level
    label = dict(DBSCheck.Level.choices).get(wanted, wanted).lower()
    enough = [dbs for dbs in vetting.dbs if rules.DBS_ORDER[dbs.level] >= rules.DBS_ORDER[wanted]]
    if not enough:
        article = "an" if label[:1] in "aeiou" else "a"
        return RequirementStatus(DBS, STATUS_MISSING, f"Needs {article} {label} DBS check.")
    dbs = enough[0]
    status_checks = vetting.status_checks.get(dbs.pk, [])
    if status_checks and status_checks[0].outcome == DBSStatusCheck.Outcome.NEW_INFORMATION:
        detail = "The Update Service shows new information: apply for a new check."
        return RequirementStatus(DBS, STATUS_EXPIRED, detail if show_detail else "A new DBS check is needed.")
    if dbs.decision_on is None:
        # Every certificate, clear or not, counts once compliance has recorded its decision: what a
        # user without the DBS permission sees ("Not yet cleared", then "Cleared") never depends on
        # the result (DOMAIN.md: criminal-record data only for the compliance permission).
        disclosed = dbs.result == DBSCheck.Result.INFORMATION_DISCLOSED
        detail = (
            "Information was disclosed: a compliance decision is awaited."
            if disclosed
            else "Clear certificate recorded: a compliance decision is awaited."
        )
        return RequirementStatus(DBS, STATUS_PENDING, detail if show_detail else "Not yet cleared.")
    due = dbs_due_on_get(dbs, status_checks, requirements.dbs_recheck_months)
    if on_date >= due:
        # DBS code of practice: re-check every 3 years by default (a client may set shorter).
        detail = f"A re-check was due on {_fmt(due)}." if show_detail else "A new DBS check is needed."
        return RequirementStatus(DBS, STATUS_EXPIRED, detail)
    if show_detail:
        return RequirementStatus(
            DBS,
            STATUS_SATISFIED,
            f"{dbs.get_level_display()} check, {dbs.get_result_display().lower()}; re-check by {_fmt(due)}.",
        )
    # Without the DBS permission: only that the requirement is met, no dates or results.
    return RequirementStatus(DBS, STATUS_SATISFIED, "Cleared.")


def _references_status(vetting: Vetting, wanted: int, owner_id: int | None = None) -> RequirementStatus:
    usable = [ref for ref in vetting.references if ref.is_usable and not awaits_verification(ref, owner_id)]
    awaiting = [ref for ref in vetting.references if ref.is_usable and awaits_verification(ref, owner_id)]
    outstanding = [ref for ref in vetting.references if not ref.is_usable and ref.received_on is None]
    detail = f"{len(usable)} of {wanted} references received and verified."
    if len(usable) >= wanted:
        return RequirementStatus(REFERENCES, STATUS_SATISFIED, detail)
    if len(usable) + len(awaiting) >= wanted:
        detail += f" {len(awaiting)} {AWAITING_DETAIL[0].lower()}{AWAITING_DETAIL[1:]}"
        return RequirementStatus(REFERENCES, STATUS_PENDING, detail, awaiting_verification=True)
    if len(usable) + len(outstanding) >= wanted:
        return RequirementStatus(REFERENCES, STATUS_PENDING, detail + " Waiting for the rest.")
    return RequirementStatus(REFERENCES, STATUS_MISSING, detail)


def _note(vetting: Vetting, covers: str) -> VettingNote | None:
    return next((note for note in vetting.notes if note.covers == covers), None)


def _reg22_references_status(vetting: Vetting, owner_id: int | None = None) -> RequirementStatus:
    # Conduct Regs reg 22: two references from non-relatives who agree it may go to the client.
    wanted = rules.reg22_reference_count()
    suitable = [
        ref for ref in vetting.references if ref.is_usable and not ref.is_relative and ref.consent_to_disclose
    ]
    good = [ref for ref in suitable if not awaits_verification(ref, owner_id)]
    if len(good) >= wanted:
        return RequirementStatus(REG22_REFERENCES, STATUS_SATISFIED, f"{len(good)} suitable references.")
    if len(suitable) >= wanted:
        return RequirementStatus(
            REG22_REFERENCES, STATUS_PENDING, AWAITING_DETAIL, awaiting_verification=True
        )
    note = _note(vetting, VettingNote.Covers.REFERENCES)
    if note is not None:
        # Conduct Regs reg 22: or a recorded note of the steps taken (shown to the client).
        return RequirementStatus(
            REG22_REFERENCES, STATUS_SATISFIED, "Steps taken are recorded in a reg 22 note."
        )
    outstanding = [ref for ref in vetting.references if ref.received_on is None and not ref.is_relative]
    detail = f"{len(good)} of {wanted} references from non-relatives with consent to disclose."
    if len(good) + len(outstanding) >= wanted:
        return RequirementStatus(REG22_REFERENCES, STATUS_PENDING, detail)
    return RequirementStatus(REG22_REFERENCES, STATUS_MISSING, detail)


def _reg22_qualifications_status(vetting: Vetting) -> RequirementStatus:
    # Conduct Regs reg 22: copies of qualifications, verified — or a note of the steps taken.
    if vetting.qualifications and all(vetting.qualifications):
        return RequirementStatus(REG22_QUALIFICATIONS, STATUS_SATISFIED, "All qualifications verified.")
    if _note(vetting, VettingNote.Covers.QUALIFICATIONS) is not None:
        return RequirementStatus(
            REG22_QUALIFICATIONS, STATUS_SATISFIED, "Steps taken are recorded in a reg 22 note."
        )
    if not vetting.qualifications:
        return RequirementStatus(REG22_QUALIFICATIONS, STATUS_MISSING, "No qualifications recorded.")
    unverified = vetting.qualifications.count(False)
    return RequirementStatus(
        REG22_QUALIFICATIONS, STATUS_MISSING, f"{unverified} qualification(s) not verified."
    )


def gap_unexplained_list(vetting: Vetting) -> list[rules.Gap]:
    return [
        gap
        for gap in rules.history_gaps(vetting.periods)
        if not any(e.starts_on <= gap.starts_on and e.ends_on >= gap.ends_on for e in vetting.explanations)
    ]


def _gaps_status(vetting: Vetting) -> RequirementStatus:
    # DOMAIN.md references and history: gaps over 3 months need a written explanation.
    gaps = gap_unexplained_list(vetting)
    if not gaps:
        return RequirementStatus(WORK_HISTORY_GAPS, STATUS_SATISFIED, "No unexplained gaps over 3 months.")
    spans = ", ".join(f"{_fmt(g.starts_on)} to {_fmt(g.ends_on)}" for g in gaps[:3])
    return RequirementStatus(WORK_HISTORY_GAPS, STATUS_MISSING, f"Unexplained gap(s): {spans}.")


def _evaluate(
    vetting: Vetting,
    requirements: Requirements,
    on_date: datetime.date,
    *,
    show_dbs_detail: bool = False,
    owner_id: int | None = None,
) -> list[RequirementStatus]:
    owner_id = owner_id if owner_id is not None else requirements.owner_id
    statuses: list[RequirementStatus] = []
    for name in requirements.names():
        if name == RIGHT_TO_WORK:
            statuses.append(_rtw_status(vetting, on_date, owner_id))
        elif name == DBS:
            statuses.append(_dbs_status(vetting, requirements, on_date, show_detail=show_dbs_detail))
        elif name == REFERENCES:
            statuses.append(_references_status(vetting, requirements.references, owner_id))
        elif name == REG22_REFERENCES:
            statuses.append(_reg22_references_status(vetting, owner_id))
        elif name == REG22_QUALIFICATIONS:
            statuses.append(_reg22_qualifications_status(vetting))
        else:
            statuses.append(_gaps_status(vetting))
    return statuses


def requirement_status_list(
    *, candidate: Any, requirements: Requirements, on_date: datetime.date, user: Any = None
) -> list[RequirementStatus]:
    """Every requirement's status for one candidate on `on_date` (DBS detail only for DBS viewers)."""
    vetting = vetting_get_many([candidate.pk])[candidate.pk]
    show = user is not None and can_see_dbs(user)
    return _evaluate(vetting, requirements, on_date, show_dbs_detail=show)


def requirement_unmet_list(
    *, candidate: Any, requirements: Requirements, on_date: datetime.date
) -> list[RequirementStatus]:
    """The placement gate's question: what is not satisfied and in date on `on_date`."""
    return [
        status
        for status in requirement_status_list(candidate=candidate, requirements=requirements, on_date=on_date)
        if not status.is_satisfied
    ]


def requirement_status_list_many(
    *,
    candidate_ids: Iterable[int],
    requirements: Requirements,
    on_date: datetime.date,
    user: Any = None,
    owner_ids: dict[int, int] | None = None,
) -> dict[int, list[RequirementStatus]]:
    """For pipeline cards: every candidate's statuses from the same fixed number of queries."""
    show = user is not None and can_see_dbs(user)
    found = vetting_get_many(candidate_ids)
    if show and requirements.dbs_level != rules.DBS_NONE and found:
        # DBS code of practice: every view of criminal-record data is logged (one INSERT).
        access_log_record_many(
            user=user,
            action="view",
            objects=[Candidate(pk=pk) for pk in found],
            details={"data": DBS, "via": "cards"},
        )
    owners = owner_ids or {}
    return {
        pk: _evaluate(vetting, requirements, on_date, show_dbs_detail=show, owner_id=owners.get(pk))
        for pk, vetting in found.items()
    }
