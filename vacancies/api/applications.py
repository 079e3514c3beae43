"""API.md: /applications/ (+ /move/), each with its stage history."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from candidates.models import Candidate
from core.api.permissions import ActionPermission
from core.api.versioning import conflict_response, stale_conflict
from core.api.viewsets import VisibleQuerysetMixin
from core.http import request_user
from core.permissions import check_action
from core.versioning import StaleRecord
from vacancies.api.common import conflict
from vacancies.filtersets import ApplicationFilterSet
from vacancies.models import Application, Stage, StageChange, Vacancy
from vacancies.selectors.submissions import submission_elsewhere_list
from vacancies.services.consents import consent_link_url, consent_request_send
from vacancies.services.pipeline import PipelineRefused, application_create, application_move


class StageHistorySerializer(serializers.ModelSerializer):
    by: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = StageChange
        fields = ["stage", "at", "by"]


class ApplicationSerializer(serializers.ModelSerializer):
    stage_history = StageHistorySerializer(source="stage_changes", many=True, read_only=True)
    # null until the application is rejected (the schema said string, the API answered null).
    rejection_reason: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    # All stages in the schema (one StageEnum); a new application may start at the first three.
    stage = serializers.ChoiceField(choices=Stage.choices, required=False, default=Stage.SOURCED)

    class Meta:
        model = Application
        fields = [
            "id",
            "candidate",
            "vacancy",
            "stage",
            "stage_history",
            "rejection_reason",
            "withdrawn_reason",
            "source",
            "needs_adjustments",
            "stage_changed_at",
            "created_at",
            "updated_at",
        ]
        # `source` and `needs_adjustments` are set where the application came from (careers site).
        read_only_fields = [
            "withdrawn_reason",
            "source",
            "needs_adjustments",
            "stage_changed_at",
            "created_at",
            "updated_at",
        ]
        validators: list[Any] = []  # one per vacancy is a 409 "duplicate", not a 400

    def validate_stage(self, stage: str) -> str:
        if stage not in (Stage.SOURCED, Stage.SCREENING, Stage.SHORTLISTED):
            raise serializers.ValidationError(
                "A new application starts at sourced, screening or shortlisted."
            )
        return stage

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["candidate"].queryset = Candidate.objects.visible_to(request.user).live()  # type: ignore[attr-defined]
            self.fields["vacancy"].queryset = Vacancy.objects.visible_to(request.user)  # type: ignore[attr-defined]


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
    # For `submitted` (API.md): the client contact, the channel and the CV version sent.
    contact = serializers.IntegerField(required=False, min_value=1)
    channel = serializers.ChoiceField(choices=["email", "portal", "verbal"], required=False)
    document = serializers.IntegerField(required=False, min_value=1)
    updated_at = serializers.DateTimeField(
        required=False,
        help_text="Optional: the application's updated_at as you last read it. If it has changed since "
        '(someone moved it), the answer is 409 {"code": "conflict", "current": {…}} and nothing moves.',
    )


class ApplicationViewSet(
    VisibleQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ApplicationSerializer
    queryset = Application.objects.all()
    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {"move": "change", "consent_request": "change"}

    filterset_class = ApplicationFilterSet  # vacancy, candidate, stage

    def get_queryset(self) -> QuerySet[Application]:
        applications = (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("stage_changes", queryset=StageChange.objects.order_by("at", "id")))
            .select_related("rejection_reason")
            .order_by("pk")
        )
        return applications

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = serializer.validated_data
        user = self.request.user
        check_action(user, data["vacancy"], "change")  # adding to a pipeline works on the vacancy
        try:
            application = application_create(
                actor=user,
                vacancy=data["vacancy"],
                candidate=data["candidate"],
                stage=data.get("stage", Stage.SOURCED),
            )
        except PipelineRefused as exc:
            raise conflict(exc) from None
        serializer.instance = self.get_queryset().get(pk=application.pk)

    @extend_schema(
        request=MoveSerializer,
        responses={200: ApplicationSerializer, 409: conflict_response(ApplicationSerializer, "Application")},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        extra = {name: data[name] for name in ("contact", "channel", "document") if name in data}
        try:
            application_move(
                actor=request_user(request),
                application=application,
                stage=data["stage"],
                reason=data.get("reason") or None,
                expected_updated_at=data.get("updated_at"),
                **extra,
            )
        except PipelineRefused as exc:
            raise conflict(exc) from None
        except StaleRecord:
            current = self.get_queryset().get(pk=application.pk)
            raise stale_conflict(ApplicationSerializer(current).data) from None
        result = dict(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data)
        if data["stage"] == Stage.SUBMITTED:
            # Ownership disputes: already put forward to this client in the last 6 months — who, when.
            result["warnings"] = submission_elsewhere_list(application)
        return Response(result)

    @extend_schema(request=None, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="consent-request")
    def consent_request(self, request: Request, pk: str | None = None) -> Response:
        """Issue 18: email the candidate "May we put you forward?" for this vacancy (a single-use
        signed link, also returned once to copy); 409 do_not_contact / suppressed when the contact
        rule says no (nothing is kept)."""
        application = self.get_object()
        try:
            link, token, email = consent_request_send(actor=request_user(request), application=application)
        except PipelineRefused as exc:
            raise conflict(exc) from None
        return Response(
            {
                "url": consent_link_url(token),
                "expires_at": link.expires_at.isoformat(),
                "email": {"id": email.pk, "status": email.status},
            },
            status=201,
        )
