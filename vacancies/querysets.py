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


class ApplicationQuerySet(VisibleQuerySet):
    def visibility_q(self, user: User, action: str) -> Q:
        from vacancies.models import Vacancy

        # An application is seen exactly when its vacancy is (so a confidential client hides it too).
        return Q(vacancy_id__in=Vacancy.objects.visible_to(user, action).values("pk"))

    def open(self) -> ApplicationQuerySet:
        return self.exclude(stage__in=["placed", "rejected", "withdrawn"])


class ApplicationChildQuerySet(VisibleQuerySet):
    """Interviews, offers and placements: seen when their application is."""

    def visibility_q(self, user: User, action: str) -> Q:
        from vacancies.models import Application

        return Q(application_id__in=Application.objects.visible_to(user, action).values("pk"))


class FollowUpQuerySet(VisibleQuerySet):
    def visibility_q(self, user: User, action: str) -> Q:
        from vacancies.models import Application

        return Q(placement__application_id__in=Application.objects.visible_to(user, action).values("pk"))

    def due_for(self, user: User) -> FollowUpQuerySet:
        return self.filter(assigned_to=user, done_at__isnull=True)


class ShortlistQuerySet(VisibleQuerySet):
    def visibility_q(self, user: User, action: str) -> Q:
        from vacancies.models import Vacancy

        # A shortlist is seen exactly when its vacancy is.
        return Q(vacancy_id__in=Vacancy.objects.visible_to(user, action).values("pk"))


class ShortlistChildQuerySet(VisibleQuerySet):
    """Entries (and client feedback): seen when their shortlist is."""

    def visibility_q(self, user: User, action: str) -> Q:
        from vacancies.models import Shortlist

        lookup = "entry__shortlist_id" if self.model.__name__ == "ClientFeedback" else "shortlist_id"
        return Q(**{f"{lookup}__in": Shortlist.objects.visible_to(user, action).values("pk")})


class NoticeQuerySet(VisibleQuerySet):
    def visibility_q(self, user: User, action: str) -> Q:
        # Notices are personal: only their addressee sees them (admins included, via visible_to).
        return Q(user_id=user.pk)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)
