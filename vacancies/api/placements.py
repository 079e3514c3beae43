"""API.md: /placements/ (a placement is recorded through the compliance gate)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.serializers import BaseSerializer

from core.api.permissions import ActionPermission
from core.api.viewsets import VisibleQuerysetMixin
from core.permissions import check_action
from vacancies.api.common import conflict
from vacancies.models import Application, Placement
from vacancies.services.pipeline import PipelineRefused
from vacancies.services.placements import placement_create


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
            "expected_days",
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
            serializer.instance = placement_create(
                actor=self.request.user,
                application=application,
                **data,
            )
        except PipelineRefused as exc:
            raise conflict(exc) from None
