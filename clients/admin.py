"""Admin views of clients (for admins: the everyday screens are clients/views.py)."""

from __future__ import annotations

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from clients.models import Client, Contact, TermsOfBusiness


@admin.register(Client)
class ClientAdmin(GuardedModelAdmin):
    # GuardedModelAdmin: admins can also manage the named users (object permissions) here.
    list_display = ["name", "status", "sector", "team", "owner", "is_confidential"]
    list_filter = ["status", "is_confidential", "team"]
    list_select_related = ["team", "owner"]
    search_fields = ["name"]
    raw_id_fields = ["owner"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "client", "job_title", "is_hiring_manager"]
    list_select_related = ["client"]
    raw_id_fields = ["client", "owner"]
    search_fields = ["last_name", "client__name"]


@admin.register(TermsOfBusiness)
class TermsAdmin(admin.ModelAdmin):
    list_display = ["client", "fee_percent", "signed_on", "document_kind"]
    list_select_related = ["client"]
    raw_id_fields = ["client", "created_by"]
    readonly_fields = ["document", "document_kind"]
