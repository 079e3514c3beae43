from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from clients.models import Client, Contact, TermsOfBusiness, validate_rebate_schedule
from core.api.versioning import version_field
from core.models import Team


class ClientSerializer(serializers.ModelSerializer):
    # The fee and signing date of the terms in force; writing them records a new terms version.
    fee_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        required=False,
        allow_null=True,
        coerce_to_string=False,
    )
    terms_signed_on = serializers.DateField(required=False, allow_null=True)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False)
    updated_at = version_field()

    class Meta:
        model = Client
        fields = [
            "id",
            "name",
            "sector",
            "status",
            "owner",
            "team",
            "address",
            "postcode",
            "terms_signed_on",
            "fee_percent",
            "update_every_days",
            "dbs_recheck_months",
            "is_confidential",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner", "created_at"]

    def validate_team(self, team: Team) -> Team:
        user = self.context["request"].user
        if not user.is_admin and team.pk != user.team_id:
            raise serializers.ValidationError("You can only add clients to your own team.")
        return team

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "terms_signed_on" in attrs and attrs.get("fee_percent") is None and self.instance is None:
            raise serializers.ValidationError({"fee_percent": ["Give the fee with the signing date."]})
        return attrs


class ContactSerializer(serializers.ModelSerializer):
    updated_at = version_field()

    class Meta:
        model = Contact
        fields = [
            "id",
            "client",
            "first_name",
            "last_name",
            "email",
            "phone",
            "job_title",
            "is_hiring_manager",
            "lawful_basis",
            "owner",
            "team",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner", "team", "created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # An invisible client is "does not exist", never a hint that it does.
            self.fields["client"].queryset = Client.objects.visible_to(request.user)  # type: ignore[attr-defined]
        if self.instance is not None:
            self.fields["client"].read_only = True


class TermsSerializer(serializers.ModelSerializer):
    """A version of the client's terms; `document` (PDF or DOCX, checked by content) is write-only."""

    rebate_schedule = serializers.JSONField(binary=True, required=False)
    document = serializers.FileField(write_only=True, required=False)
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = TermsOfBusiness
        fields = [
            "id",
            "fee_percent",
            "rebate_schedule",
            "signed_on",
            "document",
            "has_document",
            "document_kind",
            "created_at",
        ]
        read_only_fields = ["document_kind", "created_at"]

    def get_has_document(self, terms: TermsOfBusiness) -> bool:
        return bool(terms.document)

    def validate_rebate_schedule(self, value: Any) -> Any:
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            validate_rebate_schedule(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return value
