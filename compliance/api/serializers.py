"""Compliance serializers (API.md "Compliance"). Candidates are limited to those the caller sees."""

from __future__ import annotations

import builtins
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from candidates.models import Candidate
from compliance.models import (
    DBSCheck,
    DBSStatusCheck,
    GapExplanation,
    IdentityCheck,
    ReferenceCheck,
    ReferenceRequest,
    RightToWorkCheck,
    VettingNote,
)
from compliance.selectors.records import rtw_warning_list
from core.models import User


def _scoped_querysets(user: Any, model: Any) -> dict[str, Any]:
    candidates: Any = Candidate.objects.visible_to(user)
    users: Any = User.objects.visible_to(user)
    checks: Any = model._default_manager.visible_to(user)
    return {"candidate": candidates.live(), "checked_by": users.filter(is_active=True), "supersedes": checks}


class _CandidateScoped(serializers.ModelSerializer):
    """`candidate` (and `supersedes`) accept only rows the caller can see: anything else is a 400."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return
        for name, queryset in _scoped_querysets(user, self.Meta.model).items():
            field: Any = self.fields.get(name)
            if field is not None:
                field.queryset = queryset


class RightToWorkCheckSerializer(_CandidateScoped):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())
    list = serializers.ChoiceField(source="document_list", choices=RightToWorkCheck.DocumentList.choices)
    checked_by = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )
    evidence = serializers.FileField(write_only=True, required=False)
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=RightToWorkCheck.objects.none(), write_only=True, required=False
    )
    has_evidence = serializers.BooleanField(read_only=True)
    evidence_url = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    share_code = serializers.CharField(required=False, allow_blank=True, max_length=20)

    class Meta:
        model = RightToWorkCheck
        fields = [
            "id",
            "candidate",
            "holds",
            "route",
            "list",
            "document_type",
            "share_code",
            "share_code_issued_on",
            "checked_on",
            "checked_by",
            "permission_expires_on",
            "pvn_issued_on",
            "outcome",
            "excuse_until",
            "follow_up_due_on",
            "evidence",
            "has_evidence",
            "evidence_sha256",
            "evidence_purged_at",
            "evidence_url",
            "supersedes",
            "superseded_by",
            "recorded_at",
            "recorded_by",
            "verified_by",
            "verified_at",
            "warnings",
        ]
        read_only_fields = [
            "excuse_until",
            "follow_up_due_on",
            "evidence_sha256",
            "evidence_purged_at",
            "superseded_by",
            "recorded_at",
            "recorded_by",
            "verified_by",
            "verified_at",
        ]

    def get_evidence_url(self, obj: RightToWorkCheck) -> str | None:
        return reverse("compliance:rtw-evidence", args=[obj.pk]) if obj.has_evidence else None

    def get_warnings(self, obj: RightToWorkCheck) -> builtins.list[str]:
        return rtw_warning_list(obj)


class DBSStatusCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = DBSStatusCheck
        fields = ["id", "checked_on", "workforce", "outcome", "checked_by", "recorded_at"]
        read_only_fields = ["checked_by", "recorded_at"]


class DBSCheckSerializer(_CandidateScoped):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())
    vacancy = serializers.IntegerField(
        write_only=True, required=False, help_text="The vacancy the check is for (needed above basic)."
    )
    certificate_number = serializers.CharField(max_length=20)
    certificate_image = serializers.FileField(write_only=True, required=False)
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=DBSCheck.objects.none(), write_only=True, required=False
    )
    status_checks = DBSStatusCheckSerializer(many=True, read_only=True)
    has_image = serializers.SerializerMethodField()

    class Meta:
        model = DBSCheck
        fields = [
            "id",
            "candidate",
            "vacancy",
            "level",
            "workforce",
            "barred_lists",
            "certificate_number",
            "issued_on",
            "result",
            "decision_on",
            "update_service",
            "update_service_consent_on",
            "recheck_due_on",
            "certificate_image",
            "has_image",
            "image_purged_at",
            "supersedes",
            "superseded_by",
            "status_checks",
            "recorded_at",
        ]
        read_only_fields = ["recheck_due_on", "image_purged_at", "superseded_by", "recorded_at"]

    def get_has_image(self, obj: DBSCheck) -> bool:
        return bool(obj.certificate_image) and obj.image_purged_at is None


class ReferenceCheckSerializer(_CandidateScoped):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())
    supersedes = serializers.PrimaryKeyRelatedField(
        queryset=ReferenceCheck.objects.none(), write_only=True, required=False
    )

    class Meta:
        model = ReferenceCheck
        fields = [
            "id",
            "candidate",
            "referee_name",
            "referee_email",
            "relationship",
            "is_relative",
            "organisation",
            "employed_from",
            "employed_to",
            "requested_on",
            "received_on",
            "verified",
            "consent_to_disclose",
            "supersedes",
            "superseded_by",
            "recorded_at",
            "recorded_by",
            "verified_by",
            "verified_at",
        ]
        read_only_fields = ["superseded_by", "recorded_at", "recorded_by", "verified_by", "verified_at"]


class GapExplanationSerializer(_CandidateScoped):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())

    class Meta:
        model = GapExplanation
        fields = ["id", "candidate", "starts_on", "ends_on", "explanation", "recorded_by", "recorded_at"]
        read_only_fields = ["recorded_by", "recorded_at"]


class VettingNoteSerializer(_CandidateScoped):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())

    class Meta:
        model = VettingNote
        fields = ["id", "candidate", "covers", "steps_taken", "recorded_by", "recorded_at"]
        read_only_fields = ["recorded_by", "recorded_at"]


class IdentityCheckSerializer(_CandidateScoped):
    """Conduct Regs reg 19(a): how the candidate's identity was confirmed, by whom, when."""

    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())
    checked_by = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, help_text="Default: the caller."
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        model = IdentityCheck
        fields = [
            "id",
            "candidate",
            "method",
            "checked_on",
            "checked_by",
            "notes",
            "recorded_by",
            "verified_by",
            "verified_at",
            "recorded_at",
        ]
        read_only_fields = ["recorded_by", "verified_by", "verified_at", "recorded_at"]


class VerificationSerializer(serializers.Serializer):
    """Four eyes: who verified a check, and when."""

    id = serializers.IntegerField()
    verified_by = serializers.IntegerField(source="verified_by_id")
    verified_at = serializers.DateTimeField()


class RequirementStatusSerializer(serializers.Serializer):
    requirement = serializers.CharField()
    status = serializers.ChoiceField(choices=["satisfied", "missing", "expired", "pending"])
    detail = serializers.CharField()


class ComplianceStatusSerializer(serializers.Serializer):
    compliant = serializers.BooleanField()
    requirements = RequirementStatusSerializer(many=True)


class ReferenceRequestSerializer(_CandidateScoped):
    """Issue 18: a reference asked of a referee by email; the answer fields are the referee's."""

    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())
    state = serializers.CharField(read_only=True)

    class Meta:
        model = ReferenceRequest
        fields = [
            "id",
            "candidate",
            "referee_name",
            "referee_email",
            "relationship",
            "is_relative",
            "organisation",
            "employed_from",
            "employed_to",
            "requested_by",
            "requested_at",
            "expires_at",
            "state",
            "answered_at",
            "answer_employed_from",
            "answer_employed_to",
            "answer_role",
            "would_re_employ",
            "comments",
            "reference_check",
        ]
        read_only_fields = [
            "requested_by",
            "requested_at",
            "expires_at",
            "answered_at",
            "answer_employed_from",
            "answer_employed_to",
            "answer_role",
            "would_re_employ",
            "comments",
            "reference_check",
        ]
        extra_kwargs = {"referee_email": {"required": True, "allow_blank": False}}
