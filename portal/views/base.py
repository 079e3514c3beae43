"""What every public page shares: the agency's branding in the context, and no caching of pages
that may hold personal data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.selectors import agency_get, privacy_notice_current


def render_public(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    section: str = "",
    status: int = 200,
) -> HttpResponse:
    """Render a page of the public face in templates/portal/base.html's frame."""
    full = {"agency": agency_get(), "public_section": section, **(context or {})}
    return render(request, template, full, status=status)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The current privacy notice, readable by anyone (linked from every public page's footer)."""
    return render_public(request, "portal/privacy_notice.html", {"notice": privacy_notice_current()})
