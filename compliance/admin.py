"""Admin: read-only. Checks are recorded through the forms and API (services), never edited here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from compliance.models import ComplianceTask, GapExplanation, ReferenceCheck, RightToWorkCheck, VettingNote


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RightToWorkCheck)
class RightToWorkCheckAdmin(ReadOnlyAdmin):
    list_display = ("id", "candidate_id", "route", "document_list", "outcome", "checked_on", "excuse_until")
    list_filter = ("route", "document_list", "outcome")
    exclude = ("evidence",)


@admin.register(ReferenceCheck)
class ReferenceCheckAdmin(ReadOnlyAdmin):
    list_display = ("id", "candidate_id", "requested_on", "received_on", "verified")


@admin.register(GapExplanation, VettingNote)
class NoteAdmin(ReadOnlyAdmin):
    list_display = ("id", "candidate_id", "recorded_at")


@admin.register(ComplianceTask)
class ComplianceTaskAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "candidate_id", "due_on", "done_at")
    list_filter = ("kind",)
