"""The API's permission classes: the model permission of each action, and admin-only endpoints."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import models
from rest_framework import permissions

from core.permissions import check_action, model_perm


class ActionPermission(permissions.BasePermission):
    """Model permission for the action, from the caller's role (list/retrieve: view; create: add; …).

    Object-level: the object must allow the action (team scope or a guardian grant), else 403.
    """

    action_map = {
        "list": "view",
        "retrieve": "view",
        "create": "add",
        "update": "change",
        "partial_update": "change",
        "destroy": "delete",
    }

    def _action(self, request: Any, view: Any) -> str:
        """The action verb (or a full "app.perm") a view action needs.

        Views name extra actions in `action_permissions` ({"merge": "change"}); an unnamed extra
        action needs "view" when it only reads and "change" when it writes.
        """
        custom = getattr(view, "action_permissions", {}).get(view.action)
        if custom:
            return custom
        if view.action in self.action_map:
            return self.action_map[view.action]
        return "view" if request.method in permissions.SAFE_METHODS else "change"

    def has_permission(self, request: Any, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        action = self._action(request, view)
        if getattr(view, "detail", False) and action != "add":
            return True  # decided per object, after the visibility check gives 404 or the object
        model = view.get_queryset().model
        perm = action if "." in action else model_perm(model, action)
        return request.user.has_perm(perm) or bool(getattr(request.user, "is_admin", False))

    def has_object_permission(self, request: Any, view: Any, obj: models.Model) -> bool:
        action = self._action(request, view)
        if action == "view":
            return True  # the object came through visible_to already
        try:
            if "." in action:  # a named permission such as "vacancies.review_shortlist"
                check_action(request.user, obj, view.action, perm=action)
            else:
                check_action(request.user, obj, action)
        except DjangoPermissionDenied:
            return False
        return True


class AdminOnly(permissions.BasePermission):
    message = "Only admins may do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(
            request.user and request.user.is_authenticated and getattr(request.user, "is_admin", False)
        )
