"""API.md pipeline endpoints: /applications/ (+ /move/) and /placements/."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from candidates.models import Candidate
from core.api import ActionPermission, Conflict, VisibleQuerysetMixin
from core.permissions import check_action
from vacancies import pipeline
from vacancies.models import Application, Placement, Stage, StageChange, Vacancy


class StageHistorySerializer(serializers.ModelSerializer):
    by: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = StageChange
        fields = ["stage", "at", "by"]


class ApplicationSerializer(serializers.ModelSerializer):
    stage_history = StageHistorySerializer(source="stage_changes", many=True, read_only=True)
    rejection_reason: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    stage = serializers.ChoiceField(
        choices=[Stage.SOURCED, Stage.SCREENING, Stage.SHORTLISTED], required=False, default=Stage.SOURCED
    )

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
            "stage_changed_at",
            "created_at",
        ]
        read_only_fields = ["withdrawn_reason", "stage_changed_at", "created_at"]
        validators: list[Any] = []  # one per vacancy is a 409 "duplicate", not a 400

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["candidate"].queryset = Candidate.objects.visible_to(request.user).live()  # type: ignore[attr-defined]
            self.fields["vacancy"].queryset = Vacancy.objects.visible_to(request.user)  # type: ignore[attr-defined]


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class PlacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Placement
        fields = [
            "id",
            "application",
            "start_on",
            "salary",
            "fee",
            "fee_percent",
            "fee_overridden",
            "pay_rate",
            "charge_rate",
            "margin",
            "guarantee_ends_on",
            "created_at",
        ]
        read_only_fields = ["fee_percent", "fee_overridden", "margin", "guarantee_ends_on", "created_at"]

    margin = serializers.IntegerField(read_only=True, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["application"].queryset = Application.objects.visible_to(request.user)  # type: ignore[attr-defined]


def _conflict(exc: pipeline.PipelineRefused) -> Conflict:
    return Conflict(exc.detail, code=exc.code, **exc.extra)


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
    action_permissions = {"move": "change"}

    def get_queryset(self) -> QuerySet[Application]:
        applications = (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("stage_changes", queryset=StageChange.objects.order_by("at", "id")))
            .select_related("rejection_reason")
            .order_by("pk")
        )
        params = self.request.query_params
        for name in ("vacancy", "candidate"):
            value = params.get(name, "")
            if value.isdigit():
                applications = applications.filter(**{f"{name}_id": int(value)})
        stage = params.get("stage", "")
        if stage in Stage.values:
            applications = applications.filter(stage=stage)
        return applications

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = serializer.validated_data
        user = self.request.user
        check_action(user, data["vacancy"], "change")  # adding to a pipeline works on the vacancy
        try:
            application = pipeline.application_create(
                actor=user,
                vacancy=data["vacancy"],
                candidate=data["candidate"],
                stage=data.get("stage", Stage.SOURCED),
            )
        except pipeline.PipelineRefused as exc:
            raise _conflict(exc) from None
        serializer.instance = self.get_queryset().get(pk=application.pk)

    @extend_schema(request=MoveSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            pipeline.application_move(
                actor=request.user,  # type: ignore[arg-type]
                application=application,
                stage=body.validated_data["stage"],
                reason=body.validated_data.get("reason") or None,
            )
        except pipeline.PipelineRefused as exc:
            raise _conflict(exc) from None
        return Response(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data)


class PlacementViewSet(
    VisibleQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PlacementSerializer
    queryset = Placement.objects.all()
    permission_classes = [IsAuthenticated, ActionPermission]

    def get_queryset(self) -> QuerySet[Placement]:
        return super().get_queryset().order_by("pk")

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        application = data.pop("application")
        check_action(self.request.user, application, "change")
        try:
            serializer.instance = pipeline.placement_create(
                actor=self.request.user,
                application=application,
                **data,
            )
        except pipeline.PipelineRefused as exc:
            raise _conflict(exc) from None
