"""Data protection endpoints (API.md "Data protection", and candidates' export / anonymise /
legal-hold, which privacy mounts under /candidates/{id}/ so candidates never imports privacy).

Admins only: everyone else gets 403 (401 when not signed in). Candidates go through visible_to.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.models import Candidate
from core.api.errors import Conflict
from core.api.permissions import AdminOnly
from core.http import request_user
from core.models import AuditEvent
from core.permissions import get_object_for_user_or_404
from core.services import access_log_record
from privacy.api.serializers import (
    AuditEventSerializer,
    ErasureRequestSerializer,
    ReasonSerializer,
    RetentionPolicySerializer,
    SubjectAccessRequestSerializer,
    SweepRequestSerializer,
    SweepRunSerializer,
)
from privacy.filtersets import AuditEventFilterSet
from privacy.models import ErasureRequest, SweepRun
from privacy.selectors.person import candidate_personal_data_get
from privacy.services import holds, policies, subject_access, sweep
from privacy.services.erasure import (
    AnonymisationRefused,
    candidate_anonymise,
    erasure_complete,
    erasure_create,
)

ADMIN = [permissions.IsAuthenticated, AdminOnly]


class _AdminViewSet(viewsets.GenericViewSet):
    permission_classes = ADMIN

    def get_queryset(self) -> QuerySet[Any]:
        model = self.serializer_class.Meta.model  # type: ignore[union-attr]
        return model.objects.visible_to(self.request.user)


class RetentionPolicyViewSet(
    _AdminViewSet, mixins.ListModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin
):
    serializer_class = RetentionPolicySerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        policies.policy_update(
            actor=request_user(self.request), policy=serializer.instance, **serializer.validated_data
        )


class SweepRunViewSet(_AdminViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = SweepRunSerializer

    # API.md: 202 {id, status}; the run's figures are read later from GET /privacy/sweeps/{id}/.
    @extend_schema(
        request=SweepRequestSerializer,
        responses={
            202: inline_serializer(
                "SweepAccepted",
                {
                    "id": serializers.IntegerField(),
                    "status": serializers.ChoiceField(SweepRun.Status.choices),
                },
            )
        },
    )
    def create(self, request: Request) -> Response:
        body = SweepRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = sweep.sweep_request(
            actor=request_user(request), dry_run=body.validated_data["dry_run"], trigger="api"
        )
        return Response({"id": run.pk, "status": run.status}, status=status.HTTP_202_ACCEPTED)


class SubjectAccessRequestViewSet(
    _AdminViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    serializer_class = SubjectAccessRequestSerializer

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = subject_access.sar_create(
            actor=request_user(self.request), candidate=data["candidate"], received_on=data["received_on"]
        )


class ErasureRequestViewSet(
    _AdminViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
):
    serializer_class = ErasureRequestSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = erasure_create(
            actor=request_user(self.request), candidate=data["candidate"], received_on=data["received_on"]
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        erasure = cast(ErasureRequest, self.get_object())
        if cast(Any, request.data).get("status") != ErasureRequest.Status.COMPLETED:
            return Response({"status": ["Only completing a request is possible here."]}, status=400)
        return self._complete(request, erasure)

    @extend_schema(
        request=None,
        responses={
            200: ErasureRequestSerializer,
            409: OpenApiResponse(description="closed, or legal_hold"),
        },
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Erase: `completed` (anonymised now), or inside a statutory floor `restricted` (out of every
        list and message now, everything else scrubbed; anonymised on `anonymise_on`)."""
        return self._complete(request, cast(ErasureRequest, self.get_object()))

    def _complete(self, request: Request, erasure: ErasureRequest) -> Response:
        if not erasure.is_open:
            raise Conflict("This request is already closed.", code="closed")
        try:
            erasure_complete(actor=request_user(request), request=erasure)
        except AnonymisationRefused as exc:
            raise Conflict(exc.message, code=exc.code) from None
        erasure.refresh_from_db()
        return Response(self.get_serializer(erasure).data)


class AuditEventListView(APIView):
    permission_classes = ADMIN

    @extend_schema(
        parameters=[
            OpenApiParameter("object_type", str, description="e.g. candidates.candidate"),
            OpenApiParameter("object_id", int),
        ],
        responses=AuditEventSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filterset = AuditEventFilterSet(request.query_params, queryset=AuditEvent.objects.all())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(AuditEventSerializer(filterset.qs[:500], many=True).data)


def _candidate(request: Request, pk: int) -> Candidate:
    # visible_to first (404 for the invisible), then the admin check (403).
    candidate = get_object_for_user_or_404(request.user, Candidate, pk=pk)
    if not getattr(request.user, "is_admin", False):
        from rest_framework.exceptions import PermissionDenied

        raise PermissionDenied("Only admins may do this.")
    return candidate


class CandidateExportView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        candidate = _candidate(request, pk)
        access_log_record(
            user=request_user(request), action="export", obj=candidate, details={"kind": "subject_access"}
        )
        return Response(candidate_personal_data_get(candidate=candidate))


class CandidateAnonymiseView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        candidate = _candidate(request, pk)
        try:
            changed = candidate_anonymise(candidate=candidate, actor=request_user(request))
        except AnonymisationRefused as exc:
            raise Conflict(exc.message, code=exc.code) from None
        return Response({"id": candidate.pk, "is_anonymised": True, "changed": changed})


class CandidateLegalHoldView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ReasonSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        candidate = _candidate(request, pk)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        hold = holds.legal_hold_place(
            actor=request_user(request), candidate=candidate, reason=body.validated_data["reason"]
        )
        return Response(
            {"candidate": candidate.pk, "reason": hold.reason, "placed_at": hold.placed_at},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        candidate = _candidate(request, pk)
        holds.legal_hold_release(actor=request_user(request), candidate=candidate)
        return Response(status=status.HTTP_204_NO_CONTENT)
