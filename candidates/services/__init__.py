"""Writes and side effects for candidates (STYLE.md): one module per area, re-exported here."""

from candidates.services.consents import (
    consent_record,
    consent_vacancy_check,
    consent_withdraw,
    has_live_consent,
    register_vacancy_visibility,
)
from candidates.services.derived import candidate_refresh_derived
from candidates.services.documents import document_extract_text, document_upload
from candidates.services.merge import candidate_merge, register_merge_mover
from candidates.services.records import (
    DuplicateCandidate,
    candidate_bulk_tag,
    candidate_confirm_availability,
    candidate_create,
    candidate_record_privacy_notice,
    candidate_update,
    default_lawful_basis,
    find_email_duplicate,
)

__all__ = [
    "DuplicateCandidate",
    "candidate_bulk_tag",
    "candidate_confirm_availability",
    "candidate_create",
    "candidate_merge",
    "candidate_record_privacy_notice",
    "candidate_refresh_derived",
    "candidate_update",
    "consent_record",
    "consent_vacancy_check",
    "consent_withdraw",
    "default_lawful_basis",
    "document_extract_text",
    "document_upload",
    "find_email_duplicate",
    "has_live_consent",
    "register_merge_mover",
    "register_vacancy_visibility",
]
