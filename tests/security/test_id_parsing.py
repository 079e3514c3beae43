"""Issue 17: the one id parser (`core.http.parse_id`, ASCII digits only) and the id filters that use
it: a bad id in a filter is a 400 naming the field, never a 500 (nor "²" read as 2)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from core.filtersets import ID_MESSAGE, IdField
from core.http import parse_id

# The list: a superscript digit and Arabic-Indic digits (`str.isdigit()` is True for both),
# a decimal, signs, an exponent, a number past bigint, and NUL.
BAD_VALUES = ("²", "١٢", "1.0", "+1", "-1", "1e3", "9" * 30, "\x00")

# --- The parser and the filter themselves ----------------------------------------------------------


@pytest.mark.parametrize("text", [*BAD_VALUES, "", " 1", "1 ", "0x1", "1_000", "9" * 19, None, True, 1.0])
def test_parse_id_takes_ascii_digits_only(text: Any) -> None:
    assert parse_id(text) is None


@pytest.mark.parametrize(
    ("text", "number"), [("1", 1), ("0", 0), ("00", 0), ("007", 7), ("9" * 18, int("9" * 18)), (42, 42)]
)
def test_parse_id_reads_an_id(text: Any, number: int) -> None:
    assert parse_id(text) == number


def test_the_id_field_says_what_is_wrong() -> None:
    with pytest.raises(forms.ValidationError) as raised:
        IdField().clean("²")
    assert raised.value.messages == [ID_MESSAGE]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        # Each of these was a 500 (or took "²" as 2) before issue 17: hand-parsed with isdigit().
        ("/api/v1/applications/", "vacancy"),
        ("/api/v1/applications/", "candidate"),
        ("/api/v1/interviews/", "application"),
        ("/api/v1/offers/", "application"),
        ("/api/v1/shortlists/", "vacancy"),
        ("/api/v1/contacts/", "client"),
        ("/api/v1/clients/", "owner"),
        ("/api/v1/vacancies/", "client"),
        ("/api/v1/vacancies/", "owner"),
        ("/api/v1/audit/events/", "object_id"),
        ("/api/v1/communications/", "candidate"),
        ("/api/v1/compliance/right-to-work/", "candidate"),
        ("/api/v1/candidates/", "owner"),
    ],
)
@pytest.mark.parametrize("bad", ["²", "١٢", "1e3", "9" * 30])
def test_a_bad_id_filter_is_a_400_naming_the_field(api_as, admin_user, path, param, bad) -> None:
    response = api_as(admin_user).get(path, {param: bad})
    assert response.status_code == 400, response.content
    assert param in response.json().get("fields", response.json()), response.json()
