from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def client_vacancies_section(request: HttpRequest, client: Any) -> tuple[str, dict[str, Any]]:
    from vacancies.selectors import client_vacancies

    user = request.user
    return (
        "vacancies/_client_section.html",
        {
            "vacancies": client_vacancies(user=user, client=client)[:50],  # type: ignore[arg-type]
            "can_add": getattr(user, "is_admin", False) or user.has_perm("vacancies.add_vacancy"),
        },
    )


def client_placements_section(request: HttpRequest, client: Any) -> tuple[str, dict[str, Any]]:
    from vacancies.pipeline_selectors import placement_list

    placements = placement_list(user=request.user, client=client)[:20]  # type: ignore[arg-type]
    return ("vacancies/_placements_section.html", {"placements": placements, "show_vacancy": True})


def move_applications(survivor: Any, duplicate: Any) -> int:
    """Candidate merge: the duplicate's applications go to the survivor (except where the survivor
    is already in that vacancy's pipeline: one application per vacancy; those stay on the tombstone)."""
    from vacancies.models import Application

    taken = Application.objects.filter(candidate=survivor).values("vacancy_id")
    moving = Application.objects.filter(candidate=duplicate).exclude(vacancy_id__in=taken)
    return int(moving.update(candidate=survivor))


def vacancy_visible(user: Any, vacancy_id: int) -> bool:
    from vacancies.models import Vacancy

    return Vacancy.objects.visible_to(user).filter(pk=vacancy_id).exists()


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Vacancies and the pipeline"

    def ready(self) -> None:
        # The client page shows its vacancies; clients cannot import us, so we register with it.
        from clients.sections import register_section

        register_section("vacancies", client_vacancies_section)
        register_section("placements", client_placements_section)

        from candidates.services import register_merge_mover

        register_merge_mover("applications", move_applications)
        # A consent recorded for a vacancy must name one the recorder can see (candidates pages, API).
        from candidates.services import register_vacancy_visibility

        register_vacancy_visibility(vacancy_visible)
        # The compliance placement gate and the requirements resolver for /compliance/status/.
        from vacancies import compliance_gate

        compliance_gate.register()
