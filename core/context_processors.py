from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# (label, url name, the path prefix that marks it active, admins only). The longest prefix that
# matches wins: "My to-dos" (service/todos) is active on its page, "Service" on the rest of service/.
NAVIGATION = [
    ("Dashboard", "dashboard", "", False),
    ("My to-dos", "engagement:todos", "service/todos", False),
    ("Candidates", "candidates:index", "candidates", False),
    ("Clients", "clients:index", "clients", False),
    ("Vacancies", "vacancies:index", "vacancies", False),
    ("Compliance", "compliance:index", "compliance", False),
    # Retention, erasure and subject access are the admin's (the DPO's) work: others would get a 403.
    ("Privacy", "privacy:index", "privacy", True),
    ("Service", "engagement:index", "service", False),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    path = request.path.strip("/")
    matching = [prefix for _, _, prefix, _ in NAVIGATION if prefix and (path + "/").startswith(prefix + "/")]
    current = max(matching, key=len) if matching else ("" if not path else None)
    is_admin = bool(getattr(request.user, "is_admin", False))
    return {
        "nav_items": [
            {"label": label, "url_name": url_name, "active": prefix == current}
            for label, url_name, prefix, admins_only in NAVIGATION
            if is_admin or not admins_only
        ]
    }
