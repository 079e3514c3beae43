"""What each role may do with vacancies and the pipeline (core.roles collects this)."""

from core.roles import COMPLIANCE, MANAGER, RECRUITER

_VACANCY_WORK = [
    "vacancies.view_vacancy",
    "vacancies.add_vacancy",
    "vacancies.change_vacancy",
    "vacancies.view_application",
    "vacancies.add_application",
    "vacancies.change_application",
    "vacancies.view_interview",
    "vacancies.add_interview",
    "vacancies.change_interview",
    "vacancies.view_offer",
    "vacancies.add_offer",
    "vacancies.view_placement",
    "vacancies.add_placement",
    "vacancies.view_followup",
    "vacancies.change_followup",
    "vacancies.view_rejectionreason",
    # Matching, shortlists and submissions (issue 5): recruiters draft, managers also review.
    "vacancies.view_shortlist",
    "vacancies.add_shortlist",
    "vacancies.change_shortlist",
    "vacancies.view_shortlistentry",
    "vacancies.add_shortlistentry",
    "vacancies.change_shortlistentry",
    "vacancies.view_submission",
    "vacancies.view_clientfeedback",
    "vacancies.view_confirmationtask",
    "vacancies.change_confirmationtask",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    RECRUITER: [*_VACANCY_WORK],
    MANAGER: [*_VACANCY_WORK, "vacancies.review_shortlist"],
    # Compliance officers follow the pipeline (for vetting) but do not move it.
    COMPLIANCE: ["vacancies.view_vacancy", "vacancies.view_application", "vacancies.view_placement"],
}
