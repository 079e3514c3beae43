"""API.md "Clients and contacts": GET, POST /clients/, GET, PATCH /clients/{id}/; the same for contacts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from rest_framework.serializers import BaseSerializer

from clients import selectors, services
from clients.api.serializers import ClientSerializer, ContactSerializer
from clients.models import Client, Contact
from core.api import VisibleModelViewSet
from core.permissions import check_action


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


class ClientViewSet(VisibleModelViewSet):
    serializer_class = ClientSerializer
    queryset = Client.objects.all()

    def get_queryset(self) -> QuerySet[Client]:
        params = self.request.query_params
        owner = params.get("owner", "")
        status = params.get("status", "")
        return selectors.client_list(
            user=self.request.user,
            q=params.get("q", "")[:100],
            status=status if status in Client.Status.values else "",
            owner=int(owner) if owner.isdigit() else None,
        )

    @transaction.atomic
    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        terms = _terms_changes(data, None)
        client = services.client_create(actor=self.request.user, **data)
        if terms:
            services.terms_create(actor=self.request.user, client=client, **terms)
        serializer.instance = selectors.client_get(user=self.request.user, pk=client.pk)

    @transaction.atomic
    def perform_update(self, serializer: BaseSerializer) -> None:
        client = serializer.instance
        assert isinstance(client, Client)
        data = dict(serializer.validated_data)
        terms = _terms_changes(data, selectors.terms_current(client=client))
        services.client_update(actor=self.request.user, client=client, **data)
        if terms:
            services.terms_create(actor=self.request.user, client=client, **terms)
        serializer.instance = selectors.client_get(user=self.request.user, pk=client.pk)


class ContactViewSet(VisibleModelViewSet):
    serializer_class = ContactSerializer
    queryset = Contact.objects.all()
    # A contact is changed when its client may be changed (named users of a confidential client too).
    action_permissions = {"partial_update": "view", "update": "view"}

    def get_queryset(self) -> QuerySet[Contact]:
        contacts = Contact.objects.visible_to(self.request.user).select_related("client").order_by("pk")
        client = self.request.query_params.get("client", "")
        if client.isdigit():
            contacts = contacts.filter(client_id=int(client))
        return contacts

    def _check_client(self, client: Client, perm: str) -> None:
        user = self.request.user
        if not (user.is_admin or user.has_perm(perm)):
            raise PermissionDenied
        check_action(user, client, "change")

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        client = data.pop("client")
        self._check_client(client, "clients.add_contact")
        serializer.instance = services.contact_create(actor=self.request.user, client=client, **data)

    def perform_update(self, serializer: BaseSerializer) -> None:
        contact = serializer.instance
        assert isinstance(contact, Contact)
        self._check_client(contact.client, "clients.change_contact")
        services.contact_update(actor=self.request.user, contact=contact, **serializer.validated_data)
