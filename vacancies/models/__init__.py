from vacancies.models.pipeline import (
    CLOSED_STAGES,
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
    "Application",
    "FollowUp",
    "Interview",
    "Offer",
    "Placement",
    "RejectionReason",
    "Stage",
    "StageChange",
    "Vacancy",
    "default_required_checks",
]
