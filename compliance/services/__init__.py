"""Writes for compliance: recording checks (never editing them), follow-ups and purges."""

from compliance.services.checks import (
    dbs_check_record,
    dbs_status_check_record,
    employment_end_record,
    gap_explanation_record,
    reference_check_record,
    rtw_check_record,
    rtw_warnings,
    task_complete,
    vetting_note_record,
)
from compliance.services.jobs import (
    dbs_images_purge,
    dbs_recheck_reminders_create,
    rtw_evidence_purge,
    rtw_follow_ups_create,
)

__all__ = [
    "dbs_check_record",
    "dbs_images_purge",
    "dbs_recheck_reminders_create",
    "dbs_status_check_record",
    "employment_end_record",
    "gap_explanation_record",
    "reference_check_record",
    "rtw_check_record",
    "rtw_evidence_purge",
    "rtw_follow_ups_create",
    "rtw_warnings",
    "task_complete",
    "vetting_note_record",
]
