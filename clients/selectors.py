"""Reads for client pages and the API. Everything starts from `visible_to`, so the invisible never shows."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from guardian.shortcuts import get_users_with_perms

from clients.models import Client, Contact, TermsOfBusiness
from core.models import AuditEvent, User


def _current_terms() -> QuerySet[TermsOfBusiness]:
    return TermsOfBusiness.objects.filter(client=OuterRef("pk")).order_by("-signed_on", "-id")


def client_list(*, user: User, q: str = "", status: str = "", owner: int | None = None) -> QuerySet[Client]:
    """Visible clients with their current fee and signing date (one query, whatever the row count)."""
    clients = (
        Client.objects.visible_to(user)
        .select_related("owner", "team")
        .annotate(
            fee_percent=Subquery(_current_terms().values("fee_percent")[:1]),
            terms_signed_on=Subquery(_current_terms().values("signed_on")[:1]),
        )
    )
    clients = client_text_filter(clients, q)
    if status:
        clients = clients.filter(status=status)
    if owner:
        clients = clients.filter(owner_id=owner)
    return clients.order_by("name", "id")


def client_text_filter(clients: Any, q: str) -> Any:
    """The list's search box: name or sector containing the text, or a postcode starting with it."""
    q = q.strip()
    if not q:
        return clients
    return clients.filter(Q(name__icontains=q) | Q(sector__icontains=q) | Q(postcode__istartswith=q))


def client_get(*, user: User, pk: Any, action: str = "view") -> Client:
    from core.permissions import get_object_for_user_or_404

    client: Client = get_object_for_user_or_404(user, client_list(user=user), action, pk=pk)
    return client


def contact_list(*, user: User, client: Client | None = None, q: str = "") -> QuerySet[Contact]:
    contacts = Contact.objects.visible_to(user).select_related("client")
    if client is not None:
        contacts = contacts.filter(client=client)
    if q.strip():
        term = q.strip()
        contacts = contacts.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__iexact=term)
        )
    return contacts.order_by("last_name", "first_name", "id")


def terms_current_get(*, client: Client) -> TermsOfBusiness | None:
    return client.terms.order_by("-signed_on", "-id").first()


def terms_list(*, client: Client) -> QuerySet[TermsOfBusiness]:
    return client.terms.select_related("created_by").order_by("-signed_on", "-id")


TIMELINE_LABELS = {
    "client.created": "Client added",
    "client.updated": "Client details changed",
    "client.access_granted": "People named on the client",
    "client.access_revoked": "People removed from the client",
    "contact.created": "Contact added",
    "contact.updated": "Contact changed",
    "terms.created": "Terms of business recorded",
}


def client_audit_list(*, client: Client, limit: int = 30) -> list[AuditEvent]:
    """What happened to the client and its contacts (audit events carry ids and codes only)."""
    contact_ids = list(client.contacts.values_list("pk", flat=True))
    terms_ids = list(client.terms.values_list("pk", flat=True))
    events = list(
        AuditEvent.objects.filter(
            Q(object_type="clients.client", object_id=client.pk)
            | Q(object_type="clients.contact", object_id__in=contact_ids)
            | Q(object_type="clients.termsofbusiness", object_id__in=terms_ids)
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    for event in events:
        event.label = TIMELINE_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    return events


def client_named_user_list(*, client: Client) -> list[User]:
    """The users granted this client by name (confidential clients: the only non-admins who see it)."""
    users = get_users_with_perms(client, only_with_perms_in=["view_client"], with_group_users=False)
    return sorted(users, key=lambda user: user.username)


def contact_pick_list(*, user: User, q: str, client_id: int | None = None, limit: int = 10) -> list[Contact]:
    """A record picker's matches (core.widgets): visible, not anonymised, of one client if given;
    every word typed starts the first or last name, or is in the client's name."""
    contacts = Contact.objects.visible_to(user).filter(anonymised_at__isnull=True).select_related("client")
    if client_id is not None:
        contacts = contacts.filter(client_id=client_id)
    for word in q.split()[:4]:
        contacts = contacts.filter(
            Q(first_name__istartswith=word) | Q(last_name__istartswith=word) | Q(client__name__icontains=word)
        )
    return list(contacts.order_by("last_name", "first_name", "id")[:limit])


def client_contact_choices(*, user: User, client_id: int | None) -> QuerySet[Contact]:
    """The contacts a vacancy of this client may name: the client's own, visible, not anonymised."""
    contacts = Contact.objects.visible_to(user).filter(anonymised_at__isnull=True)
    if client_id is None:
        return contacts.none()
    return contacts.filter(client_id=client_id).order_by("last_name", "first_name", "id")
