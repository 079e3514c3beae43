"""Until a session that needs two-factor authentication has presented a code, it reaches only the
pages that let it do so (or log out): every other URL — pages, htmx fragments, /admin/, the session-
authenticated API — is refused. Token-authenticated API calls never get here with a user: the token
endpoint itself asks for the code (core.api.views.TokenView)."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from core.api.parsers import NUL_MESSAGE, has_nul
from core.two_factor import session_needs_verification

# URL names an unverified session may still use.
ALLOWED_URL_NAMES = ("two-factor-verify", "two-factor-setup", "logout", "login")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._allowed: tuple[str, ...] | None = None

    def allowed_paths(self) -> tuple[str, ...]:
        if self._allowed is None:
            self._allowed = tuple(reverse(name) for name in ALLOWED_URL_NAMES)
        return self._allowed

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            session_needs_verification(request)
            and not request.user.is_verified()  # type: ignore[union-attr]
            and request.path_info not in self.allowed_paths()
        ):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request: HttpRequest) -> HttpResponse:
        verify = reverse("two-factor-verify")
        if request.path_info.startswith(("/api/v1/", "/api/schema/")):
            return JsonResponse(
                {
                    "detail": "Two-factor verification required: enter your code at "
                    f"{verify} first, or use a token from POST /api/v1/auth/token/ with `otp`.",
                    "code": "two_factor_required",
                },
                status=403,
            )
        if request.headers.get("HX-Request") == "true":
            # A fragment request: send the whole page to the verify form, not the form into a fragment.
            response = HttpResponse(status=403)
            response["HX-Redirect"] = verify
            return response
        target = request.get_full_path() if request.method == "GET" else "/"
        return HttpResponseRedirect(f"{verify}?{urlencode({'next': target})}")


# How often a request renews the idle clock. Writing the session on every request (Django's
# SESSION_SAVE_EVERY_REQUEST) is an UPDATE per page view, which under twenty busy recruiters was a
# measurable share of each list page (docs/performance.md); renewing at most once a minute keeps
# the idle timeout exact to within this many seconds.
SESSION_RENEW_SECONDS = 60
RENEWED_KEY = "_idle_renewed"


class SessionIdleRenewalMiddleware:
    """Renews a logged-in session's expiry (SESSION_COOKIE_AGE of inactivity) at most once every
    SESSION_RENEW_SECONDS, by marking the session modified so SessionMiddleware saves it and
    re-sends the cookie. Sits after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            renewed = session.get(RENEWED_KEY)
            # A session being saved anyway (a login, a message) is stamped too, for free.
            if session.modified or not isinstance(renewed, int) or now - renewed >= SESSION_RENEW_SECONDS:
                session[RENEWED_KEY] = now
        return response


class RefuseNulBytesMiddleware:
    """A NUL character anywhere in the path, the query string or a page's form body is a 400.

    PostgreSQL cannot store NUL in text, so such input would otherwise reach the database as a 500.
    API bodies are checked by the API's own parsers (core.api.parsers), which keep their size limits;
    query strings are checked here for the API too (its filters read them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return render(request, "400.html", {"nul": True}, status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or has_nul(request.GET):
            return True
        is_api = request.path.startswith("/api/")
        return request.method == "POST" and not is_api and has_nul(request.POST)
