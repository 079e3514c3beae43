"""The viewset every endpoint builds on.

`VisibleModelViewSet` applies `visible_to` to every queryset, so an object the caller can't see is a
404 on every route, and checks the model permission of the action (403 when the object is visible
but the action isn't allowed).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import mixins, permissions, viewsets

from core.api.permissions import ActionPermission
from core.permissions import VisibleQuerySet


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
