"""Who sees which checks: the candidate's team (and admins); DBS data needs its own permission."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from core.permissions import VisibleQuerySet, is_admin

# Police Act 1997 / DBS code of practice: criminal-record data only for the compliance permission.
DBS_PERMISSION = "compliance.view_dbs_data"


def can_see_dbs(user: Any) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (is_admin(user) or user.has_perm(DBS_PERMISSION))
    )


class CheckQuerySet(VisibleQuerySet):
    """Checks are owned through their candidate: visible when the candidate is the user's team's."""

    def for_candidate(self, candidate: Any) -> CheckQuerySet:
        return self.filter(candidate=candidate)

    def current(self) -> CheckQuerySet:
        # A correction is a new check: the newest one per candidate is the one that counts.
        return self.filter(superseded_by__isnull=True)


class RightToWorkQuerySet(CheckQuerySet):
    def follow_up_due(self, today: datetime.date) -> CheckQuerySet:
        # DOMAIN.md right to work: a reminder 28 days before the excuse ends (stored follow_up_due_on).
        return self.current().filter(outcome="pass", follow_up_due_on__lte=today)

    def evidence_held(self) -> RightToWorkQuerySet:
        return self.exclude(evidence="").filter(evidence_purged_at__isnull=True)


class DBSQuerySet(CheckQuerySet):
    def visible_to(self, user: Any, action: str = "view") -> VisibleQuerySet:
        # DBS data is hidden entirely from anyone without the compliance permission.
        if not can_see_dbs(user):
            return self.none()
        return super().visible_to(user, action)

    def images_held(self) -> DBSQuerySet:
        return self.exclude(certificate_image="").filter(image_purged_at__isnull=True)


class TaskQuerySet(VisibleQuerySet):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)

    def visible_to(self, user: Any, action: str = "view") -> VisibleQuerySet:
        queryset = super().visible_to(user, action)
        if not can_see_dbs(user):
            # A DBS re-check reminder says a DBS check exists: compliance permission only.
            queryset = queryset.filter(~Q(kind="dbs_recheck"))
        return queryset


def can_record(user: Any, candidate: Any, perm: str) -> bool:
    """May `user` record a compliance row (`perm`, e.g. "compliance.add_dbscheck") for `candidate`?

    The role gives the permission; the candidate must be the user's team's (admins: any). Checked
    here rather than with core's check_action, whose per-object grant lookup is for the object's
    own app's permissions.
    """
    from core.permissions import in_team_scope

    if is_admin(user):
        return True
    return bool(user.has_perm(perm) and in_team_scope(user, candidate))
