from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from core.models import AccessLog, AuditEvent, Team, User
from core.services import audit_record, sync_user_role


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "lead", "created_at"]
    search_fields = ["name"]
    autocomplete_fields = ["lead"]

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="team.updated" if change else "team.created", obj=obj)  # type: ignore[arg-type]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "is_active", "last_login"]
    list_filter = ["role", "team", "is_active"]
    list_select_related = ["team"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Role and team", {"fields": ("role", "team", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "team", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The role decides the groups (and so the permissions); keep them in step.
        sync_user_role(obj)
        changed = sorted(form.changed_data) if change else []
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            action="user.updated" if change else "user.created",
            obj=obj,
            details={"fields": [f for f in changed if f not in ("password1", "password2")]},
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is append-only: admins read it, nobody edits it."""

    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_type", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_select_related = ["actor"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id"]
    list_select_related = ["user"]
