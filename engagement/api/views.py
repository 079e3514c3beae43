"""Customer-service endpoints (API.md "Customer service")."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import VisibleModelViewSet
from core.models import User
from engagement.api.serializers import CommunicationSerializer, ComplaintSerializer
from engagement.models import Communication, Complaint
from engagement.services.communications import communication_log
from engagement.services.complaints import complaint_create, complaint_update
from engagement.views.common import as_id


class CommunicationViewSet(VisibleModelViewSet):
    queryset = Communication.objects.all()
    serializer_class = CommunicationSerializer
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self) -> QuerySet[Communication]:
        queryset = Communication.objects.select_related("owner").order_by("-occurred_at", "-id")
        params = self.request.query_params
        for name in ("candidate", "contact", "vacancy"):
            value = params.get(name)
            if value is not None:
                pk = as_id(value)
                if pk is None:
                    return queryset.none()
                queryset = queryset.filter(**{f"{name}_id": pk})
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        communication = communication_log(actor=cast(User, request.user), by=data.pop("owner", None), **data)
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
        complaint = complaint_create(actor=cast(User, request.user), **data)
        return Response(self.get_serializer(complaint).data, status=201)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        complaint = self.get_object()
        serializer = self.get_serializer(complaint, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        complaint = complaint_update(
            actor=cast(User, request.user), complaint=complaint, data=dict(serializer.validated_data)
        )
        return Response(self.get_serializer(complaint).data)
