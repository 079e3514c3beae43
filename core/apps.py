from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: users, teams, audit"

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the forms check)
        from core.roles import role_sync_connect
        from core.two_factor import login_enrolment_connect

        role_sync_connect()
        login_enrolment_connect()
