"""Candidates endpoints (API.md "Candidates"). Thin: parse, call a service or selector, answer."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from candidates import services
from candidates.api.serializers import (
    CandidateSerializer,
    ConsentSerializer,
    DocumentSerializer,
    ImportSerializer,
    MergeSerializer,
)
from candidates.filtersets import CandidateFilterSet
from candidates.models import Candidate, Consent, Document
from candidates.selectors import candidate_api_queryset
from candidates.services.imports import ImportRefused, import_csv
from core.api import Conflict, VisibleModelViewSet
from core.api_parsers import JSONParser, MultiPartParser
from core.models import User
from core.permissions import check_action, get_object_for_user_or_404


def _duplicate_conflict(exc: services.DuplicateCandidate) -> Conflict:
    return Conflict(
        "A candidate with this email address already exists.", code="duplicate", existing=exc.existing_id
    )


def _actor(request: Request) -> User:
    return cast(User, request.user)


class CandidateViewSet(VisibleModelViewSet):
    serializer_class = CandidateSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CandidateFilterSet
    action_permissions = {
        "documents": "view",
        "consents": "view",
        "withdraw_consent": "change",
        "merge": "change",
        "import_csv": "add",
    }

    def base_queryset(self) -> Any:
        return candidate_api_queryset(user=self.request.user)

    def _fresh(self, candidate: Candidate) -> Candidate:
        return candidate_api_queryset(user=self.request.user).get(pk=candidate.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = cast(Any, request.data).get("suppression_reason") or ""
        try:
            candidate = services.candidate_create(
                actor=_actor(request), suppression_reason=str(reason)[:500], **data
            )
        except services.DuplicateCandidate as exc:
            raise _duplicate_conflict(exc) from None
        return Response(self.get_serializer(self._fresh(candidate)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        candidate = self.get_object()
        serializer = self.get_serializer(candidate, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            candidate = services.candidate_update(
                actor=_actor(request), candidate=candidate, **dict(serializer.validated_data)
            )
        except services.DuplicateCandidate as exc:
            raise _duplicate_conflict(exc) from None
        return Response(self.get_serializer(self._fresh(candidate)).data)

    @extend_schema(
        request={"multipart/form-data": DocumentSerializer}, responses=DocumentSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser])
    def documents(self, request: Request, pk: str | None = None) -> Response:
        candidate = self.get_object()
        if request.method == "GET":
            documents = Document.objects.visible_to(request.user).filter(candidate=candidate)
            return Response(DocumentSerializer(documents, many=True).data)
        check_action(request.user, candidate, "change", perm="candidates.add_document")
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": ["Choose a file to upload."]}, status=status.HTTP_400_BAD_REQUEST)
        document = services.document_upload(
            actor=_actor(request),
            candidate=candidate,
            upload=upload,
            filename=upload.name or "document",
            kind=str(cast(Any, request.data).get("kind") or Document.Kind.CV),
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsentSerializer, responses=ConsentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser, MultiPartParser])
    def consents(self, request: Request, pk: str | None = None) -> Response:
        candidate = self.get_object()
        if request.method == "GET":
            consents = Consent.objects.visible_to(request.user).filter(candidate=candidate)
            return Response(ConsentSerializer(consents, many=True).data)
        check_action(request.user, candidate, "change", perm="candidates.add_consent")
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        method = data.get("method")
        services.consent_vacancy_check(actor=_actor(request), vacancy_id=data.get("vacancy_id"))
        consent = services.consent_record(
            actor=_actor(request),
            candidate=candidate,
            purpose=data["purpose"],
            lawful_basis=data.get("lawful_basis", "consent"),
            method=method,
            wording_version=data.get("wording_version", ""),
            vacancy_id=data.get("vacancy_id"),
            given_at=data.get("given_at"),
        )
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ConsentSerializer)
    @action(detail=True, methods=["post"], url_path=r"consents/(?P<consent_id>[0-9]+)/withdraw")
    def withdraw_consent(
        self, request: Request, pk: str | None = None, consent_id: str | None = None
    ) -> Response:
        candidate = self.get_object()
        check_action(request.user, candidate, "change", perm="candidates.change_consent")
        consent = get_object_for_user_or_404(
            request.user, Consent.objects.filter(candidate=candidate), pk=consent_id
        )
        consent = services.consent_withdraw(actor=_actor(request), consent=consent)
        return Response(ConsentSerializer(consent).data)

    @extend_schema(request=MergeSerializer, responses=CandidateSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        survivor = self.get_object()
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        duplicate = get_object_for_user_or_404(
            request.user, Candidate.objects.live(), "change", pk=body.validated_data["duplicate"]
        )
        try:
            survivor = services.candidate_merge(
                actor=_actor(request),
                survivor=survivor,
                duplicate=duplicate,
                choices=body.validated_data.get("fields") or {},
            )
        except services.DuplicateCandidate as exc:
            raise _duplicate_conflict(exc) from None
        return Response(self.get_serializer(self._fresh(survivor)).data)

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        parameters=[OpenApiParameter("dry_run", bool, description="1: report only, write nothing")],
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_csv(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": ["Choose a CSV file to upload."]}, status=status.HTTP_400_BAD_REQUEST)
        dry_run = request.query_params.get("dry_run", "") in ("1", "true", "yes")
        try:
            report = import_csv(actor=_actor(request), upload=upload, dry_run=dry_run)
        except ImportRefused as exc:
            return Response({"errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)
        except DjangoValidationError as exc:
            return Response({"file": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        body = {
            "created": report.created,
            "skipped_duplicates": report.skipped_duplicates,
            "dry_run": dry_run,
            "rows": report.rows,
            "duplicates": report.duplicates,
            "suppressed_rows": report.suppressed_rows,
        }
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)
