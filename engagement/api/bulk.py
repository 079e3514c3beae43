"""`POST /emails/bulk/` (API.md): one message to a selection or a saved search, only to people with a
live `marketing` consent whom the contact rule allows → `202 {id, recipients, skipped}`; the send is
then followed with `GET /emails/bulk/{id}/`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from candidates.models import Candidate, SavedSearch
from core.api.errors import Conflict
from core.api.viewsets import VisibleModelViewSet, VisibleQuerysetMixin
from core.http import request_user
from engagement.models import BulkEmail
from engagement.selectors.bulk import (
    bulk_candidates_searched,
    bulk_candidates_selected,
    bulk_email_max_recipients,
    bulk_email_progress,
)
from engagement.services.bulk import bulk_email_create
from engagement.services.emails import EmailRefused


class BulkEmailCreateSerializer(serializers.Serializer):
    candidates = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    saved_search = serializers.PrimaryKeyRelatedField(queryset=SavedSearch.objects.none(), required=False)
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=50_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        if user is not None:
            field: Any = self.fields["saved_search"]
            field.queryset = SavedSearch.objects.visible_to(user)

    def validate_candidates(self, ids: list[int]) -> list[int]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            raise serializers.ValidationError("Choose at least one candidate.")
        if len(ids) > bulk_email_max_recipients():
            raise serializers.ValidationError(
                f"One bulk mail goes to at most {bulk_email_max_recipients()} people."
            )
        user = self.context["request"].user
        visible = set(Candidate.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        missing = [pk for pk in ids if pk not in visible]
        if missing:  # another team's candidate reads as no candidate at all (never leak existence)
            raise serializers.ValidationError(f'Invalid pk "{missing[0]}" - object does not exist.')
        return ids

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("candidates" in attrs) == ("saved_search" in attrs):
            raise serializers.ValidationError({"candidates": "Give a list of candidates or a saved search."})
        return attrs


class BulkEmailCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    recipients = serializers.IntegerField()
    skipped = serializers.IntegerField()
    skipped_detail = serializers.ListField(child=serializers.DictField())


class BulkEmailSerializer(serializers.ModelSerializer):
    skipped = serializers.IntegerField(source="skipped_count", read_only=True)
    skipped_detail = serializers.ListField(source="skipped", child=serializers.DictField(), read_only=True)

    class Meta:
        model = BulkEmail
        fields = [
            "id",
            "status",
            "subject",
            "body",
            "owner",
            "created_at",
            "finished_at",
            "recipients",
            "sent",
            "skipped",
            "skipped_detail",
        ]
        read_only_fields = fields


class BulkEmailDetailSerializer(BulkEmailSerializer):
    progress = serializers.SerializerMethodField()

    class Meta(BulkEmailSerializer.Meta):
        fields = [*BulkEmailSerializer.Meta.fields, "progress"]
        read_only_fields = fields

    def get_progress(self, bulk: BulkEmail) -> dict[str, int]:
        """Its messages now: queued, sent, failed, total, percent done."""
        return bulk_email_progress(bulk=bulk)


def _created(bulk: BulkEmail) -> dict[str, Any]:
    return {
        "id": bulk.pk,
        "status": bulk.status,
        "recipients": bulk.recipients,
        "skipped": bulk.skipped_count,
        "skipped_detail": bulk.skipped,
    }


class BulkEmailViewSet(
    VisibleQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """`POST /emails/bulk/` → 202 {id, status, recipients, skipped, skipped_detail}; nobody who may
    receive it → 409 `no_recipients`; `GET /emails/bulk/` the team's sends, `GET /emails/bulk/{id}/`
    one with its progress."""

    queryset = BulkEmail.objects.all()
    serializer_class = BulkEmailSerializer
    permission_classes = VisibleModelViewSet.permission_classes
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self) -> QuerySet[BulkEmail]:
        return BulkEmail.objects.all()

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "create":
            return BulkEmailCreateSerializer
        if self.action == "retrieve":
            return BulkEmailDetailSerializer
        return BulkEmailSerializer

    @extend_schema(request=BulkEmailCreateSerializer, responses={202: BulkEmailCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request_user(request)
        try:
            if "saved_search" in data:
                people = bulk_candidates_searched(user=user, search=data["saved_search"])
            else:
                people = bulk_candidates_selected(user=user, ids=data["candidates"])
            bulk = bulk_email_create(
                actor=user, subject=data["subject"], body=data["body"], candidates=people
            )
        except EmailRefused as exc:
            raise Conflict(exc.messages[0], code=exc.api_code) from None
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            ) from None
        return Response(_created(bulk), status=202)
