"""Rate limits on the doors that take guesses: login, API token creation, signed-link pages.

Counting is django-ratelimit's (fixed windows in the default cache: Redis when REDIS_URL is set,
else the database cache, which every process of `make run` shares). Limits come from settings
(`RATE_LIMIT_*` environment variables, README); over a limit the answer is a 429 with a page or JSON
saying when to try again, and nothing is done. Keys are the client's IP address and, for signed
links, the token too (hashed by django-ratelimit before it reaches the cache, like the IP).

Login lockout per username is django-axes' job; this limit stops one address from spraying
passwords across many usernames, or guessing link tokens.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def client_ip(group: str, request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the right-most entry of RATE_LIMIT_IP_HEADER.

    Behind a proxy every request comes from the proxy; the proxy appends the real client to
    X-Forwarded-For, and only the right-most entry is its own (the rest the client may forge).
    """
    header = getattr(settings, "RATE_LIMIT_IP_HEADER", "")
    if header:
        forwarded = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def request_client_ip(request: HttpRequest) -> str | None:
    """The client's address for the login lockout (django-axes' AXES_CLIENT_IP_CALLABLE): the same
    address the rate limits count, or None when it is not an IP address (axes stores a real one)."""
    address = client_ip("", request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def over_limit(request: HttpRequest, *, group: str, rate: str, key: Any = client_ip) -> bool:
    """Count this request against `group` for its key; True when the limit is passed."""
    return bool(is_ratelimited(request, group=group, key=key, rate=rate, increment=True))


def too_many_requests(request: HttpRequest) -> HttpResponse:
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def limit_posts(
    setting: str, group: str
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorator: POSTs to the view are limited per IP address by `settings.<setting>`.

    The rate is read on every request, so it can be changed in settings (and in tests)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST" and over_limit(request, group=group, rate=getattr(settings, setting)):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def signed_link_over_limit(request: HttpRequest, token: str) -> bool:
    """Every request to a signed-link page counts per IP address and per token."""
    by_ip = over_limit(request, group="signed-link-ip", rate=settings.RATE_LIMIT_SIGNED_LINK_IP)
    by_token = over_limit(
        request,
        group="signed-link-token",
        rate=settings.RATE_LIMIT_SIGNED_LINK_TOKEN,
        key=lambda group, request: token[:200],
    )
    return by_ip or by_token
