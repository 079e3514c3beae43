"""The Candidates contract of API.md: field names and shapes are fixed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from candidates.models import Candidate, Consent, Document, Qualification, WorkHistory
from candidates.models.fields import API_FIELDS, API_READ_ONLY_FIELDS
from candidates.search.queries import render_snippet
from core.api.versioning import version_field
from core.models import User


class WorkHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkHistory
        fields = ["employer", "title", "started_on", "ended_on", "summary"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        started, ended = attrs.get("started_on"), attrs.get("ended_on")
        if started and ended and ended < started:
            raise serializers.ValidationError({"ended_on": ["The end date is before the start date."]})
        return attrs


class QualificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Qualification
        fields = ["name", "institution", "awarded_on", "verified"]


class CandidateSerializer(serializers.ModelSerializer):
    skills = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=50), required=False, max_length=50)
    employment_types = serializers.ListField(
        child=serializers.ChoiceField(choices=Candidate.EmploymentType.choices), required=False
    )
    work_history = WorkHistorySerializer(many=True, required=False)
    qualifications = QualificationSerializer(many=True, required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), required=False)
    data_quality = serializers.IntegerField(read_only=True)
    possible_duplicates = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField(
        help_text="With ?q=: why it matched, HTML-escaped, matches in <mark>."
    )
    lawful_basis = serializers.ChoiceField(choices=Candidate.LawfulBasis.choices, required=False)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=12, required=False, allow_blank=True)
    updated_at = version_field()

    class Meta:
        model = Candidate
        # The Candidate's one field list (candidates.models.fields), then what is computed for the reply.
        fields = [*API_FIELDS, "data_quality", "possible_duplicates", "snippet"]
        read_only_fields = API_READ_ONLY_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only users the caller can see are owners to choose from: another team's user id is the same
        # "invalid pk" as one that does not exist (never leak which ids exist).
        user = getattr(self.context.get("request"), "user", None)
        owner: Any = self.fields.get("owner")
        if user is not None and owner is not None:
            owner.queryset = User.objects.visible_to(user).filter(is_active=True)

    def to_representation(self, instance: Candidate) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["skills"] = [link.skill.name for link in instance.skill_links.all()]
        return data

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_possible_duplicates(self, instance: Candidate) -> list[int]:
        return list(getattr(instance, "possible_duplicates", None) or [])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snippet(self, instance: Candidate) -> str | None:
        raw = getattr(instance, "search_snippet", None)
        return str(render_snippet(raw)) if raw is not None else None

    def validate_owner(self, owner: User) -> User:
        actor = self.context["request"].user
        if not actor.is_admin and owner.team_id != actor.team_id:
            raise serializers.ValidationError("The owner must be in your team.")
        return owner


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    preview_url = serializers.SerializerMethodField()
    file = serializers.FileField(write_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "filename",
            "size",
            "content_type",
            "uploaded_at",
            "extraction",
            "can_be_cv",
            "is_current_cv",
            "download_url",
            "preview_url",
            "file",
        ]
        read_only_fields = [
            "filename",
            "size",
            "content_type",
            "uploaded_at",
            "extraction",
            "can_be_cv",
            "is_current_cv",
        ]

    def get_download_url(self, document: Document) -> str:
        return reverse("candidates:document-download", args=[document.candidate_id, document.pk])

    def get_preview_url(self, document: Document) -> str:
        return reverse("candidate-document-preview", args=[document.candidate_id, document.pk])


class DocumentUpdateSerializer(serializers.Serializer):
    """PATCH /candidates/{id}/documents/{doc}/: only the fields sent are changed."""

    filename = serializers.CharField(max_length=255, required=False)
    kind = serializers.ChoiceField(choices=Document.Kind.choices, required=False)
    is_current_cv = serializers.BooleanField(required=False)


class NotDuplicateSerializer(serializers.Serializer):
    other = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class ConsentSerializer(serializers.ModelSerializer):
    vacancy = serializers.IntegerField(
        source="vacancy_id", required=False, allow_null=True, min_value=1, max_value=2**63 - 1
    )
    lawful_basis = serializers.ChoiceField(choices=Candidate.LawfulBasis.choices, default="consent")

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "lawful_basis",
            "vacancy",
            "given_at",
            "withdrawn_at",
            "method",
            "wording_version",
        ]
        read_only_fields = ["withdrawn_at"]
        extra_kwargs = {"given_at": {"required": False}}


class MergeSerializer(serializers.Serializer):
    duplicate = serializers.IntegerField()
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ChoiceField(choices=["survivor", "duplicate"]), required=False, default=dict
    )


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
