from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, **kwargs: object) -> None:
    # post_migrate fires once per app with models, in app order: sync once, after the last, when
    # every app's permissions exist (a test database is flushed, and this re-run, very often).
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from core.roles import sync_role_groups

    sync_role_groups()


def _remember_two_factor(sender: Any, request: Any, user: Any, **kwargs: object) -> None:
    from core.two_factor import remember_enrolment_at_login

    remember_enrolment_at_login(request, user)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: users, teams, audit"

    def ready(self) -> None:
        # Groups must carry the permissions of every app, so re-sync after each migrate.
        post_migrate.connect(_sync_roles, dispatch_uid="core.sync_roles")
        # A user who turned two-factor on for themselves is asked for a code in every new session.
        user_logged_in.connect(_remember_two_factor, dispatch_uid="core.remember_two_factor")
