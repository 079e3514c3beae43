"""What compliance needs to know about a vacancy, as a value: `compliance` never imports `vacancies`
(DESIGN.md floors), so this side builds a `compliance.requirements.Requirements` from a vacancy and
asks compliance's selectors about it (the placement gate in services/placements.py, the board's
compliance panels here, the resolver registered in seams.py)."""

from __future__ import annotations

import dataclasses
import datetime

from compliance import rules
from compliance.requirements import Requirements, RequirementStatus
from compliance.selectors.status import requirement_status_list_many, requirement_unmet_list
from core.models import User
from vacancies.models import Application, Vacancy


def vacancy_requirements_get(vacancy: Vacancy, *, owner_id: int | None = None) -> Requirements:
    """The vacancy's checks; with `owner_id` (the application's recruiter) four eyes applies when
    the agency has it on (compliance.rules.four_eyes_required) and the vacancy needs vetting."""
    requirements = Requirements.from_required_checks(
        vacancy.required_checks,
        works_with_vulnerable_people=vacancy.works_with_vulnerable_people,
        dbs_recheck_months=vacancy.client.dbs_recheck_months,  # the client's shorter period, if any
    )
    if owner_id is not None and rules.four_eyes_required() and requirements.names():
        requirements = dataclasses.replace(requirements, owner_id=owner_id)
    return requirements


def vacancy_needs_vetting(vacancy: Vacancy) -> bool:
    """A vacancy "needs vetting" when it asks for any check at all (right to work, DBS, references,
    reg 22): that is where four eyes applies."""
    return bool(vacancy_requirements_get(vacancy).names())


def application_compliance_attach(
    *, user: User, vacancy: Vacancy, applications: list[Application], on_date: datetime.date
) -> None:
    """Each pipeline card's compliance panel: `application.compliance_statuses`."""
    requirements = vacancy_requirements_get(vacancy)
    four_eyes = rules.four_eyes_required() and bool(requirements.names())
    found: dict[int, list[RequirementStatus]] = requirement_status_list_many(
        candidate_ids={a.candidate_id for a in applications},
        requirements=requirements,
        on_date=on_date,
        user=user,
        owner_ids={a.candidate_id: a.owner_id for a in applications} if four_eyes else None,
    )
    for application in applications:
        application.compliance_statuses = found.get(application.candidate_id, [])  # type: ignore[attr-defined]


def placement_unmet_requirement_list(*, application: Application, start_on: datetime.date) -> list[str]:
    """The placement gate: the vacancy's required checks the candidate has not met on the start
    date, by name (API.md: `missing`). `placement_create` — the one door every path (form, API,
    admin, import, bulk) goes through — asks before anything is written."""
    unmet = requirement_unmet_list(
        candidate=application.candidate,
        requirements=vacancy_requirements_get(application.vacancy, owner_id=application.owner_id),
        on_date=start_on,
    )
    # Four eyes: "right_to_work (awaiting verification)" when only a compliance officer's say is missing.
    return [status.gate_name for status in unmet]
