"""Sections that higher floors contribute to the client page (vacancies, placements).

clients may not import vacancies (DESIGN.md floors), so the turn is reversed: the vacancies app
registers a function here when it starts, and the client page renders whatever is registered.
A section function takes the user and the client and returns (template name, context) or None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Section = Callable[[HttpRequest, Any], tuple[str, dict[str, Any]] | None]

_SECTIONS: dict[str, Section] = {}


def client_section_register(name: str, section: Section) -> None:
    _SECTIONS[name] = section


def render_sections(request: HttpRequest, client: Any) -> list[tuple[str, dict[str, Any]]]:
    rendered = []
    for section in _SECTIONS.values():
        result = section(request, client)
        if result is not None:
            rendered.append(result)
    return rendered
