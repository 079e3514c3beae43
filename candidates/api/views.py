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
from candidates.api.documents import CandidateDocumentActions
from candidates.api.serializers import (
    CandidateSerializer,
    ConsentSerializer,
    DocumentSerializer,
    ImportSerializer,
    MergeSerializer,
)
from candidates.filtersets import CandidateFilterSet
from candidates.models import Candidate, Consent, Document
from candidates.selectors import candidate_api_queryset, duplicate_reference
from candidates.services.imports import ImportRefused, import_csv
from core.api.errors import Conflict
from core.api.parsers import JSONParser, MultiPartParser
from core.api.versioning import conflict_response, stale_conflict
from core.api.viewsets import VisibleModelViewSet
from core.http import request_user
from core.permissions import check_action, get_object_for_user_or_404
from core.versioning import StaleRecord


def _duplicate_conflict(exc: services.DuplicateCandidate, request: Request) -> Conflict:
    # Another team's record is reported as a clash, never by its id.
    ref = duplicate_reference(user=request_user(request), existing_id=exc.existing_id)
    return Conflict("A candidate with this email address already exists.", code="duplicate", **ref)


class CandidateViewSet(CandidateDocumentActions, VisibleModelViewSet):
    serializer_class = CandidateSerializer
    # DELETE only for a candidate's document (`document`); the candidate itself has no destroy.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends = [DjangoFilterBackend]
    filterset_class = CandidateFilterSet
    action_permissions = {
        "documents": "view",
        "document": "view",
        "document_preview": "view",
        "not_duplicate": "change",
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
        data.pop("updated_at", None)  # a version only means something on PATCH
        reason = cast(Any, request.data).get("suppression_reason") or ""
        try:
            candidate = services.candidate_create(
                actor=request_user(request), suppression_reason=str(reason)[:500], **data
            )
        except services.DuplicateCandidate as exc:
            raise _duplicate_conflict(exc, request) from None
        return Response(self.get_serializer(self._fresh(candidate)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: CandidateSerializer, 409: conflict_response(CandidateSerializer, "Candidate")}
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        candidate = self.get_object()
        serializer = self.get_serializer(candidate, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)  # only the fields sent: the rest are left as they are
        read = data.pop("updated_at", None)
        try:
            candidate = services.candidate_update(
                actor=request_user(request), candidate=candidate, expected_updated_at=read, **data
            )
        except services.DuplicateCandidate as exc:
            raise _duplicate_conflict(exc, request) from None
        except StaleRecord as exc:
            current = self._fresh(exc.current)  # type: ignore[arg-type]
            raise stale_conflict(self.get_serializer(current).data) from None
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
            actor=request_user(request),
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
        services.consent_vacancy_check(actor=request_user(request), vacancy_id=data.get("vacancy_id"))
        consent = services.consent_record(
            actor=request_user(request),
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
        consent = services.consent_withdraw(actor=request_user(request), consent=consent)
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
                actor=request_user(request),
                survivor=survivor,
                duplicate=duplicate,
                choices=body.validated_data.get("fields") or {},
            )
        except services.DuplicateCandidate as exc:
            raise _duplicate_conflict(exc, request) from None
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
            report = import_csv(actor=request_user(request), upload=upload, dry_run=dry_run)
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
