"""Core endpoints: token, the caller, users and teams (admin) — API.md "Users and teams"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, generics, mixins, permissions, serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from core import two_factor
from core.api.permissions import AdminOnly
from core.api.serializers import TeamSerializer, UserSerializer
from core.api.tokens import api_token_for, api_token_revoke
from core.http import request_user
from core.models import Team, User
from core.ratelimits import over_limit


class TokenRequestSerializer(AuthTokenSerializer):
    """Username and password; plus `otp` for users with two-factor authentication (admins, compliance
    officers, and anyone who turned it on): the 6-digit code from their app, or a backup code."""

    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        trim_whitespace=True,
        help_text="One-time code from the user's authenticator app (or a backup code). Required for "
        "admins, compliance officers and users who turned two-factor authentication on.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        user = attrs["user"]
        enrolled = two_factor.has_confirmed_device(user)
        if not enrolled:
            if two_factor.role_requires_two_factor(user):
                raise serializers.ValidationError(
                    {
                        "otp": [
                            "Two-factor authentication is not set up for this account yet: log in to "
                            "the web app once to set it up, then ask for a token with `otp`."
                        ]
                    }
                )
            return attrs
        code = attrs.get("otp") or ""
        if not code:
            raise serializers.ValidationError(
                {"otp": ["This account uses two-factor authentication: send `otp`, the code from the app."]}
            )
        try:
            two_factor.code_verify(user=user, code=code, via="api")
        except two_factor.TwoFactorError as error:
            raise serializers.ValidationError({"otp": [str(error)]}) from error
        return attrs


class TokenView(ObtainAuthToken):
    """POST {username, password, otp?} -> {token}. Wrong credentials or a missing/wrong code are a 400."""

    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {
                "username": serializers.CharField(),
                "password": serializers.CharField(),
                "otp": serializers.CharField(
                    required=False,
                    help_text="One-time code from the authenticator app (or a backup code): required for "
                    "admins, compliance officers and users who turned two-factor authentication on.",
                ),
            },
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
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = api_token_for(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    def get_permissions(self) -> list[Any]:
        # Asking for a token needs credentials in the body; revoking one needs the token itself.
        if self.request is not None and self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return []

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="The caller's token is revoked; it no longer works.")},
    )
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        api_token_revoke(user=request_user(request))
        return Response(status=204)


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
