"""CSV exports, one way for every app: formula injection neutralised, served as a private download.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or carriage
return before one of those) as a formula: a candidate who names themselves `=HYPERLINK(...)` or
`=cmd|' /C calc'!A0` would run it on the recruiter's machine when the export is opened (OWASP "CSV
injection"). Every text cell that starts with one of those characters gets a leading apostrophe,
which spreadsheets show as plain text and hide.

Decision: only strings are touched. Numbers written by the code (ints, Decimals, floats — a negative
count or fee) cannot carry a formula and stay numbers, so a column of figures still sums. A phone
number stored as text, `+44 7700 900123`, is text and is prefixed: it then shows as typed instead of
being read as a sum.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from core import files

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """The value safe for a spreadsheet: a string starting like a formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(*, filename: str, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A small export built in memory (dashboards, registers)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow(csv_row(header))
    for row in rows:
        writer.writerow(csv_row(row))
    files.protect(response, filename=filename)
    return response


def csv_streaming_response(
    *, filename: str, header: Iterable[str], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """A large export written row by row as it is read (the candidate list)."""

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield writer.writerow(csv_row(header))
        for row in rows:
            yield writer.writerow(csv_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    files.protect(response, filename=filename)
    return response
