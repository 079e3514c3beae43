from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clients.models import Client, Contact
from core.api.versioning import version_field
from vacancies.models import Vacancy
from vacancies.models.vacancy import DBS_LEVELS, VACANCY_FIELDS
from vacancies.selectors.vacancies import vacancy_inclusive_language


class RequiredChecksSerializer(serializers.Serializer):
    right_to_work = serializers.BooleanField()
    dbs_level = serializers.ChoiceField(choices=DBS_LEVELS)
    references = serializers.IntegerField(min_value=0, max_value=5)


class InclusiveLanguageSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    masculine_words = serializers.ListField(child=serializers.CharField())
    feminine_words = serializers.ListField(child=serializers.CharField())
    flagged_phrases = serializers.ListField(child=serializers.CharField())
    jargon = serializers.ListField(child=serializers.CharField())


class VacancySerializer(serializers.ModelSerializer):
    required_checks = RequiredChecksSerializer(required=False)
    inclusive_language = serializers.SerializerMethodField()
    must_have_skills = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    nice_to_have_skills = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100
    )
    updated_at = version_field()

    class Meta:
        model = Vacancy
        # The model's one field list, plus what the API shows beside it (API.md).
        fields = [
            "id",
            "client",
            *VACANCY_FIELDS,
            "status",
            "owner",
            "team",
            "inclusive_language",
            "created_at",
            "updated_at",
            "opened_at",
            "filled_at",
        ]
        read_only_fields = ["owner", "team", "created_at", "opened_at", "filled_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Invisible clients and contacts are "does not exist" (400), never a hint that they do.
            self.fields["client"].queryset = Client.objects.visible_to(request.user)  # type: ignore[attr-defined]
            self.fields["contact"].queryset = Contact.objects.visible_to(request.user)  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["client"].read_only = True

    @extend_schema_field(InclusiveLanguageSerializer)
    def get_inclusive_language(self, vacancy: Vacancy) -> dict[str, Any]:
        return vacancy_inclusive_language(vacancy=vacancy)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        client = attrs.get("client") or getattr(self.instance, "client", None)
        contact = attrs.get("contact")
        if contact is not None and client is not None and contact.client_id != client.pk:
            raise serializers.ValidationError({"contact": ["Choose a contact at this vacancy's client."]})
        return attrs
