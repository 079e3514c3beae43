"""API base: pagination, error shapes, and the viewset every endpoint builds on (API.md conventions).

`VisibleModelViewSet` applies `visible_to` to every queryset, so an object the caller can't see is a
404 on every route, and checks the model permission of the action (403 when the object is visible
but the action isn't allowed). `exception_handler` gives every error the documented shape and turns
anything unexpected into a JSON 500 without a traceback (and logs it).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api_parsers import RequestTooLarge
from core.pagination import Pagination  # noqa: F401 - part of the API base
from core.permissions import VisibleQuerySet, check_action, model_perm

logger = logging.getLogger("recruitcrm.api")


class Conflict(exceptions.APIException):
    """409: well-formed but refused by a business rule. `code` and extra keys go into the body."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Refused by a business rule."
    default_code = "conflict"

    def __init__(self, detail: str, code: str, **extra: Any) -> None:
        super().__init__(detail=detail, code=code)
        self.code = code
        self.extra = extra


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Conflict):
        return Response({"detail": str(exc.detail), "code": exc.code, **exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": " ".join(exc.messages)}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    # Django's request limits (settings DATA_UPLOAD_*) raise these while a parser reads the body.
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError("Too many fields or files in one request.")
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    # Unexpected: log it (the traceback goes to the log, never to the client) and answer in JSON.
    view = context.get("view")
    logger.exception("unhandled API error in %s", type(view).__name__ if view else "unknown view")
    return Response(
        {"detail": "Something went wrong on our side. It has been logged.", "code": "server_error"},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


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


class VisibleQuerysetMixin:
    """Every queryset goes through `visible_to`: the invisible is a 404 on every route."""

    request: Any

    def get_queryset(self) -> models.QuerySet:
        queryset = self.base_queryset()
        if not isinstance(queryset, VisibleQuerySet):
            raise TypeError(f"{type(self).__name__}: {queryset.model.__name__} has no visibility rules.")
        return queryset.visible_to(self.request.user, "view")

    def base_queryset(self) -> models.QuerySet:
        queryset = getattr(self, "queryset", None)
        assert queryset is not None, f"{type(self).__name__} needs a queryset"
        return queryset.all()


class VisibleModelViewSet(
    VisibleQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """GET list/detail, POST, PATCH. No PUT (API.md speaks of PATCH) and no DELETE unless added."""

    permission_classes = [permissions.IsAuthenticated, ActionPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]


class AdminOnly(permissions.BasePermission):
    message = "Only admins may do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(
            request.user and request.user.is_authenticated and getattr(request.user, "is_admin", False)
        )
