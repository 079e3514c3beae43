"""Compliance endpoints (API.md "Compliance"). Recorded checks are never edited: no PATCH or PUT
(405); a correction is a POST with `supersedes`. DBS endpoints are for the compliance permission
only and every read is written to the access log."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from candidates.models import Candidate
from compliance import services
from compliance.api.serializers import (
    ComplianceStatusSerializer,
    DBSCheckSerializer,
    DBSStatusCheckSerializer,
    GapExplanationSerializer,
    IdentityCheckSerializer,
    ReferenceCheckSerializer,
    ReferenceRequestSerializer,
    RightToWorkCheckSerializer,
    VettingNoteSerializer,
)
from compliance.filtersets import CandidateRecordFilterSet
from compliance.models import (
    DBSCheck,
    GapExplanation,
    IdentityCheck,
    ReferenceCheck,
    ReferenceRequest,
    RightToWorkCheck,
    VettingNote,
)
from compliance.querysets import can_record, can_see_dbs
from compliance.requirements import DBS, RequirementsInvalid, requirements_resolve
from compliance.selectors.status import requirement_status_list
from core import outbound
from core.api.errors import Conflict
from core.api.parsers import JSONParser, MultiPartParser
from core.api.schema import ErrorSerializer
from core.api.viewsets import VisibleModelViewSet
from core.filtersets import ID_MESSAGE
from core.http import parse_id, request_user
from core.permissions import get_object_for_user_or_404
from core.services import access_log_record, access_log_record_many

_RECORD_ONLY = ["get", "post", "head", "options"]


def _require_record(user: Any, candidate: Any, perm: str) -> None:
    if not can_record(user, candidate, perm):
        raise PermissionDenied("You may not record this check for this candidate.")


class _RecordedViewSet(VisibleModelViewSet):
    http_method_names = _RECORD_ONLY
    filterset_class = CandidateRecordFilterSet  # `?candidate=<id>`: one candidate's rows
    parser_classes = [JSONParser, MultiPartParser]

    def _candidate(self, serializer: Any) -> Candidate:
        candidate = serializer.validated_data["candidate"]
        # Recording a check changes the candidate's record: the caller needs that right too.
        _require_record(request_user(self.request), candidate, self._add_perm())
        return candidate

    # The service that records one row: `record(*, actor, candidate, **fields)`. Viewsets whose
    # create needs more (files, requirements) override `create` instead.
    record: Any = None

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = self._candidate(serializer)
        data.pop("candidate")
        row = type(self).record(actor=request_user(request), candidate=candidate, **data)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    def _add_perm(self) -> str:
        model = self.base_queryset().model
        return f"compliance.add_{model._meta.model_name}"

    def base_queryset(self) -> Any:
        return cast(Any, self).queryset.select_related("candidate")


class _VerifiableMixin:
    """Four eyes: `POST …/{id}/verify/` — a compliance officer verifies a check someone else
    recorded (403 for anyone else, 400 for the check's own recorder; audited; idempotent)."""

    @extend_schema(request=None, responses={200: None, 400: ErrorSerializer, 403: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        view: Any = self
        check = services.check_verify(actor=request_user(request), check=view.get_object())
        return Response(view.get_serializer(check).data)


class IdentityCheckViewSet(_VerifiableMixin, _RecordedViewSet):
    """Conduct Regs reg 19(a): identity checks — recorded, never edited (PATCH/PUT 405)."""

    queryset = IdentityCheck.objects.all()
    serializer_class = IdentityCheckSerializer
    action_permissions = {"verify": "view"}

    record = staticmethod(services.identity_check_record)


class RightToWorkCheckViewSet(_VerifiableMixin, _RecordedViewSet):
    queryset = RightToWorkCheck.objects.all()
    serializer_class = RightToWorkCheckSerializer
    action_permissions = {"verify": "view"}

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = self._candidate(serializer)
        evidence = data.pop("evidence", None)
        data.pop("candidate")
        check = services.rtw_check_record(
            actor=request_user(request),
            candidate=candidate,
            evidence=evidence,
            evidence_filename=getattr(evidence, "name", "") or "",
            **data,
        )
        return Response(self.get_serializer(check).data, status=status.HTTP_201_CREATED)


class DBSCheckViewSet(_RecordedViewSet):
    queryset = DBSCheck.objects.all()
    serializer_class = DBSCheckSerializer
    action_permissions = {"status_checks": "view"}

    def base_queryset(self) -> Any:
        return DBSCheck.objects.select_related("candidate").prefetch_related("status_checks")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        ids = [row["id"] for row in response.data["results"]]
        # Police Act 1997 / DBS code of practice: every view of criminal-record data is logged.
        access_log_record_many(
            user=request_user(request),
            action="view",
            objects=[DBSCheck(pk=pk) for pk in ids],
            details={"via": "api.list"},
        )
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        check = self.get_object()
        access_log_record(
            user=request_user(request), action="view", obj=check, details={"candidate": check.candidate_id}
        )
        return Response(self.get_serializer(check).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = self._candidate(serializer)
        data.pop("candidate")
        vacancy_id = data.pop("vacancy", None)
        requirements = None
        if vacancy_id is not None:
            requirements = requirements_resolve(user=request_user(request), vacancy_id=vacancy_id)
            if requirements is None:
                raise ValidationError({"vacancy": ["No such vacancy."]})
        image = data.pop("certificate_image", None)
        check = services.dbs_check_record(
            actor=request_user(request),
            candidate=candidate,
            requirements=requirements,
            certificate_image=image,
            image_filename=getattr(image, "name", "") or "",
            **data,
        )
        access_log_record(
            user=request_user(request), action="view", obj=check, details={"candidate": candidate.pk}
        )
        return Response(self.get_serializer(check).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DBSStatusCheckSerializer, responses=DBSStatusCheckSerializer)
    @action(detail=True, methods=["post"], url_path="status-checks")
    def status_checks(self, request: Request, pk: str | None = None) -> Response:
        check = self.get_object()
        _require_record(request_user(request), check.candidate, "compliance.add_dbsstatuscheck")
        body = DBSStatusCheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        status_check = services.dbs_status_check_record(
            actor=request_user(request), dbs_check=check, **body.validated_data
        )
        return Response(DBSStatusCheckSerializer(status_check).data, status=status.HTTP_201_CREATED)


class ReferenceCheckViewSet(_VerifiableMixin, _RecordedViewSet):
    queryset = ReferenceCheck.objects.all()
    serializer_class = ReferenceCheckSerializer
    action_permissions = {"verify": "view"}

    record = staticmethod(services.reference_check_record)


class ReferenceRequestViewSet(_RecordedViewSet):
    """Issue 18: `POST` emails the referee a signed form (201); their answer becomes a received
    reference check. `409 {"code": "do_not_contact" | "suppressed"}` when the contact rule says no."""

    queryset = ReferenceRequest.objects.select_related("candidate")
    serializer_class = ReferenceRequestSerializer

    @extend_schema(responses={201: ReferenceRequestSerializer, 409: ErrorSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = self._candidate(serializer)
        data.pop("candidate")
        try:
            row = services.reference_request_send(actor=request_user(request), candidate=candidate, **data)
        except DjangoValidationError as exc:
            code = outbound.refusal_code(exc)
            if code is None:
                raise
            raise Conflict(" ".join(exc.messages), code=code) from None
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


class GapExplanationViewSet(_RecordedViewSet):
    queryset = GapExplanation.objects.all()
    serializer_class = GapExplanationSerializer

    record = staticmethod(services.gap_explanation_record)


class VettingNoteViewSet(_RecordedViewSet):
    queryset = VettingNote.objects.all()
    serializer_class = VettingNoteSerializer

    record = staticmethod(services.vetting_note_record)


def _int_param(request: Request, name: str) -> int:
    number = parse_id(request.query_params.get(name, ""))
    if number is None:
        raise ValidationError({name: [ID_MESSAGE]})
    return number


class ComplianceStatusView(APIView):
    """GET /compliance/status/?candidate=&vacancy=[&on=YYYY-MM-DD] — each requirement's status."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("candidate", int, required=True),
            OpenApiParameter("vacancy", int, required=True),
            OpenApiParameter("on", datetime.date, description="The date to judge (default today)."),
        ],
        # 404: a candidate or vacancy that does not exist or is not visible to the caller.
        responses={200: ComplianceStatusSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        candidate_id = _int_param(request, "candidate")
        vacancy_id = _int_param(request, "vacancy")
        on_text = request.query_params.get("on", "")
        try:
            on_date = datetime.date.fromisoformat(on_text) if on_text else timezone.localdate()
        except ValueError:
            raise ValidationError({"on": ["Give a date as YYYY-MM-DD."]}) from None
        candidate = get_object_for_user_or_404(
            request_user(request), Candidate.objects.live(), pk=candidate_id
        )
        try:
            requirements = requirements_resolve(
                user=request_user(request), vacancy_id=vacancy_id, candidate_id=candidate.pk
            )
        except RequirementsInvalid:
            requirements = None
        if requirements is None:
            raise NotFound()
        statuses = requirement_status_list(
            candidate=candidate, requirements=requirements, on_date=on_date, user=request_user(request)
        )
        if requirements.dbs_level != "none" and can_see_dbs(request_user(request)):
            access_log_record(
                user=request_user(request),
                action="view",
                obj=candidate,
                details={"data": DBS, "vacancy": vacancy_id, "via": "api.status"},
            )
        body = {
            "compliant": all(s.is_satisfied for s in statuses),
            "requirements": [s.as_dict() for s in statuses],
        }
        return Response(body)
