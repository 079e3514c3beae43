"""`/candidates/{id}/documents/{doc}/` (GET, PATCH, DELETE), `…/preview/` and
`/candidates/{id}/not-duplicate/` (API.md "Added in the second round"), mixed into CandidateViewSet
so they share its visibility rule."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.response import HttpResponseBase
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from candidates.api.serializers import DocumentSerializer, DocumentUpdateSerializer, NotDuplicateSerializer
from candidates.models import Candidate, Document
from candidates.services.documents import DocumentInUse, document_delete, document_update
from candidates.services.duplicates import candidate_not_duplicate_record
from candidates.views.documents import IN_USE_MESSAGE, inline_response
from core import files
from core.api.errors import Conflict
from core.http import request_user
from core.permissions import check_action, get_object_for_user_or_404
from core.services import access_log_record

DOCUMENT = r"documents/(?P<document_id>[0-9]{1,18})"


def _validation_error(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(getattr(exc, "message_dict", None) or {"detail": exc.messages})


class CandidateDocumentActions:
    """Mixin for CandidateViewSet: `self.get_object()` is the visible, live candidate (else 404)."""

    request: Any
    get_object: Any

    def _document(self, candidate: Candidate, document_id: str | None) -> Document:
        return get_object_for_user_or_404(
            self.request.user, Document.objects.filter(candidate=candidate), pk=document_id
        )

    @extend_schema(methods=["GET"], responses=DocumentSerializer, summary="One document of the candidate")
    @extend_schema(methods=["PATCH"], request=DocumentUpdateSerializer, responses=DocumentSerializer)
    @extend_schema(methods=["DELETE"], request=None, responses={204: None, 409: OpenApiResponse()})
    @action(detail=True, methods=["get", "patch", "delete"], url_path=DOCUMENT)
    def document(self, request: Request, pk: str | None = None, document_id: str | None = None) -> Response:
        candidate = self.get_object()
        document = self._document(candidate, document_id)
        if request.method == "GET":
            return Response(DocumentSerializer(document).data)
        actor = request_user(request)
        if request.method == "DELETE":
            check_action(actor, candidate, "change", perm="candidates.delete_document")
            try:
                document_delete(actor=actor, document=document)
            except DocumentInUse:
                raise Conflict(IN_USE_MESSAGE, code="in_use") from None
            return Response(status=status.HTTP_204_NO_CONTENT)
        check_action(actor, candidate, "change", perm="candidates.change_document")
        body = DocumentUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            document = document_update(actor=actor, document=document, **body.validated_data)
        except DjangoValidationError as exc:
            raise _validation_error(exc) from None
        return Response(DocumentSerializer(document).data)

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "DocumentText", {"id": serializers.IntegerField(), "text": serializers.CharField()}
            )
        },
        description="A PDF inline (`application/pdf`); any other document's extracted text as JSON.",
    )
    @action(detail=True, methods=["get"], url_path=DOCUMENT + "/preview")
    def document_preview(
        self, request: Request, pk: str | None = None, document_id: str | None = None
    ) -> Response | HttpResponseBase:
        candidate = self.get_object()
        document = self._document(candidate, document_id)
        if not document.file:
            raise Http404("This file has been deleted.")
        access_log_record(
            user=request_user(request),
            action="view",
            obj=document,
            details={"candidate": candidate.pk, "kind": document.kind},
        )
        if document.content_type == files.PDF:
            return inline_response(document)
        return Response(
            {
                "id": document.pk,
                "content_type": document.content_type,
                "extraction": document.extraction,
                "text": document.text,
            }
        )

    @extend_schema(request=NotDuplicateSerializer, responses={204: None})
    @action(detail=True, methods=["post"], url_path="not-duplicate")
    def not_duplicate(self, request: Request, pk: str | None = None) -> Response:
        candidate = self.get_object()
        actor = request_user(request)
        check_action(actor, candidate, "change")
        body = NotDuplicateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        other = get_object_for_user_or_404(actor, Candidate.objects.live(), pk=body.validated_data["other"])
        try:
            candidate_not_duplicate_record(actor=actor, candidate=candidate, other=other)
        except DjangoValidationError as exc:
            raise _validation_error(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
