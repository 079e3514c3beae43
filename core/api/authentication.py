"""API tokens that expire (API.md "Added in the second round": `API_TOKEN_DAYS`, default 30).

A token older than `API_TOKEN_DAYS` is refused like an unknown one (401) and the next
`POST /auth/token/` issues a fresh one; its owner can revoke it at any time with `DELETE /auth/token/`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_is_expired(token: Token) -> bool:
    return token.created < timezone.now() - timedelta(days=settings.API_TOKEN_DAYS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed(
                "This token has expired: ask for a new one at POST /auth/token/."
            )
        return user, token
