from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def pounds(value: Any) -> str:
    """Whole pounds with thousands separators: 45000 -> "45,000" (API.md: money in whole pounds)."""
    if value is None or value == "":
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""
