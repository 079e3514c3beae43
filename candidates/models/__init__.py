"""Candidate records and what hangs off them (DESIGN.md "The data, in one picture")."""

from candidates.models.candidate import Candidate, Qualification, WorkHistory
from candidates.models.consent import Consent
from candidates.models.diversity import DiversityRecord
from candidates.models.document import Document
from candidates.models.duplicate import NotDuplicate
from candidates.models.jobs import ImportJob, SavedSearch
from candidates.models.skill import CandidateSkill, Skill

__all__ = [
    "Candidate",
    "CandidateSkill",
    "Consent",
    "DiversityRecord",
    "Document",
    "ImportJob",
    "NotDuplicate",
    "Qualification",
    "SavedSearch",
    "Skill",
    "WorkHistory",
]
