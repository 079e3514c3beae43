"""Where lower floors need vacancies (DESIGN.md floors): clients, candidates and compliance cannot
import us, so at start-up we fill their registries (`apps.py` only calls `register`).

* the client page shows the client's vacancies and placements (clients.sections);
* a candidate merge moves the duplicate's applications and shortlist entries to the survivor, two
  applications to one vacancy becoming one (candidates merge movers; services/merge.py);
* a consent recorded for a vacancy must name one the recorder can see (candidates consents);
* `GET /compliance/status/?vacancy=` judges against a vacancy the caller may see, the DBS form
  asks which of the candidate's vacancies a check is for, and four eyes asks who owns the
  candidate's application (compliance.requirements).

The placement gate is not a seam: it lives inside vacancies, and `placement_create` calls
`selectors/compliance.placement_unmet_requirement_list` directly.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from candidates.services import merge_mover_register, vacancy_visibility_register
from clients.sections import client_section_register
from compliance.requirements import (
    Requirements,
    application_owner_resolver_register,
    requirements_resolver_register,
    vacancy_choices_register,
)
from core.http import request_user
from vacancies.models import Application, Vacancy
from vacancies.selectors.compliance import vacancy_requirements_get
from vacancies.selectors.pipeline import placement_list
from vacancies.selectors.vacancies import client_vacancy_list
from vacancies.services.merge import applications_move, shortlist_entries_move


def client_vacancies_section(request: HttpRequest, client: Any) -> tuple[str, dict[str, Any]]:
    user = request_user(request)
    return (
        "vacancies/_client_section.html",
        {
            "vacancies": client_vacancy_list(user=user, client=client)[:50],
            "can_add": user.is_admin or user.has_perm("vacancies.add_vacancy"),
        },
    )


def client_placements_section(request: HttpRequest, client: Any) -> tuple[str, dict[str, Any]]:
    placements = placement_list(user=request_user(request), client=client)[:20]
    return ("vacancies/_placements_section.html", {"placements": placements, "show_vacancy": True})


def vacancy_visible(user: Any, vacancy_id: int) -> bool:
    return Vacancy.objects.visible_to(user).filter(pk=vacancy_id).exists()


def vacancy_requirements(user: Any, vacancy_id: int) -> Requirements | None:
    vacancy = Vacancy.objects.visible_to(user).filter(pk=vacancy_id).first()
    return vacancy_requirements_get(vacancy) if vacancy is not None else None


def application_owner(vacancy_id: int, candidate_id: int) -> int | None:
    """Four eyes: who owns the candidate's application to the vacancy (their own checks wait)."""
    return (
        Application.objects.filter(vacancy_id=vacancy_id, candidate_id=candidate_id)
        .values_list("owner_id", flat=True)
        .first()
    )


def candidate_vacancies(user: Any, candidate_id: int) -> list[tuple[int, str]]:
    """The vacancies a candidate is in the pipeline for (the DBS form asks which one a check is for)."""
    rows = (
        Application.objects.visible_to(user)
        .filter(candidate_id=candidate_id)
        .values_list("vacancy_id", "vacancy__title")
        .order_by("-created_at")
    )
    return [(pk, title) for pk, title in rows]


def register() -> None:
    client_section_register("vacancies", client_vacancies_section)
    client_section_register("placements", client_placements_section)
    merge_mover_register("applications", applications_move, models=["vacancies.Application"])
    merge_mover_register("shortlist_entries", shortlist_entries_move, models=["vacancies.ShortlistEntry"])
    vacancy_visibility_register(vacancy_visible)
    requirements_resolver_register(vacancy_requirements)
    application_owner_resolver_register(application_owner)
    vacancy_choices_register(candidate_vacancies)
