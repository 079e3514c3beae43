"""Core endpoints: token, the caller, users and teams (admin) — API.md "Users and teams"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, generics, mixins, permissions, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import AdminOnly
from core.models import Team, User
from core.ratelimits import over_limit
from core.serializers import TeamSerializer, UserSerializer


class TokenView(ObtainAuthToken):
    """POST {username, password} -> {token}. Wrong credentials are a 400."""

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            429: OpenApiResponse(description="Too many requests from this address (RATE_LIMIT_API_TOKEN)"),
        },
        auth=[],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Per client address (core.ratelimits), before the password is even checked.
        if over_limit(request, group="api-token", rate=settings.RATE_LIMIT_API_TOKEN):
            raise exceptions.Throttled(wait=60, detail="Too many token requests. Try again in a minute.")
        return super().post(request, *args, **kwargs)


class MeView(generics.GenericAPIView):
    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)


class TeamViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Team.objects.all()
    serializer_class = TeamSerializer
    permission_classes = [permissions.IsAuthenticated, AdminOnly]


class UserViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = User.objects.select_related("team").order_by("username")
    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated, AdminOnly]
    http_method_names = ["get", "post", "patch", "head", "options"]
