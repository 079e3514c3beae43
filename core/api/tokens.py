"""Issuing and revoking API tokens (one per user; DRF's authtoken model)."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from core.api.authentication import token_is_expired
from core.models import User
from core.services import audit_record


@transaction.atomic
def api_token_for(*, user: User) -> Token:
    """The user's live token, or a new one when they have none or theirs has expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and token_is_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    return token


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    """Delete the user's token (audited); False when they had none."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, action="api_token.revoked", obj=user)
    return bool(deleted)
