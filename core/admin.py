from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AccessLog, AuditEvent, Team, User
from core.services import audit_record, user_role_sync
from core.two_factor import two_factor_reset


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
        ("Person", {"fields": ("first_name", "last_name", "email", "phone")}),
        ("Role and team", {"fields": ("role", "team", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "team", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.action(description="Reset two-factor authentication (they set it up again at next login)")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            two_factor_reset(actor=request.user, user=user)  # type: ignore[arg-type]
        self.message_user(
            request, f"Two-factor authentication reset for {queryset.count()} user(s).", messages.SUCCESS
        )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # The role decides the groups (and so the permissions); keep them in step.
        user_role_sync(user=obj)
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


# django-otp's own device admin shows each secret key and a QR code of it: anyone with the admin could
# copy a colleague's authenticator. Here devices are listed without their secrets; reset is the
# "Reset two-factor authentication" action on users (audited).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reset through the users' action, which is audited
