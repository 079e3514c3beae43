"""Customer-service endpoints (API.md "Customer service")."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.errors import Conflict
from core.api.viewsets import VisibleModelViewSet
from core.http import request_user
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
from engagement.services.todos import todo_create, todo_update


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
