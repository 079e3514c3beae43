"""Admin screens: skills and their aliases (so admins can teach the normaliser), and read-mostly
views of candidates and documents. Diversity records are deliberately not registered."""

from __future__ import annotations

from django.contrib import admin

from candidates.models import Candidate, Document, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "aliases")
    search_fields = ("name", "key")


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("id", "first_name", "last_name", "status", "source", "owner", "team", "created_at")
    list_filter = ("status", "source", "team")
    search_fields = ("last_name", "email")
    raw_id_fields = ("owner", "merged_into")
    readonly_fields = (
        "is_anonymised",
        "anonymised_at",
        "merged_into",
        "merged_at",
        "created_at",
        "updated_at",
    )
    exclude = ("search_vector", "search_text")

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # people are anonymised, never deleted (history keeps its foreign keys)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("id", "candidate", "kind", "size", "extraction", "uploaded_at")
    list_filter = ("kind", "extraction")
    raw_id_fields = ("candidate", "uploaded_by")
    exclude = ("file",)  # served only through the checked, logged download view
    readonly_fields = ("content_type", "size", "sha256", "text", "extraction", "extraction_error")
