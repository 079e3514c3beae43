from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = "Customer service"

    def ready(self) -> None:
        from engagement import seams

        seams.register()
