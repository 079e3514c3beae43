"""The record picker: choosing a candidate, contact or vacancy by typing, never from a <select> of
every record (issue 16).

The field renders as a plain text input of the record's number, which is what is posted, so the
form works without JavaScript ("Candidate number"). static/js/picker.js turns it into an accessible
combobox (WAI-ARIA 1.2 pattern: a text box with a listbox popup, arrow keys, Enter, Escape): what is
typed is POSTed to the field's lookup endpoint — a POST, so names never reach URLs or access logs —
and the chosen record's number fills the hidden input. Each lookup endpoint answers through the
model's `visible_to`, so the picker offers only what the user may see; the form field still checks
the number it receives against the same visibility (a typed number of an invisible record is
"not found", not a leak).

A lookup answers `{"results": [{"id", "label", "detail"}]}` (`pick_response`), reading what was
typed with `pick_query`; `depends_on` names another field whose value is sent along (a contact
picker narrowed to the chosen client).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.http import HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

PICK_LIMIT = 10
QUERY_LIMIT = 100


class RecordPicker(forms.TextInput):
    template_name = "core/widgets/picker.html"

    def __init__(
        self,
        *,
        lookup: str,
        placeholder: str = "Type a name…",
        depends_on: str = "",
        label_for: Callable[[Any], str] | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})
        self.lookup = lookup  # a URL name, reversed at render time
        self.placeholder = placeholder
        self.depends_on = depends_on
        self.label_for = label_for

    def chosen_label(self, value: Any) -> str:
        """The chosen record's name: from the ModelChoiceField's own (visible) queryset if there is
        one, else the form's `label_for`, else its number."""
        if value in (None, ""):
            return ""
        choices = getattr(self, "choices", None)
        field = getattr(choices, "field", None)
        if field is not None:
            try:
                found = field.queryset.filter(pk=value).first()
            except (TypeError, ValueError):
                found = None
            return str(field.label_from_instance(found)) if found is not None else ""
        if self.label_for is not None:
            return self.label_for(value)
        return f"#{value}"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            {
                "lookup_url": reverse(self.lookup),
                "placeholder": self.placeholder,
                "depends_on": self.depends_on,
                "chosen": self.chosen_label(value),
            }
        )
        return context

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # The project's template engine (templates/core/widgets/), not the form renderer's own.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308 - a template


def pick_query(request: HttpRequest) -> str:
    """What was typed into a picker, trimmed and bounded."""
    typed = str(request.POST.get("q", "")).replace("\x00", "")  # PostgreSQL text holds no NUL
    return " ".join(typed.split())[:QUERY_LIMIT]


def pick_response(rows: Iterable[tuple[int, str, str]]) -> JsonResponse:
    """The lookup answer: `(id, label, detail)` rows, at most PICK_LIMIT."""
    results = [{"id": pk, "label": label, "detail": detail} for pk, label, detail in list(rows)[:PICK_LIMIT]]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "no-store"  # personal data: never kept by a browser or proxy
    return response
