from vacancies.views.pipeline import (
    application_add,
    application_detail,
    application_move,
    board,
    bulk_reject,
    candidate_search,
    follow_up_done,
    interview_add,
    interview_outcome,
    offer_add,
    placement_add,
)
from vacancies.views.vacancy import index, vacancy_create, vacancy_detail, vacancy_edit, vacancy_status

__all__ = [
    "application_add",
    "application_detail",
    "application_move",
    "board",
    "bulk_reject",
    "candidate_search",
    "follow_up_done",
    "index",
    "interview_add",
    "interview_outcome",
    "offer_add",
    "placement_add",
    "vacancy_create",
    "vacancy_detail",
    "vacancy_edit",
    "vacancy_status",
]
