"""Customer-service serializers (API.md "Customer service"). Related rows: only those the caller sees."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from candidates.models import Candidate, Document
from clients.models import Contact
from core.models import User
from engagement.models import Communication, Complaint, EmailTemplate, OutboundEmail
from vacancies.models import Vacancy


class _Scoped(serializers.ModelSerializer):
    scoped = {
        "candidate": lambda u: Candidate.objects.visible_to(u).filter(anonymised_at__isnull=True),
        "contact": lambda u: Contact.objects.visible_to(u),
        "vacancy": lambda u: Vacancy.objects.visible_to(u),
        "by": lambda u: User.objects.visible_to(u).filter(is_active=True),
        "owner": lambda u: User.objects.visible_to(u).filter(is_active=True),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return
        for name, make in self.scoped.items():
            field: Any = self.fields.get(name)
            if field is not None and not field.read_only:
                field.queryset = make(user)


class CommunicationSerializer(_Scoped):
    candidate = serializers.PrimaryKeyRelatedField(
        queryset=Candidate.objects.none(), required=False, allow_null=True
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), required=False, allow_null=True
    )
    vacancy = serializers.PrimaryKeyRelatedField(
        queryset=Vacancy.objects.none(), required=False, allow_null=True
    )
    by = serializers.PrimaryKeyRelatedField(source="owner", queryset=User.objects.none(), required=False)
    occurred_at = serializers.DateTimeField(required=False)

    class Meta:
        model = Communication
        fields = [
            "id",
            "kind",
            "direction",
            "summary",
            "occurred_at",
            "candidate",
            "contact",
            "vacancy",
            "by",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("candidate") and not attrs.get("contact"):
            raise serializers.ValidationError({"candidate": "Give the candidate or the contact."})
        return attrs


class ComplaintSerializer(_Scoped):
    candidate = serializers.PrimaryKeyRelatedField(
        queryset=Candidate.objects.none(), required=False, allow_null=True
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), required=False, allow_null=True
    )
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), required=False)
    received_at = serializers.DateTimeField(required=False)
    acknowledged_at = serializers.DateTimeField(required=False, allow_null=True)
    closed_at = serializers.DateTimeField(required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "complainant_type",
            "candidate",
            "contact",
            "complainant_name",
            "channel",
            "category",
            "severity",
            "description",
            "received_at",
            "owner",
            "acknowledged_at",
            "escalated_to",
            "escalated_at",
            "resolution",
            "closed_at",
            "acknowledge_by",
            "is_overdue",
        ]
        read_only_fields = ["escalated_to", "escalated_at", "acknowledge_by"]


class OutboundEmailSerializer(_Scoped):
    """`POST /emails/` (API.md "Added in the second round"): the message as written; sent by a worker."""

    scoped = {
        **_Scoped.scoped,
        # Anonymised or not: the contact rule answers 409 for such a person, not "no such candidate".
        "candidate": lambda u: Candidate.objects.visible_to(u),
        "attachments": lambda u: Document.objects.visible_to(u).select_related("candidate"),
        "template": lambda u: EmailTemplate.objects.all(),
    }
    candidate = serializers.PrimaryKeyRelatedField(
        queryset=Candidate.objects.none(), required=False, allow_null=True
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), required=False, allow_null=True
    )
    vacancy = serializers.PrimaryKeyRelatedField(
        queryset=Vacancy.objects.none(), required=False, allow_null=True
    )
    template = serializers.SlugRelatedField(
        slug_field="code", queryset=EmailTemplate.objects.none(), required=False, allow_null=True
    )
    attachments = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.none(), many=True, required=False
    )
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=50_000)

    class Meta:
        model = OutboundEmail
        fields = [
            "id",
            "status",
            "candidate",
            "contact",
            "vacancy",
            "template",
            "subject",
            "body",
            "attachments",
            "owner",
            "created_at",
            "sent_at",
            "attempts",
            "error",
        ]
        read_only_fields = ["id", "status", "owner", "created_at", "sent_at", "attempts", "error"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        field: Any = self.fields["attachments"]
        if user is not None:
            field.child_relation.queryset = self.scoped["attachments"](user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("candidate") is None) == (attrs.get("contact") is None):
            raise serializers.ValidationError({"candidate": "Give one candidate or one contact."})
        return attrs
