"""Request helpers every page and API view uses: the signed-in user, typed; the one id parser; the
one `next` check."""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from core.models import User


class _HasUser(Protocol):
    # Django's HttpRequest and DRF's Request both carry `user`.
    @property
    def user(self) -> object: ...


def request_user(request: _HasUser) -> User:
    """The request's `User`. Views behind login (every app page and API endpoint) always have one;
    an anonymous request that reaches here anyway is refused rather than carried on as a non-user."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


# A bigint holds 19 digits; 18 keep every accepted id inside it without a comparison.
MAX_ID_DIGITS = 18


def parse_id(value: object) -> int | None:
    """An id typed by a person or a client — path, query string or form — as an int, or None.

    The one parser for ids (issue 17): ASCII digits only (`"²".isdigit()` and `"١٢".isdigit()` are
    True, and `int("١٢")` is 12), at most `MAX_ID_DIGITS` of them, no sign, no point, no exponent,
    no spaces (0 is well formed and matches nothing: "not found"). `None` tells the caller to answer
    400, a form error or "not found" — never to pass the text on to `int()` or the database."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**MAX_ID_DIGITS else None
    if not isinstance(value, str) or not value or len(value) > MAX_ID_DIGITS:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value)


def safe_next(request: HttpRequest, default: str) -> str:
    """The request's `next` (POST, then GET) when it stays on this site, else `default`.

    Every `next` goes through Django's `url_has_allowed_host_and_scheme`, which also refuses the
    forms a browser reads as another host (`//evil.com`, `/\\evil.com`, `https:evil.com`)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: a bare word ("²", "home") would be read by redirect() as a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
