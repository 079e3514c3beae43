from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, **kwargs: object) -> None:
    from core.roles import sync_role_groups

    sync_role_groups()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: users, teams, audit"

    def ready(self) -> None:
        # Groups must carry the permissions of every app, so re-sync after each migrate.
        post_migrate.connect(_sync_roles, dispatch_uid="core.sync_roles")
