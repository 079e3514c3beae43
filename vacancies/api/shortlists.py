"""API.md: /shortlists/ (+ entries, submit, review, share)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from candidates.models import Candidate
from core.api.permissions import ActionPermission
from core.api.viewsets import VisibleQuerysetMixin
from core.http import request_user
from core.permissions import check_action
from vacancies.api.common import conflict
from vacancies.filtersets import ShortlistFilterSet
from vacancies.models import Shortlist, ShortlistEntry, Vacancy
from vacancies.selectors.shortlists import shortlist_is_blind_for
from vacancies.services import shortlists as shortlist_services
from vacancies.services.pipeline import PipelineRefused


class EntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ShortlistEntry
        fields = [
            "id",
            "candidate",
            "rank",
            "rationale",
            "match_rationale",
            "match_score",
            "decision",
            "decision_comment",
        ]
        read_only_fields = fields


class ShortlistSerializer(serializers.ModelSerializer):
    entries = EntrySerializer(many=True, read_only=True)

    class Meta:
        model = Shortlist
        fields = ["id", "vacancy", "status", "rationale", "review_comment", "entries", "created_at"]
        read_only_fields = ["status", "review_comment", "entries", "created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["vacancy"].queryset = Vacancy.objects.visible_to(request.user)  # type: ignore[attr-defined]

    def to_representation(self, instance: Shortlist) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and shortlist_is_blind_for(request.user, instance):
            # Blind shortlist: the reviewer gets no way to identify the person.
            for entry in data["entries"]:
                entry["candidate"] = None
        return data


class EntryCreateSerializer(serializers.Serializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.none())
    rank = serializers.IntegerField(min_value=1, max_value=999, required=False)
    rationale = serializers.CharField(required=False, allow_blank=True, max_length=4000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Not only live ones: the service says why a merged or anonymised record can't be added.
            self.fields["candidate"].queryset = Candidate.objects.visible_to(request.user)  # type: ignore[attr-defined]


class DecisionSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["approved", "rejected"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReviewSerializer(serializers.Serializer):
    decisions = DecisionSerializer(many=True, required=False)
    request_changes = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ShareSerializer(serializers.Serializer):
    days = serializers.IntegerField(
        min_value=1, max_value=90, required=False, default=shortlist_services.SHARE_DAYS
    )
    # Issue 18: the app emails the link to the vacancy's contact (409 do_not_contact / suppressed /
    # no_contact when it may not); the answer then carries the queued `email` too.
    send = serializers.BooleanField(required=False, default=False)


class ShortlistViewSet(
    VisibleQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ShortlistSerializer
    queryset = Shortlist.objects.all()
    permission_classes = [IsAuthenticated, ActionPermission]
    action_permissions = {
        "entries": "change",
        "submit": "change",
        "share": "change",
        # Visibility first (404), then the service checks `vacancies.review_shortlist` (403).
        "review": "view",
    }

    filterset_class = ShortlistFilterSet  # vacancy

    def get_queryset(self) -> QuerySet[Shortlist]:
        items = (
            super()
            .get_queryset()
            .select_related("vacancy")
            .prefetch_related(Prefetch("entries", queryset=ShortlistEntry.objects.order_by("rank", "id")))
            .order_by("pk")
        )
        return items

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = serializer.validated_data
        check_action(self.request.user, data["vacancy"], "change")
        shortlist = shortlist_services.shortlist_create(
            actor=self.request.user,
            vacancy=data["vacancy"],
            rationale=data.get("rationale", ""),
        )
        serializer.instance = self.get_queryset().get(pk=shortlist.pk)

    def _fresh(self, shortlist: Shortlist) -> Response:
        return Response(
            ShortlistSerializer(
                self.get_queryset().get(pk=shortlist.pk), context={"request": self.request}
            ).data
        )

    @extend_schema(request=EntryCreateSerializer, responses=ShortlistSerializer)
    @action(detail=True, methods=["post"])
    def entries(self, request: Request, pk: str | None = None) -> Response:
        shortlist = self.get_object()
        body = EntryCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        try:
            shortlist_services.shortlist_entry_add(
                actor=request_user(request),
                shortlist=shortlist,
                candidate=body.validated_data["candidate"],
                rank=body.validated_data.get("rank"),
                rationale=body.validated_data.get("rationale", ""),
            )
        except PipelineRefused as exc:
            raise conflict(exc) from None
        response = self._fresh(shortlist)
        response.status_code = 201
        return response

    @extend_schema(request=None, responses=ShortlistSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        shortlist = self.get_object()
        try:
            shortlist_services.shortlist_submit(actor=request_user(request), shortlist=shortlist)
        except PipelineRefused as exc:
            raise conflict(exc) from None
        return self._fresh(shortlist)

    @extend_schema(request=ReviewSerializer, responses=ShortlistSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        shortlist = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            shortlist_services.shortlist_review(
                actor=request_user(request),
                shortlist=shortlist,
                decisions=[dict(d) for d in body.validated_data.get("decisions", [])],
                request_changes=body.validated_data["request_changes"],
                comment=body.validated_data.get("comment", ""),
            )
        except PipelineRefused as exc:
            raise conflict(exc) from None
        return self._fresh(shortlist)

    @extend_schema(request=ShareSerializer, responses=dict[str, str])
    @action(detail=True, methods=["post"])
    def share(self, request: Request, pk: str | None = None) -> Response:
        shortlist = self.get_object()
        body = ShareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user, days, email = request_user(request), body.validated_data["days"], None
        try:
            if body.validated_data["send"]:
                link, token, email = shortlist_services.shortlist_share_send(
                    actor=user, shortlist=shortlist, days=days
                )
            else:
                link, token = shortlist_services.shortlist_share(actor=user, shortlist=shortlist, days=days)
        except PipelineRefused as exc:
            raise conflict(exc) from None
        url = settings.SITE_URL.rstrip("/") + reverse("portal:client_review", args=[token])
        answer: dict[str, Any] = {"url": url, "expires_at": link.expires_at.isoformat()}
        if email is not None:
            answer["email"] = {"id": email.pk, "status": email.status}
        return Response(answer, status=201)
