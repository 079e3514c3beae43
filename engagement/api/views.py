"""Customer-service endpoints (API.md "Customer service")."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clients.models import Contact
from core.api.errors import Conflict
from core.api.schema import ErrorSerializer
from core.api.viewsets import VisibleModelViewSet
from core.http import request_user
from core.permissions import get_object_for_user_or_404
from engagement.api.serializers import (
    CommunicationSerializer,
    ComplaintSerializer,
    MyToDoRowSerializer,
    OutboundEmailSerializer,
    ToDoSerializer,
)
from engagement.filtersets import CommunicationFilterSet, ToDoFilterSet
from engagement.models import Communication, Complaint, OutboundEmail, ToDo
from engagement.selectors.contactability import NotContactable
from engagement.selectors.todos import my_todo_list
from engagement.services.communications import communication_log
from engagement.services.complaints import complaint_create, complaint_update
from engagement.services.emails import EmailRefused, email_compose
from engagement.services.submission_packs import submission_pack_send
from engagement.services.todos import todo_create, todo_update
from vacancies.models import Application
from vacancies.selectors.submissions import submission_elsewhere_list
from vacancies.services.packs import submission_pack_message_default
from vacancies.services.pipeline import PipelineRefused


class CommunicationViewSet(VisibleModelViewSet):
    queryset = Communication.objects.all()
    serializer_class = CommunicationSerializer
    http_method_names = ["get", "post", "head", "options"]

    filterset_class = CommunicationFilterSet  # candidate, contact, vacancy

    def base_queryset(self) -> QuerySet[Communication]:
        return Communication.objects.select_related("owner").order_by("-occurred_at", "-id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        communication = communication_log(actor=request_user(request), by=data.pop("owner", None), **data)
        return Response(self.get_serializer(communication).data, status=201)


class ComplaintViewSet(VisibleModelViewSet):
    queryset = Complaint.objects.all()
    serializer_class = ComplaintSerializer

    def base_queryset(self) -> QuerySet[Complaint]:
        return Complaint.objects.all()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for name in ("acknowledged_at", "closed_at", "resolution"):
            data.pop(name, None)
        complaint = complaint_create(actor=request_user(request), **data)
        return Response(self.get_serializer(complaint).data, status=201)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complaint = self.get_object()
        serializer = self.get_serializer(complaint, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        complaint = complaint_update(
            actor=request_user(request), complaint=complaint, data=dict(serializer.validated_data)
        )
        return Response(self.get_serializer(complaint).data)


class OutboundEmailViewSet(VisibleModelViewSet):
    """`POST /emails/` → 202 {id, status}: queued for the worker; `GET /emails/{id}/` follows it.

    Refused by the contact rule → 409 `do_not_contact` / `suppressed`; a candidate's document to a
    client without a live `submission` consent for the vacancy → 409 `no_consent`."""

    queryset = OutboundEmail.objects.all()
    serializer_class = OutboundEmailSerializer
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self) -> QuerySet[OutboundEmail]:
        return OutboundEmail.objects.select_related("template").prefetch_related("attachments")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            email = email_compose(actor=request_user(request), **data)
        except NotContactable as exc:
            if exc.answer.code == "no_email":
                raise ValidationError({"email": [exc.answer.reason]}) from None
            raise Conflict(exc.answer.reason, code=exc.api_code, reason=exc.answer.code) from None
        except EmailRefused as exc:
            raise Conflict(exc.messages[0], code=exc.api_code) from None
        return Response({"id": email.pk, "status": email.status}, status=202)


def _field_errors(exc: DjangoValidationError) -> ValidationError:
    """A service's refusal as the API's 400 with field errors."""
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"detail": exc.messages})


class ToDoViewSet(VisibleModelViewSet):
    """A person's own to-dos and call-backs. `GET /todos/?mine=1`: the caller's open to-dos merged
    with the system's own tasks for them (compliance follow-ups, placement follow-ups, reg 21
    confirmations, cadence breaches), overdue first then by due time, each row with a `kind`; only
    `kind` "todo" rows are changed here (the rest through `url`, where they are dealt with)."""

    queryset = ToDo.objects.all()
    serializer_class = ToDoSerializer
    filterset_class = ToDoFilterSet

    def base_queryset(self) -> QuerySet[ToDo]:
        return ToDo.objects.order_by("due_at", "id")

    def _mine(self) -> bool:
        return self.action == "list" and self.request.query_params.get("mine") in ("1", "true", "True")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "mine",
                bool,
                description="1: my open to-dos with the system's own tasks (rows of MyToDoRow, with `kind`).",
            )
        ],
        responses=PolymorphicProxySerializer(
            component_name="ToDoOrMyRow",
            serializers=[ToDoSerializer, MyToDoRowSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self._mine():
            return super().list(request, *args, **kwargs)
        self.filter_queryset(self.get_queryset())  # the filters' own 400s, as on the plain list
        rows = my_todo_list(user=request_user(request))
        page = self.paginate_queryset(rows)
        data = MyToDoRowSerializer(page if page is not None else rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("done_at", None)  # a to-do is made open
        try:
            todo = todo_create(actor=request_user(request), **data)
        except DjangoValidationError as exc:
            raise _field_errors(exc) from None
        return Response(self.get_serializer(todo).data, status=201)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        todo = self.get_object()
        serializer = self.get_serializer(todo, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            todo = todo_update(actor=request_user(request), todo=todo, data=dict(serializer.validated_data))
        except DjangoValidationError as exc:
            raise _field_errors(exc) from None
        return Response(self.get_serializer(todo).data)


class SubmissionPackRequestSerializer(serializers.Serializer):
    contact = serializers.IntegerField(
        required=False, min_value=1, help_text="A contact at the vacancy's client (default its contact)."
    )
    document = serializers.IntegerField(
        required=False, min_value=1, help_text="The candidate's PDF or Word CV (default the current CV)."
    )
    subject = serializers.CharField(required=False, allow_blank=True, max_length=200)
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20_000,
        help_text="The covering email (default a short one).",
    )


class SubmissionPackSerializer(serializers.Serializer):
    submission = serializers.IntegerField()
    email = serializers.IntegerField()
    status = serializers.CharField()
    filename = serializers.CharField()
    size = serializers.IntegerField()
    blind = serializers.BooleanField()
    warnings = serializers.ListField(
        child=serializers.DictField(),
        help_text="Already put forward to this client recently (as for a move to submitted).",
    )


class SubmissionPackView(APIView):
    """POST /applications/{id}/submission-pack/ — put the candidate forward by email with a
    submission pack (issue 18): the gates of a move to `submitted`, then the PDF emailed to the
    contact, kept, and recorded as the submission."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=SubmissionPackRequestSerializer,
        responses={
            201: SubmissionPackSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        application = get_object_for_user_or_404(user, Application.objects.all(), "change", pk=pk)
        body = SubmissionPackRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        subject, message = data.get("subject", ""), data.get("message", "")
        if not subject or not message:
            contact = application.vacancy.contact
            if data.get("contact"):
                contact = Contact.objects.filter(
                    pk=data["contact"], client_id=application.vacancy.client_id
                ).first()
            default_subject, default_body = submission_pack_message_default(
                application=application, contact_first_name=contact.first_name if contact else "", actor=user
            )
            subject, message = subject or default_subject, message or default_body
        try:
            submission = submission_pack_send(
                actor=user,
                application=application,
                contact=data.get("contact"),
                document=data.get("document"),
                subject=subject,
                message=message,
            )
        except PipelineRefused as exc:
            raise Conflict(exc.detail, code=exc.code, **exc.extra) from None
        except NotContactable as exc:
            if exc.answer.code == "no_email":
                raise ValidationError({"contact": [exc.answer.reason]}) from None
            raise Conflict(exc.answer.reason, code=exc.api_code, reason=exc.answer.code) from None
        email = submission.email
        assert email is not None
        kept = email.files.get()
        result: dict[str, Any] = {
            "submission": submission.pk,
            "email": email.pk,
            "status": email.status,
            "filename": kept.filename,
            "size": kept.size,
            "blind": bool(application.vacancy.blind_shortlist),
        }
        result["warnings"] = submission_elsewhere_list(application)
        return Response(result, status=201)
