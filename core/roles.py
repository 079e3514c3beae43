"""Roles are groups carrying model permissions.

Each app may declare, in its own `roles.py`, `ROLE_PERMISSIONS = {role: [perm, ...]}` for its
models; `role_groups_sync()` collects them from every installed app (so core never imports the
apps above it) and makes each role's group hold exactly those permissions. Admins get every
permission. It runs after every `migrate` (`role_sync_connect`, called from core's `ready()`) and
from `seed_demo`.
"""

from __future__ import annotations

import importlib
import logging

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)

RECRUITER = "recruiter"
MANAGER = "manager"
COMPLIANCE = "compliance"
ADMIN = "admin"
ROLES = (RECRUITER, MANAGER, COMPLIANCE, ADMIN)

# core's own share: everyone may see their team; the audit trail is for admins only.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    RECRUITER: ["core.view_team", "core.view_user"],
    MANAGER: ["core.view_team", "core.view_user"],
    COMPLIANCE: ["core.view_team", "core.view_user", "core.view_accesslog"],
}


def declared_role_permissions() -> dict[str, set[str]]:
    """Every app's ROLE_PERMISSIONS merged: role -> {"app_label.codename", ...}."""
    merged: dict[str, set[str]] = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged[role].update(perms)
    return merged


def _permissions(names: set[str], everything: list[Permission]) -> list[Permission]:
    by_name = {f"{perm.content_type.app_label}.{perm.codename}": perm for perm in everything}
    found = []
    for name in sorted(names):
        perm = by_name.get(name)
        if perm is None:
            # The app's migrations may not have run yet (post_migrate fires app by app).
            logger.debug("permission %s not created yet", name)
            continue
        found.append(perm)
    return found


def role_groups_sync() -> None:
    declared = declared_role_permissions()
    everything = list(Permission.objects.select_related("content_type"))  # one query, not one a name
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        if role == ADMIN:
            group.permissions.set(everything)
        else:
            group.permissions.set(_permissions(declared[role], everything))


def _sync_after_migrate(sender: AppConfig, **kwargs: object) -> None:
    # post_migrate fires once per app with models, in app order: sync once, after the last, when
    # every app's permissions exist (a test database is flushed, and this re-run, very often).
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    role_groups_sync()


def role_sync_connect() -> None:
    """Groups must carry the permissions of every app, so re-sync after each migrate."""
    post_migrate.connect(_sync_after_migrate, dispatch_uid="core.sync_roles")


def group_for(role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=role)
    return group
