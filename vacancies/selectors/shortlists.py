"""Reads for shortlists: who may review one, whether it is blind to them, its share links."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Count, Q, QuerySet
from django.db.models.functions import Cast

from core.models import SignedLink, User
from core.permissions import check_action, is_admin
from vacancies.models import Shortlist, ShortlistEntry, Vacancy

REVIEW_PERM = "vacancies.review_shortlist"
# The signed link that shows an approved shortlist to the client (selectors/review_links.py opens it).
SHARE_PURPOSE = "review_shortlist"


def shortlist_draft_get(*, vacancy: Vacancy) -> Shortlist | None:
    """The vacancy's shortlist still being drafted (or sent back with changes requested), if any."""
    return vacancy.shortlists.filter(
        status__in=[Shortlist.Status.DRAFT, Shortlist.Status.CHANGES_REQUESTED]
    ).first()


def shortlist_can_review(user: User, shortlist: Shortlist) -> bool:
    try:
        check_action(user, shortlist, "review", perm=REVIEW_PERM)
    except PermissionDenied:
        return False
    return True


def shortlist_is_blind_for(user: User, shortlist: Shortlist) -> bool:
    """Equality Act / DOMAIN.md blind shortlists: reviewers see no identifying details."""
    return bool(shortlist.vacancy.blind_shortlist) and shortlist_can_review(user, shortlist)


def share_link_list(*, shortlist: Shortlist) -> list[SignedLink]:
    return list(
        SignedLink.objects.filter(
            purpose=SHARE_PURPOSE, object_type="vacancies.shortlist", object_id=shortlist.pk
        ).order_by("-created_at")
    )


def shortlist_list(*, user: User, vacancy: Vacancy) -> QuerySet[Shortlist]:
    """A vacancy's shortlists, newest first, with their counts: one query whatever their number."""
    visible = cast("QuerySet[Shortlist]", Shortlist.objects.visible_to(user))
    return (
        visible.filter(vacancy=vacancy)
        .select_related("vacancy", "owner", "reviewed_by")
        .annotate(
            entry_count=Count("entries", distinct=True),
            approved_count=Count(
                "entries", filter=Q(entries__decision=ShortlistEntry.Decision.APPROVED), distinct=True
            ),
            client_answer_count=Count("entries__client_feedback", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def shortlist_reviewer_is(user: User) -> bool:
    """May this user review shortlists at all (the role's permission: managers and admins)?"""
    return is_admin(user) or user.has_perm(REVIEW_PERM)


def shortlist_awaiting_review_list(*, user: User) -> QuerySet[Shortlist]:
    """Shortlists in review that `user` may decide, the longest-waiting first (DESIGN.md "Shortlist
    review"): the same rule as `shortlist_can_review`, in SQL — admins every one; a manager those
    of their team (the role's permission, in team scope) and those granted to them by name."""
    from guardian.models import GroupObjectPermission, UserObjectPermission

    shortlists: Any = Shortlist.objects.visible_to(user).filter(status=Shortlist.Status.IN_REVIEW)
    if not is_admin(user):
        content_type = ContentType.objects.get_for_model(Shortlist)
        granted = [
            model.objects.filter(
                who, content_type=content_type, permission__codename="review_shortlist"
            ).annotate(object_id=Cast("object_pk", BigIntegerField()))
            for model, who in (
                (UserObjectPermission, Q(user_id=user.pk)),
                (GroupObjectPermission, Q(group__user=user.pk)),
            )
        ]
        team = Q(team_id=user.team_id) if user.team_id and user.has_perm(REVIEW_PERM) else Q(pk__in=[])
        shortlists = shortlists.filter(
            team | Q(pk__in=granted[0].values("object_id")) | Q(pk__in=granted[1].values("object_id"))
        )
    return (
        shortlists.select_related("vacancy__client", "owner")
        .annotate(entry_count=Count("entries"))
        .order_by("submitted_at", "pk")
    )
