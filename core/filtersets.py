"""The filters every FilterSet in the project builds on (issue 17, "No input breaks anything").

Every list filter, API and page alike, is a django-filter FilterSet: the values are validated by
form fields (a bad one is a 400 with a field message in the API, a form error or an ignored filter
on a page — never a 500) and the API's filters appear in the OpenAPI schema, so the schema fuzzer
(`make test-fuzz`) and tests/security/test_no_input_breaks.py try them.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms

from core.http import parse_id

ID_MESSAGE = "Give the id as a whole number."


class IdField(forms.Field):
    """A form field for one id, read by `core.http.parse_id` (ASCII digits, within a bigint)."""

    default_error_messages = {"invalid": ID_MESSAGE}

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_id(value)  # " 1" is refused like "²": the parser takes digits only
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IdFilter(django_filters.NumberFilter):
    """`?candidate=<id>`: an integer filter whose value goes through `parse_id`.

    A NumberFilter so the schema calls it an integer; its field is `IdField`, not the DecimalField
    that would take `1e3`, `1.0` and `١٢` and pass a 30-digit number to the database."""

    field_class = IdField


class BoundedCharFilter(django_filters.CharFilter):
    """Free text, cut to a sane length (a longer value is a field error, not a slow query)."""

    def __init__(self, *args: Any, max_length: int = 200, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
