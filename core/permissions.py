"""Who sees what — decided here and nowhere else.

Every model with owned records uses `VisibleQuerySet` (or a subclass), and every HTML view, API
view, export and search asks `visible_to(user, action)` or `get_object_for_user_or_404`. The rules
(DESIGN.md "Who sees what"):

* admin sees everything;
* everyone else sees the records of their own team — by an indexed `team_id`, so it stays fast at
  a million rows;
* django-guardian object permissions are the exceptions: a record shared with a user (or a group)
  outside the team, and for models with a `restricted_field` (confidential clients and vacancies)
  the *only* way in for non-admins;
* an invisible object is a 404; a visible object with a forbidden action is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models import User

M = TypeVar("M", bound=models.Model)

ACTIONS = ("view", "change", "delete")
# Up to this many object grants are put into the query as ids; beyond, as subqueries.
MAX_INLINE_GRANTS = 1000


def is_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_admin", False))


class VisibleQuerySet(models.QuerySet):
    """Base queryset: `visible_to(user, action)` applies the team rule and guardian grants.

    Models say how they are owned with class attributes:
      team_lookup      the field holding the owning team's id ("team_id"; a Team itself uses "id")
      restricted_field a boolean field; when true, only admins and users granted the object see it
    """

    # True for the big tables (candidates): grants are read first, one query, and put into the
    # rule as ids, so the planner sees `team_id = X` (see _granted_q). Small tables keep subqueries.
    inline_grants = False

    def visible_to(self, user: User | AnonymousUser, action: str = "view") -> VisibleQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_admin(user):
            return self
        return self.filter(self.visibility_q(user, action))

    def visibility_q(self, user: User, action: str) -> Q:
        model = self.model
        team_lookup = getattr(model, "team_lookup", "team_id")
        restricted_field = getattr(model, "restricted_field", None)
        team_q = Q(**{team_lookup: user.team_id}) if user.team_id else Q(pk__in=[])
        if restricted_field:
            team_q &= Q(**{restricted_field: False})
        return team_q | self._granted_q(user, action)

    def _granted_q(self, user: User, action: str) -> Q:
        # Imported here: guardian's models import the user model, which imports this module.
        from guardian.models import GroupObjectPermission, UserObjectPermission

        content_type = ContentType.objects.get_for_model(self.model)
        codename = f"{action}_{self.model._meta.model_name}"
        by_user = (
            UserObjectPermission.objects.filter(
                user_id=user.pk, content_type=content_type, permission__codename=codename
            )
            .annotate(object_id=Cast("object_pk", BigIntegerField()))
            .values("object_id")
        )
        by_group = (
            GroupObjectPermission.objects.filter(
                group__user=user.pk, content_type=content_type, permission__codename=codename
            )
            .annotate(object_id=Cast("object_pk", BigIntegerField()))
            .values("object_id")
        )
        if not self.inline_grants:
            return Q(pk__in=by_user) | Q(pk__in=by_group)
        # The grants are read now, not left as subqueries: they are few (usually none), and then
        # the rule is a plain `team_id = X` the planner can walk an index on, instead of an OR with
        # subplans that forced a scan of every team's rows at a million candidates (issue 10).
        # Read once per user object (a request's user lives for that request), however many
        # querysets of the page apply the rule.
        cache = user.__dict__.setdefault("_inline_grants", {})
        key = (content_type.pk, codename)
        if key not in cache:
            cache[key] = list(
                by_user.union(by_group).values_list("object_id", flat=True)[: MAX_INLINE_GRANTS + 1]
            )
        granted = cache[key]
        if len(granted) > MAX_INLINE_GRANTS:
            return Q(pk__in=by_user) | Q(pk__in=by_group)
        return Q(pk__in=sorted(set(granted)))  # none: `x OR pk IN ()` compiles to plain `x`


def _queryset_for(model_or_queryset: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    if isinstance(model_or_queryset, models.QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def model_perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def get_object_for_user_or_404(
    user: Any,
    model_or_queryset: type[M] | models.QuerySet[M],
    action: str = "view",
    *,
    perm: str | None = None,
    **lookup: Any,
) -> M:
    """The object if `user` may see it (else 404) and may do `action` to it (else 403).

    `perm` overrides the model permission checked for the action (e.g. "vacancies.review_shortlist").
    """
    queryset = _queryset_for(model_or_queryset)
    if not isinstance(queryset, VisibleQuerySet):
        raise TypeError(f"{queryset.model.__name__} has no visibility rules (use VisibleQuerySet).")
    try:
        obj = queryset.visible_to(user, "view").get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the given query.") from None
    if action != "view" or perm:
        check_action(user, obj, action, perm=perm)
    return obj


def in_team_scope(user: Any, obj: models.Model) -> bool:
    """True when the team rule (not a grant) makes `obj` the user's: their team's, and not restricted."""
    team_lookup = getattr(type(obj), "team_lookup", "team_id")
    restricted_field = getattr(type(obj), "restricted_field", None)
    if restricted_field and getattr(obj, restricted_field):
        return False
    return user.team_id is not None and getattr(obj, team_lookup) == user.team_id


def check_action(user: Any, obj: models.Model, action: str, *, perm: str | None = None) -> None:
    """Raise PermissionDenied unless `user` holds the model permission for `action` on the visible `obj`.

    The model permission comes from the user's role; a guardian grant for exactly this object (and
    this action) also allows it.
    """
    model = type(obj)
    needed = perm or model_perm(model, action)
    if is_admin(user):
        return
    if user.has_perm(needed) and in_team_scope(user, obj):
        return
    if user.has_perm(needed, obj):  # a guardian grant for this very object
        return
    raise PermissionDenied(f"You may not {action} this {model._meta.verbose_name}.")
