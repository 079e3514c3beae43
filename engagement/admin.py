from django.contrib import admin

from engagement.models import (
    BouncedAddress,
    Communication,
    Complaint,
    EmailTemplate,
    FeedbackResponse,
    Improvement,
    InboundEmail,
    ToDo,
)


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "subject", "updated_at"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "complainant_type",
        "severity",
        "received_at",
        "acknowledge_by",
        "closed_at",
        "team",
    ]
    list_filter = ["severity", "category", "team"]
    raw_id_fields = ["candidate", "contact", "owner", "escalated_to"]


@admin.register(Communication)
class CommunicationAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "direction", "occurred_at", "owner", "team"]
    list_filter = ["kind", "team"]
    raw_id_fields = ["candidate", "contact", "vacancy", "owner"]


@admin.register(Improvement)
class ImprovementAdmin(admin.ModelAdmin):
    list_display = ["id", "status", "done_on", "owner", "team"]


@admin.register(FeedbackResponse)
class FeedbackResponseAdmin(admin.ModelAdmin):
    list_display = ["id", "score", "stage", "answered_at", "team"]


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ["id", "status", "route", "received_at", "team"]
    list_filter = ["status", "route", "team"]
    raw_id_fields = ["candidate", "contact", "in_reply_to", "communication", "owner", "filed_by"]


@admin.register(BouncedAddress)
class BouncedAddressAdmin(admin.ModelAdmin):
    """Deleting a mark lets mail go to that address again (after the person confirms it works)."""

    list_display = ["id", "bounced_at", "reason"]


@admin.register(ToDo)
class ToDoAdmin(admin.ModelAdmin):
    list_display = ["id", "due_at", "assignee", "done_at", "team"]
    list_filter = ["team"]
    raw_id_fields = ["candidate", "contact", "client", "vacancy", "owner", "assignee"]
