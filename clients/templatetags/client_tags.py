from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def percent(value: Any) -> str:
    """17.50 -> "17.5", 20.00 -> "20", 18.25 -> "18.25"."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return ""
    return f"{number:f}"
