from vacancies.views.vacancy import (
    index,
    vacancy_create,
    vacancy_detail,
    vacancy_edit,
    vacancy_status,
)

__all__ = ["index", "vacancy_create", "vacancy_detail", "vacancy_edit", "vacancy_status"]
