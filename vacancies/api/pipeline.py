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
from vacancies import pipeline, submissions
from vacancies.models import Application, Interview, Offer, Placement, Stage, StageChange, Vacancy


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
            "stage_changed_at",
            "created_at",
        ]
        read_only_fields = ["withdrawn_reason", "stage_changed_at", "created_at"]
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
        data = body.validated_data
        extra = {name: data[name] for name in ("contact", "channel", "document") if name in data}
        try:
            pipeline.application_move(
                actor=request.user,  # type: ignore[arg-type]
                application=application,
                stage=data["stage"],
                reason=data.get("reason") or None,
                **extra,
            )
        except pipeline.PipelineRefused as exc:
            raise _conflict(exc) from None
        result = dict(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data)
        if data["stage"] == Stage.SUBMITTED:
            # Ownership disputes: already put forward to this client in the last 6 months — who, when.
            result["warnings"] = submissions.recent_submissions_elsewhere(application)
        return Response(result)


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


class InterviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "starts_at",
            "kind",
            "interviewers",
            "location",
            "video_link",
            "outcome",
            "feedback",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["application"].queryset = Application.objects.visible_to(request.user)  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["application"].read_only = True


class OfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = [
            "id",
            "application",
            "offered_on",
            "salary",
            "day_rate",
            "start_on",
            "status",
            "counter_offer_risk",
            "counter_offer_note",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["application"].queryset = Application.objects.visible_to(request.user)  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["application"].read_only = True


class _ApplicationChildViewSet(
    VisibleQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Interviews and offers: seen and changed with their application (change on it needed)."""

    permission_classes = [IsAuthenticated, ActionPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {"partial_update": "view", "update": "view"}  # checked on the application

    def get_queryset(self) -> QuerySet:
        items = super().get_queryset().order_by("pk")
        application = self.request.query_params.get("application", "")
        if application.isdigit():
            items = items.filter(application_id=int(application))
        return items

    def _check(self, application: Application) -> None:
        check_action(self.request.user, application, "change")

    def perform_create(self, serializer: BaseSerializer) -> None:
        self._check(serializer.validated_data["application"])
        self.create_with(serializer)

    def perform_update(self, serializer: BaseSerializer) -> None:
        instance = serializer.instance
        self._check(instance.application)  # type: ignore[union-attr]
        self.update_with(serializer)

    def create_with(self, serializer: BaseSerializer) -> None:
        raise NotImplementedError

    def update_with(self, serializer: BaseSerializer) -> None:
        serializer.save()


class InterviewViewSet(_ApplicationChildViewSet):
    serializer_class = InterviewSerializer
    queryset = Interview.objects.all()

    def create_with(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = pipeline.interview_create(
            actor=self.request.user,
            application=data.pop("application"),
            **data,
        )

    def update_with(self, serializer: BaseSerializer) -> None:
        interview = serializer.instance
        assert isinstance(interview, Interview)
        data = serializer.validated_data
        if set(data) <= {"outcome", "feedback"}:
            pipeline.interview_record_outcome(
                actor=self.request.user,
                interview=interview,
                outcome=data.get("outcome", interview.outcome),
                feedback=data.get("feedback", interview.feedback),
            )
        else:
            serializer.save()


class OfferViewSet(_ApplicationChildViewSet):
    serializer_class = OfferSerializer
    queryset = Offer.objects.all()

    def create_with(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = pipeline.offer_create(
            actor=self.request.user,
            application=data.pop("application"),
            **data,
        )
