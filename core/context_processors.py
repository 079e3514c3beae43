from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# (label, url name, the first path segment that marks it active)
NAVIGATION = [
    ("Dashboard", "dashboard", ""),
    ("Candidates", "candidates:index", "candidates"),
    ("Clients", "clients:index", "clients"),
    ("Vacancies", "vacancies:index", "vacancies"),
    ("Compliance", "compliance:index", "compliance"),
    ("Privacy", "privacy:index", "privacy"),
    ("Service", "engagement:index", "service"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    segment = request.path.strip("/").split("/", 1)[0]
    return {
        "nav_items": [
            {"label": label, "url_name": url_name, "active": segment == prefix}
            for label, url_name, prefix in NAVIGATION
        ]
    }
