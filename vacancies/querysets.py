"""Visibility of vacancies: the team rule, and a confidential client hides its vacancies too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from core.permissions import VisibleQuerySet

if TYPE_CHECKING:
    from core.models import User


class VacancyQuerySet(VisibleQuerySet):
    def visibility_q(self, user: User, action: str) -> Q:
        from clients.models import Client

        # The team's vacancies, except those of a confidential client …
        team_q = Q(team_id=user.team_id, client__is_confidential=False) if user.team_id else Q(pk__in=[])
        # … which only the users named on the client see (with a grant on the client, any team) …
        client_q = Q(client_id__in=Client.objects.granted_ids(user, "view"))
        # … plus any vacancy shared with the user by name.
        return team_q | client_q | self._granted_q(user, action)

    def open(self) -> VacancyQuerySet:
        return self.filter(status="open")

    def live(self) -> VacancyQuerySet:
        return self.filter(status__in=["open", "on_hold"])
