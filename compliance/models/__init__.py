"""Vetting records (DESIGN.md "The data, in one picture"): checks hang off the candidate."""

from compliance.models.checks import DBSCheck, DBSStatusCheck, IdentityCheck, RightToWorkCheck
from compliance.models.history import EmploymentEnd, GapExplanation, ReferenceCheck, VettingNote
from compliance.models.references import ReferenceRequest
from compliance.models.tasks import ComplianceTask

__all__ = [
    "ComplianceTask",
    "DBSCheck",
    "DBSStatusCheck",
    "EmploymentEnd",
    "GapExplanation",
    "IdentityCheck",
    "ReferenceCheck",
    "ReferenceRequest",
    "RightToWorkCheck",
    "VettingNote",
]
