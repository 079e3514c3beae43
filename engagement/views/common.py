from __future__ import annotations

from django.core.exceptions import PermissionDenied

from core.models import User


def require(user: User, perm: str) -> None:
    if not (user.is_admin or user.has_perm(perm)):
        raise PermissionDenied
