"""Admin: the rejection-reason list is edited here (issue 4: "an admin-editable list")."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from vacancies.models import RejectionReason, Vacancy


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "is_active", "position"]
    list_editable = ["is_active", "position"]
    search_fields = ["label", "code"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Reasons are kept for reporting on past rejections: retire one with "is active" instead.
        return False


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "client", "status", "employment_type", "team", "owner"]
    list_filter = ["status", "employment_type", "team"]
    list_select_related = ["client", "team", "owner"]
    search_fields = ["title", "client__name"]
    raw_id_fields = ["client", "contact", "owner"]
