"""The placement gate: vacancies passes its required checks to compliance as a value.

`compliance` never imports `vacancies` (DESIGN.md floors), so this module — on the vacancies floor —
builds a `compliance.requirements.Requirements` from a vacancy and

* registers `placement_gate` in `pipeline.PLACEMENT_GATES`, which `placement_create` (the one door
  every path — form, API, admin, import, bulk — goes through) consults before anything is written;
* registers `vacancy_requirements` as compliance's resolver, so `GET /compliance/status/?vacancy=`
  can judge against a vacancy the caller may see.
"""

from __future__ import annotations

import datetime
from typing import Any

from compliance.requirements import (
    Requirements,
    RequirementStatus,
    register_requirements_resolver,
    register_vacancy_choices,
)
from compliance.selectors import statuses_for_candidates, unmet_requirements
from vacancies.models import Application, Vacancy


def requirements_for(vacancy: Vacancy) -> Requirements:
    return Requirements.from_required_checks(
        vacancy.required_checks,
        works_with_vulnerable_people=vacancy.works_with_vulnerable_people,
        dbs_recheck_months=vacancy.client.dbs_recheck_months,  # the client's shorter period, if any
    )


def vacancy_requirements(user: Any, vacancy_id: int) -> Requirements | None:
    vacancy = Vacancy.objects.visible_to(user).filter(pk=vacancy_id).first()
    return requirements_for(vacancy) if vacancy is not None else None


def placement_gate(application: Application, start_on: datetime.date) -> list[str]:
    """The unmet requirements on the start date, by name (API.md: `missing`)."""
    unmet = unmet_requirements(
        candidate=application.candidate, requirements=requirements_for(application.vacancy), on_date=start_on
    )
    return [status.requirement for status in unmet]


def candidate_vacancies(user: Any, candidate_id: int) -> list[tuple[int, str]]:
    """The vacancies a candidate is in the pipeline for (the DBS form asks which one a check is for)."""
    rows = (
        Application.objects.visible_to(user)
        .filter(candidate_id=candidate_id)
        .values_list("vacancy_id", "vacancy__title")
        .order_by("-created_at")
    )
    return [(pk, title) for pk, title in rows]


def attach_statuses(
    *, user: Any, vacancy: Vacancy, applications: list[Application], on_date: datetime.date
) -> None:
    """Each pipeline card's compliance panel: `application.compliance_statuses`."""
    found: dict[int, list[RequirementStatus]] = statuses_for_candidates(
        candidate_ids={a.candidate_id for a in applications},
        requirements=requirements_for(vacancy),
        on_date=on_date,
        user=user,
    )
    for application in applications:
        application.compliance_statuses = found.get(application.candidate_id, [])  # type: ignore[attr-defined]


def register() -> None:
    from vacancies.pipeline import PLACEMENT_GATES

    if placement_gate not in PLACEMENT_GATES:
        PLACEMENT_GATES.append(placement_gate)
    register_requirements_resolver(vacancy_requirements)
    register_vacancy_choices(candidate_vacancies)
