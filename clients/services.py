"""Writes for clients, contacts and terms of business. Every write is audited with ids and codes only."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from clients import files
from clients.models import Client, Contact, TermsOfBusiness
from clients.selectors import client_named_user_list
from core.models import Team, User
from core.services import audit_record
from core.versioning import edit_lock, edit_save

CLIENT_FIELDS = {
    "name",
    "sector",
    "status",
    "address",
    "postcode",
    "update_every_days",
    "dbs_recheck_months",
    "is_confidential",
}
CONTACT_FIELDS = {
    "first_name",
    "last_name",
    "email",
    "phone",
    "job_title",
    "is_hiring_manager",
    "lawful_basis",
}


def _only(fields: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in sorted(unknown)})
    return fields


@transaction.atomic
def client_create(
    *, actor: User, owner: User | None = None, team: Team | None = None, **fields: Any
) -> Client:
    owner = owner or actor
    team = team or owner.team
    if team is None:
        raise ValidationError({"team": "Choose the team that owns this client."})
    client = Client(owner=owner, team=team, **_only(fields, CLIENT_FIELDS))
    client.full_clean()
    client.save()
    if client.is_confidential:
        # Whoever marks it confidential must not lock themselves out.
        client_grant_access(actor=actor, client=client, users=[owner] if owner == actor else [owner, actor])
    audit_record(actor=actor, action="client.created", obj=client, details={"status": client.status})
    return client


@transaction.atomic
def client_update(
    *, actor: User, client: Client, expected_updated_at: datetime | None = None, **fields: Any
) -> Client:
    """Change the fields given; only those that differ are written. With `expected_updated_at` (the
    version the caller read), a client changed since raises `core.versioning.StaleRecord`."""
    _only(fields, CLIENT_FIELDS | {"owner", "team"})
    edit_lock(client, expected_updated_at=expected_updated_at)
    changed = sorted(name for name, value in fields.items() if getattr(client, name) != value)
    if not changed:
        return client
    was_confidential = client.is_confidential
    for name in changed:
        setattr(client, name, fields[name])
    client.full_clean()
    edit_save(client, changed)
    if "team" in changed:
        # Contacts follow the client's team (their visibility is the client's anyway).
        client.contacts.update(team=client.team, updated_at=timezone.now())
    if client.is_confidential and not was_confidential:
        client_grant_access(actor=actor, client=client, users=[client.owner, actor])
    audit_record(actor=actor, action="client.updated", obj=client, details={"fields": changed})
    return client


@transaction.atomic
def client_grant_access(*, actor: User, client: Client, users: list[User]) -> None:
    """Name users on the client: they may see it (and change it when their role allows changes)."""
    for user in users:
        assign_perm("clients.view_client", user, client)
        if user.has_perm("clients.change_client") or user.is_admin:
            assign_perm("clients.change_client", user, client)
    audit_record(
        actor=actor, action="client.access_granted", obj=client, details={"users": [u.pk for u in users]}
    )


@transaction.atomic
def client_set_named_users(*, actor: User, client: Client, users: list[User]) -> None:
    """Make exactly `users` the named users of the client."""
    current = set(client_named_user_list(client=client))
    wanted = set(users)
    for user in current - wanted:
        remove_perm("clients.view_client", user, client)
        remove_perm("clients.change_client", user, client)
    if current - wanted:
        audit_record(
            actor=actor,
            action="client.access_revoked",
            obj=client,
            details={"users": sorted(u.pk for u in current - wanted)},
        )
    if wanted - current:
        client_grant_access(actor=actor, client=client, users=sorted(wanted - current, key=lambda u: u.pk))


@transaction.atomic
def contact_create(*, actor: User, client: Client, owner: User | None = None, **fields: Any) -> Contact:
    owner = owner or actor
    contact = Contact(client=client, owner=owner, team=client.team, **_only(fields, CONTACT_FIELDS))
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, action="contact.created", obj=contact, details={"client": client.pk})
    return contact


@transaction.atomic
def contact_update(
    *, actor: User, contact: Contact, expected_updated_at: datetime | None = None, **fields: Any
) -> Contact:
    """As `client_update`: only what differs is written, and a stale version is refused."""
    _only(fields, CONTACT_FIELDS)
    edit_lock(contact, expected_updated_at=expected_updated_at)
    changed = sorted(name for name, value in fields.items() if getattr(contact, name) != value)
    if not changed:
        return contact
    for name in changed:
        setattr(contact, name, fields[name])
    contact.full_clean()
    edit_save(contact, changed)
    audit_record(actor=actor, action="contact.updated", obj=contact, details={"fields": changed})
    return contact


@transaction.atomic
def terms_create(
    *,
    actor: User,
    client: Client,
    fee_percent: Decimal,
    rebate_schedule: list[dict[str, int]] | None = None,
    signed_on: date | None = None,
    document: UploadedFile | None = None,
) -> TermsOfBusiness:
    """Record a new version of the client's terms; the signed document is checked by its content."""
    terms = TermsOfBusiness(
        client=client,
        fee_percent=fee_percent,
        rebate_schedule=rebate_schedule or [],
        signed_on=signed_on,
        created_by=actor,
    )
    terms.full_clean(exclude=["document"])
    if document is not None:
        kind = files.validate_document(document)
        terms.document_kind = kind
        terms.document.save(files.random_name(kind), document, save=False)
    terms.save()
    audit_record(
        actor=actor,
        action="terms.created",
        obj=terms,
        details={"client": client.pk, "has_document": bool(document)},
    )
    return terms
