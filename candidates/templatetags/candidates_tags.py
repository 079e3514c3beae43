from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from candidates.normalise import format_phone
from candidates.search.queries import render_snippet

register = template.Library()


@register.filter
def snippet(value: str | None) -> SafeString:
    return render_snippet(value)


@register.filter
def phone(value: str) -> str:
    return format_phone(value)
