"""The frame every signed-link page (no account: core.signing) is served in.

`signed_link_page` wraps the view of a page reached by a token in its path:
- GET and POST only (anything else 405);
- rate-limited per IP address and per token (core.ratelimits): guessing tokens is slow, and a
  leaked link can't be hammered;
- a link that does not work shows one plain page saying why, never data: 404 for an unknown,
  tampered or other-purpose token (the same page and status for all three, so a guess learns
  nothing), 410 for an expired, revoked or used-up one; a link whose record has since gone (an
  anonymised candidate) is a 410 too, never a 500;
- `Cache-Control: no-store` (no shared or back-button copy of a page with personal data),
  `X-Robots-Tag: noindex, nofollow`, and `Referrer-Policy: same-origin` — the token is in the path,
  so it must never be sent to another site; `no-referrer` would be stricter but makes Chromium send
  `Origin: null` with the form, which Django's CSRF check rightly refuses.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from core.ratelimits import signed_link_over_limit, too_many_requests
from core.selectors import agency_get
from core.signing import SignedLinkError

GONE_REASONS = ("expired", "revoked", "used", "gone")


class SignedLinkGone(SignedLinkError):
    reason = "gone"
    message = "This link is no longer available."


def link_problem(request: HttpRequest, exc: SignedLinkError) -> HttpResponse:
    status = 410 if exc.reason in GONE_REASONS else 404
    # In the public face's frame (templates/portal/base.html), under the agency's own name.
    context = {"message": exc.message, "reason": exc.reason, "agency": agency_get()}
    return render(request, "core/link_problem.html", context, status=status)


def _protect(response: HttpResponseBase) -> HttpResponseBase:
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def signed_link_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD", "POST"):
            return _protect(HttpResponseNotAllowed(["GET", "POST"]))
        if signed_link_over_limit(request, token):
            return _protect(too_many_requests(request))
        try:
            response = view(request, token, *args, **kwargs)
        except SignedLinkError as exc:
            response = link_problem(request, exc)
        except ObjectDoesNotExist:
            response = link_problem(request, SignedLinkGone())
        return _protect(response)

    return wrapper
