from __future__ import annotations

from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Vacancies and the pipeline"

    def ready(self) -> None:
        # Lower floors' registries (client page sections, merge mover, compliance resolvers).
        from vacancies import seams

        seams.register()
