from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidates"

    def ready(self) -> None:
        from candidates.services.results_cache import results_invalidation_connect

        results_invalidation_connect()
