"""Customer-service serializers (API.md "Customer service"). Related rows: only those the caller sees."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from candidates.models import Candidate
from clients.models import Contact
from core.models import User
from engagement.models import Communication, Complaint
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
