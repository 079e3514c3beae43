"""Data protection serializers (API.md "Data protection")."""

from __future__ import annotations

from rest_framework import serializers

from candidates.models import Candidate
from core.models import AuditEvent
from privacy.models import ErasureRequest, RetentionPolicy, SubjectAccessRequest, SweepRun


class RetentionPolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = RetentionPolicy
        fields = ["id", "category", "keep_for_days", "notify_before_days", "is_active"]

    def validate_keep_for_days(self, value: int) -> int:
        if not 1 <= value <= 3650 * 2:
            raise serializers.ValidationError("Between 1 day and 20 years.")
        return value

    def validate_notify_before_days(self, value: int) -> int:
        if value > 365:
            raise serializers.ValidationError("At most 365 days.")
        return value


class SweepRunSerializer(serializers.ModelSerializer):
    # Plain strings in the schema: other apps' "status" enums already claim the name.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = SweepRun
        fields = ["id", "status", "dry_run", "due", "anonymised", "skipped", "started_at", "finished_at"]
        read_only_fields = ["id", "status", "due", "anonymised", "skipped", "started_at", "finished_at"]


class SweepRequestSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=False)


class _RequestSerializer(serializers.ModelSerializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all())
    status = serializers.CharField(read_only=True)
    due_on = serializers.DateField(read_only=True)

    def validate_candidate(self, value: Candidate) -> Candidate:
        if value.is_anonymised:
            raise serializers.ValidationError("This candidate has already been anonymised.")
        return value


class SubjectAccessRequestSerializer(_RequestSerializer):
    target_on = serializers.DateField(read_only=True)

    class Meta:
        model = SubjectAccessRequest
        fields = ["id", "candidate", "received_on", "due_on", "target_on", "status", "export_status"]
        read_only_fields = ["id", "status", "export_status"]


class ErasureRequestSerializer(_RequestSerializer):
    class Meta:
        model = ErasureRequest
        fields = [
            "id",
            "candidate",
            "received_on",
            "due_on",
            "status",
            "exemption",
            "exemption_reason",
            "restricted_at",
            "anonymise_on",
        ]
        read_only_fields = ["id", "exemption", "exemption_reason", "restricted_at", "anonymise_on"]


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "action", "object_type", "object_id"]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=False, trim_whitespace=True)
