"""Writes and side effects for candidates (STYLE.md): one module per area, re-exported here."""

from candidates.services.consents import (
    consent_record,
    consent_vacancy_check,
    consent_withdraw,
    vacancy_visibility_register,
)
from candidates.services.derived import candidate_refresh_derived
from candidates.services.documents import document_extract_text, document_upload
from candidates.services.merge import candidate_merge, merge_mover_register
from candidates.services.records import (
    DuplicateCandidate,
    candidate_bulk_tag,
    candidate_confirm_availability,
    candidate_create,
    candidate_default_lawful_basis,
    candidate_record_privacy_notice,
    candidate_update,
)

__all__ = [
    "DuplicateCandidate",
    "candidate_bulk_tag",
    "candidate_confirm_availability",
    "candidate_create",
    "candidate_default_lawful_basis",
    "candidate_merge",
    "candidate_record_privacy_notice",
    "candidate_refresh_derived",
    "candidate_update",
    "consent_record",
    "consent_vacancy_check",
    "consent_withdraw",
    "document_extract_text",
    "document_upload",
    "merge_mover_register",
    "vacancy_visibility_register",
]
