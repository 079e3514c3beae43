"""Writes for compliance: recording checks (never editing them), follow-ups and purges; one area a
file (`rtw`, `dbs`, `history`, `jobs`), re-exported here."""

from compliance.services.dbs import dbs_check_record, dbs_status_check_record
from compliance.services.history import (
    employment_end_record,
    gap_explanation_record,
    reference_check_record,
    vetting_note_record,
)
from compliance.services.identity import check_verify, identity_check_record
from compliance.services.jobs import (
    compliance_task_complete,
    dbs_images_purge,
    dbs_recheck_reminders_create,
    rtw_evidence_purge,
    rtw_follow_ups_create,
)
from compliance.services.references import reference_request_answer, reference_request_send
from compliance.services.rtw import rtw_check_record

__all__ = [
    "check_verify",
    "compliance_task_complete",
    "dbs_check_record",
    "dbs_images_purge",
    "dbs_recheck_reminders_create",
    "dbs_status_check_record",
    "employment_end_record",
    "gap_explanation_record",
    "identity_check_record",
    "reference_check_record",
    "reference_request_answer",
    "reference_request_send",
    "rtw_check_record",
    "rtw_evidence_purge",
    "rtw_follow_ups_create",
    "vetting_note_record",
]
