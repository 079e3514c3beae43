"""Visibility for clients and contacts (core.permissions decides the rule; these say how it applies).

A confidential client is visible to non-admins only through a guardian grant (`restricted_field`).
A contact is seen exactly when its client is: contacts are personal data at the client, and a
confidential client must not leak through its people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from core.permissions import VisibleQuerySet

if TYPE_CHECKING:
    from core.models import User


class ClientQuerySet(VisibleQuerySet):
    def granted_ids(self, user: User, action: str = "view") -> QuerySet:
        """Ids of clients granted to `user` by name (guardian), confidential or not."""
        return self.model._default_manager.filter(self._granted_q(user, action)).values("pk")

    def live(self) -> ClientQuerySet:
        return self.exclude(status="lapsed")


class ContactQuerySet(VisibleQuerySet):
    def visibility_q(self, user: User, action: str) -> Q:
        from clients.models import Client

        # Same visibility as the client: a confidential client's contacts only for the named users.
        return Q(client_id__in=Client.objects.visible_to(user, action).values("pk"))

    def live(self) -> ContactQuerySet:
        return self.filter(anonymised_at__isnull=True)  # erased contacts stay as tombstones
