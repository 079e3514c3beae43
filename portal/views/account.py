"""Signing in to the candidate portal and out again; the guard every portal page stands behind.

The signed-in candidate is held in the session under its own key (`portal_candidate`), separate
from a staff login: the session key is cycled on sign-in (no fixation), and a candidate idle for
PORTAL_IDLE_MINUTES is signed out. Every portal page answers `Cache-Control: no-store`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from candidates.models import Candidate
from core.link_pages import signed_link_page
from core.ratelimits import over_limit, too_many_requests
from core.signing import signed_link_check
from portal.forms import SignInForm
from portal.services.sign_in import PURPOSE, portal_sign_in_complete, portal_sign_in_request
from portal.views.base import render_public

SESSION_KEY = "portal_candidate"
SEEN_KEY = "portal_seen"


def _no_store(response: HttpResponseBase) -> HttpResponseBase:
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(SEEN_KEY, None)


def portal_candidate(request: HttpRequest) -> Candidate | None:
    """The signed-in candidate, or None (never signed in, idle too long, or no longer a live
    record: merged, anonymised, restricted)."""
    candidate_id = request.session.get(SESSION_KEY)
    if not isinstance(candidate_id, int):
        return None
    seen = request.session.get(SEEN_KEY)
    now = int(time.time())
    if not isinstance(seen, int) or now - seen > settings.PORTAL_IDLE_MINUTES * 60:
        _forget(request)
        return None
    candidate = Candidate.objects.live().select_related("owner").filter(pk=candidate_id).first()
    if candidate is None:
        _forget(request)
        return None
    if now - seen >= 30:  # no session write on every click
        request.session[SEEN_KEY] = now
    return candidate


def portal_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A page for the signed-in candidate only: anyone else goes to the sign-in page. The view gets
    the candidate and must scope every lookup to it."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        candidate = portal_candidate(request)
        if candidate is None:
            return _no_store(redirect("portal:sign-in"))
        return _no_store(view(request, candidate, *args, **kwargs))

    return wrapper


def _address_limited(request: HttpRequest, email: str) -> bool:
    return over_limit(
        request,
        group="portal-sign-in-email",
        rate=settings.RATE_LIMIT_PORTAL_SIGN_IN_EMAIL,
        key=lambda group, request: email.strip().lower()[:254],
    )


def sign_in(request: HttpRequest) -> HttpResponseBase:
    """`POST /portal/sign-in/` (API.md): an email address in, the same answer for every address."""
    if request.method not in ("GET", "HEAD", "POST"):
        return _no_store(HttpResponseNotAllowed(["GET", "POST"]))
    if request.method == "POST":
        # Every POST counts per client address (a bad address too); a valid one per address as well.
        if over_limit(request, group="portal-sign-in-ip", rate=settings.RATE_LIMIT_PORTAL_SIGN_IN_IP):
            return _no_store(too_many_requests(request))
        form = SignInForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if _address_limited(request, email):
                return _no_store(too_many_requests(request))
            portal_sign_in_request(email=email)
            return _no_store(
                render_public(
                    request,
                    "portal/sign_in_sent.html",
                    {"minutes": settings.PORTAL_SIGN_IN_LINK_MINUTES},
                    section="portal",
                )
            )
        status = 400
    else:
        if portal_candidate(request) is not None:
            return _no_store(redirect("portal:home"))
        form, status = SignInForm(), 200
    return _no_store(
        render_public(request, "portal/sign_in.html", {"form": form}, section="portal", status=status)
    )


@signed_link_page
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: a page with one button (a mail scanner following the link does not use
    it up); pressing it signs the candidate in and cycles the session key."""
    if request.method == "POST":
        candidate = portal_sign_in_complete(token=token)
        _forget(request)
        request.session.cycle_key()
        request.session[SESSION_KEY] = candidate.pk
        request.session[SEEN_KEY] = int(time.time())
        return redirect("portal:home")
    signed_link_check(token=token, purpose=PURPOSE)
    return render_public(request, "portal/sign_in_link.html", {}, section="portal")


def sign_out(request: HttpRequest) -> HttpResponseBase:
    if request.method != "POST":
        return _no_store(HttpResponseNotAllowed(["POST"]))
    _forget(request)
    request.session.cycle_key()
    response = render_public(request, "portal/signed_out.html", {}, section="portal")
    return _no_store(response)
