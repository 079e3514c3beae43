"""What each role may do with vacancies and the pipeline (core.roles collects this)."""

from core.roles import COMPLIANCE, MANAGER, RECRUITER

_VACANCY_WORK = ["vacancies.view_vacancy", "vacancies.add_vacancy", "vacancies.change_vacancy"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    RECRUITER: [*_VACANCY_WORK],
    MANAGER: [*_VACANCY_WORK],
    COMPLIANCE: ["vacancies.view_vacancy"],
}
