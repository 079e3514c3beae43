from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance and vetting"

    def ready(self) -> None:
        # Candidates cannot import us: we register how our rows follow a merged candidate.
        from compliance import seams

        seams.register()
