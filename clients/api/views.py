"""API.md "Clients and contacts": GET, POST /clients/, GET, PATCH /clients/{id}/; the same for contacts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from clients import files, selectors, services
from clients.api.serializers import ClientSerializer, ContactSerializer, TermsSerializer
from clients.filtersets import ClientFilterSet, ContactFilterSet
from clients.models import Client, Contact
from core.api.parsers import FormParser, JSONParser, MultiPartParser
from core.api.versioning import conflict_response, stale_conflict
from core.api.viewsets import VisibleModelViewSet
from core.permissions import check_action
from core.versioning import StaleRecord


def _terms_changes(data: dict[str, Any], current: Any) -> dict[str, Any] | None:
    fee = data.pop("fee_percent", None)
    signed_on = data.pop("terms_signed_on", None)
    if fee is None and signed_on is None:
        return None
    if current is not None:
        fee = current.fee_percent if fee is None else fee
        signed_on = current.signed_on if signed_on is None else signed_on
        if fee == current.fee_percent and signed_on == current.signed_on:
            return None
    return {
        "fee_percent": fee,
        "signed_on": signed_on,
        "rebate_schedule": current.rebate_schedule if current is not None else [],
    }


def _require(user: Any, perm: str) -> None:
    if not (user.is_admin or user.has_perm(perm)):
        raise PermissionDenied


class ClientTermsMixin:
    """GET, POST /clients/{id}/terms/ and GET /clients/{id}/terms/{terms_id}/document/."""

    request: Any
    get_object: Any

    # GET is the whole history, not a page; POST answers 201 with the new terms.
    @extend_schema(methods=["GET"], responses=TermsSerializer(many=True))
    @extend_schema(methods=["POST"], request=TermsSerializer, responses={201: TermsSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="terms",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,
    )
    def terms(self, request: Request, pk: str | None = None) -> Response:
        client = self.get_object()  # visible, or 404
        if request.method == "GET":
            return Response(TermsSerializer(selectors.terms_list(client=client), many=True).data)
        _require(request.user, "clients.add_termsofbusiness")
        check_action(request.user, client, "change")
        body = TermsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            terms = services.terms_create(actor=request.user, client=client, **body.validated_data)  # type: ignore[arg-type]
        except DjangoValidationError as exc:
            field = "document" if getattr(exc, "code", "").startswith("file_") else "non_field_errors"
            messages = exc.messages if not hasattr(exc, "error_dict") else exc.message_dict
            raise serializers.ValidationError(
                {field: messages} if field == "document" else messages
            ) from None
        return Response(TermsSerializer(terms).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpenApiResponse(description="The signed document (attachment)")})
    @action(detail=True, methods=["get"], url_path=r"terms/(?P<terms_id>\d+)/document")
    def terms_document(self, request: Request, pk: str | None = None, terms_id: str = "") -> HttpResponseBase:
        client = self.get_object()
        terms = client.terms.filter(pk=int(terms_id)).exclude(document="").first()
        if terms is None:
            raise Http404
        try:
            handle = terms.document.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        kind = terms.document_kind or "pdf"
        return files.document_response(
            handle, kind=kind, download_name=f"terms-{client.pk}-{terms.pk}.{kind}"
        )


class ClientViewSet(ClientTermsMixin, VisibleModelViewSet):
    serializer_class = ClientSerializer
    queryset = Client.objects.all()

    filterset_class = ClientFilterSet  # q, status, owner

    def get_queryset(self) -> QuerySet[Client]:
        return selectors.client_list(user=self.request.user)

    @extend_schema(responses={200: ClientSerializer, 409: conflict_response(ClientSerializer, "Client")})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    @transaction.atomic
    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("updated_at", None)  # a version only means something on PATCH
        terms = _terms_changes(data, None)
        client = services.client_create(actor=self.request.user, **data)
        if terms:
            services.terms_create(actor=self.request.user, client=client, **terms)
        serializer.instance = selectors.client_get(user=self.request.user, pk=client.pk)

    @transaction.atomic
    def perform_update(self, serializer: BaseSerializer) -> None:
        client = serializer.instance
        assert isinstance(client, Client)
        data = dict(serializer.validated_data)  # only the fields sent
        read = data.pop("updated_at", None)
        terms = _terms_changes(data, selectors.terms_current_get(client=client))
        try:
            services.client_update(actor=self.request.user, client=client, expected_updated_at=read, **data)
        except StaleRecord:
            current = selectors.client_get(user=self.request.user, pk=client.pk)
            raise stale_conflict(
                ClientSerializer(current, context=self.get_serializer_context()).data
            ) from None
        if terms:
            services.terms_create(actor=self.request.user, client=client, **terms)
        serializer.instance = selectors.client_get(user=self.request.user, pk=client.pk)


class ContactViewSet(VisibleModelViewSet):
    serializer_class = ContactSerializer
    queryset = Contact.objects.all()
    # A contact is changed when its client may be changed (named users of a confidential client too).
    action_permissions = {"partial_update": "view", "update": "view"}

    filterset_class = ContactFilterSet  # client

    def get_queryset(self) -> QuerySet[Contact]:
        return Contact.objects.visible_to(self.request.user).select_related("client").order_by("pk")

    def _check_client(self, client: Client, perm: str) -> None:
        user = self.request.user
        if not (user.is_admin or user.has_perm(perm)):
            raise PermissionDenied
        check_action(user, client, "change")

    @extend_schema(responses={200: ContactSerializer, 409: conflict_response(ContactSerializer, "Contact")})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("updated_at", None)
        client = data.pop("client")
        self._check_client(client, "clients.add_contact")
        serializer.instance = services.contact_create(actor=self.request.user, client=client, **data)

    def perform_update(self, serializer: BaseSerializer) -> None:
        contact = serializer.instance
        assert isinstance(contact, Contact)
        self._check_client(contact.client, "clients.change_contact")
        data = dict(serializer.validated_data)  # only the fields sent
        read = data.pop("updated_at", None)
        try:
            contact = services.contact_update(
                actor=self.request.user, contact=contact, expected_updated_at=read, **data
            )
        except StaleRecord as exc:
            current = self.get_queryset().get(pk=exc.current.pk)
            raise stale_conflict(self.get_serializer(current).data) from None
        serializer.instance = contact
