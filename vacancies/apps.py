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


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Vacancies and the pipeline"

    def ready(self) -> None:
        # The client page shows its vacancies; clients cannot import us, so we register with it.
        from clients.sections import register_section

        register_section("vacancies", client_vacancies_section)
        # The compliance placement gate and the requirements resolver for /compliance/status/.
        from vacancies import compliance_gate

        compliance_gate.register()
