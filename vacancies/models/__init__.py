from vacancies.models.matching import (
    ClientFeedback,
    ConfirmationTask,
    Notice,
    Shortlist,
    ShortlistEntry,
    Submission,
)
from vacancies.models.pipeline import (
    CLOSED_STAGES,
    PLACEMENT_FEE_VALUE,
    Application,
    FollowUp,
    Interview,
    Offer,
    Placement,
    RejectionReason,
    Stage,
    StageChange,
)
from vacancies.models.vacancy import Vacancy, default_required_checks

__all__ = [
    "CLOSED_STAGES",
    "PLACEMENT_FEE_VALUE",
    "Application",
    "ClientFeedback",
    "ConfirmationTask",
    "FollowUp",
    "Interview",
    "Notice",
    "Offer",
    "Placement",
    "RejectionReason",
    "Shortlist",
    "ShortlistEntry",
    "Stage",
    "StageChange",
    "Submission",
    "Vacancy",
    "default_required_checks",
]
