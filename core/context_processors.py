from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# (label, url name, the first path segment that marks it active, admins only)
NAVIGATION = [
    ("Dashboard", "dashboard", "", False),
    ("Candidates", "candidates:index", "candidates", False),
    ("Clients", "clients:index", "clients", False),
    ("Vacancies", "vacancies:index", "vacancies", False),
    ("Compliance", "compliance:index", "compliance", False),
    # Retention, erasure and subject access are the admin's (the DPO's) work: others would get a 403.
    ("Privacy", "privacy:index", "privacy", True),
    ("Service", "engagement:index", "service", False),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    segment = request.path.strip("/").split("/", 1)[0]
    is_admin = bool(getattr(request.user, "is_admin", False))
    return {
        "nav_items": [
            {"label": label, "url_name": url_name, "active": segment == prefix}
            for label, url_name, prefix, admins_only in NAVIGATION
            if is_admin or not admins_only
        ]
    }
