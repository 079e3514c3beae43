"""Issue 17, "No input breaks anything": numbers that are not ASCII digits, overlong numbers and NUL
bytes, sent to every filter, query parameter, path id and signed-link form, never give a 500.

What is tried is derived, so a new filter or page is covered without editing this file:
* every API operation and its query parameters come from the schema the server serves
  (/api/schema/): every list filter is a django-filter FilterSet, so it is in the schema;
* every page comes from the URLconf through the permission matrix (tests/permissions/matrix.py,
  which test_every_url_is_in_the_matrix keeps complete), filled with the matrix world's objects
  and asked as a persona the matrix lets in;
* a page's parameters are the names its view module reads (`request.GET.get("…")`,
  `request.POST.get("…")`, `request.GET["…"]`) and the fields of the forms and FilterSets it uses,
  each sent alone, then every name the project reads anywhere, all at once;
* every path argument (object ids and signed-link tokens) is replaced by each bad value too.

Each request runs in a savepoint rolled back after it, so nothing one changes leaks into the next.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import quote

import django_filters
import pytest
from django import forms
from django.db import transaction
from django.urls import NoReverseMatch, resolve, reverse
from rest_framework.test import APIClient

from tests.permissions.matrix import API_NAMES, MATRIX, OK, Check
from tests.permissions.test_url_matrix import World, _body, _value, world  # noqa: F401 (world: a fixture)

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "core",
    "candidates",
    "clients",
    "compliance",
    "vacancies",
    "engagement",
    "privacy",
    "portal",
    "recruitcrm",
)

# The list: a superscript digit and Arabic-Indic digits (`str.isdigit()` says True to
# both), a decimal, signs, an exponent, a number past bigint, and NUL.
BAD_VALUES = ("²", "١٢", "1.0", "+1", "-1", "1e3", "9" * 30, "\x00")
# Who asks: the first persona the matrix lets in.
ASKERS = ("recruiter", "manager", "compliance_officer", "admin_user", "teammate", "anonymous")
SENTINEL = 987654321
# In a path, a converter takes digits only: what can get past it is an overlong number; the others
# must be a clean 404 at the resolver (one of each kind is enough there).
PATH_VALUES = ("9" * 30, "²", "\x00")


# --- The names a view reads ----------------------------------------------------------------------

_READ = re.compile(r"""(?:GET|POST|query_params|data)(?:\.get\(|\[)\s*["'](\w+)["']""")


def _form_fields(source: str, module: Any) -> set[str]:
    """Fields of the forms and FilterSets a module names."""
    names: set[str] = set()
    for value in vars(module).values():
        if not inspect.isclass(value) or value.__name__ not in source:
            continue
        if issubclass(value, forms.BaseForm):
            names |= set(value.base_fields)
        elif issubclass(value, django_filters.FilterSet):
            names |= set(value.base_filters)
    return names


def _unwrap(callback: Any) -> Any:
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback


@cache
def names_read_by(callback: Any) -> frozenset[str]:
    module = sys.modules.get(_unwrap(callback).__module__)
    if module is None or not module.__name__.startswith(APPS):
        return frozenset()
    source = inspect.getsource(module)
    return frozenset(set(_READ.findall(source)) | _form_fields(source, module))


@cache
def names_read_anywhere() -> frozenset[str]:
    names: set[str] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                names |= set(_READ.findall(path.read_text()))
    stack = list(django_filters.FilterSet.__subclasses__())
    while stack:
        filterset = stack.pop()
        stack += filterset.__subclasses__()
        if filterset.__module__.startswith(APPS):
            names |= set(filterset.base_filters)
    return frozenset(names - {"csrfmiddlewaretoken"})


# --- The API's query parameters, from the served schema -------------------------------------------


@cache
def schema_operations() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """(path pattern, query parameter names) of every GET the served schema lists."""
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json() if "json" in response["Content-Type"] else _yaml(response.content)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        names = frozenset(p["name"] for p in get.get("parameters", []) if p["in"] == "query")
        pattern = re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)) + "$")
        found.append((pattern, names))
    assert len(found) > 20, "the schema lists the API's operations"
    return tuple(found)


def _yaml(content: bytes) -> Any:
    import yaml

    return yaml.safe_load(content)


def api_parameters(path: str) -> frozenset[str]:
    return frozenset().union(*(names for pattern, names in schema_operations() if pattern.match(path)))


# --- The cases: every named URL the matrix fills ---------------------------------------------------


def _asker(check: Check) -> str | None:
    for persona in ASKERS:
        if check.rule.get(persona) == OK:
            return persona
    return None


def _cases() -> Iterator[tuple[str, Check]]:
    for name, checks in MATRIX.items():
        if name in ("api-schema", "api-docs", "logout"):
            continue
        seen = set()
        for check in checks:
            if check.method not in ("get", "post") or _asker(check) is None:
                continue
            key = (check.method, tuple(sorted(check.args.items())))
            if key not in seen:
                seen.add(key)
                yield name, check


CASES = list(_cases())


def _client(built: World, persona: str) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.cookies = SimpleCookie(built.cookies.get(persona, {}))
    return client


def _ask(client: APIClient, method: str, url: str, data: dict[str, Any], api: bool) -> int:
    with transaction.atomic():
        if method == "get":
            response = client.get(url, data)
        elif api:
            response = client.post(url, data, format="json")
        else:
            response = client.post(url, data)
        streamed = getattr(response, "streaming_content", None)
        if streamed is not None:
            b"".join(streamed)
        transaction.set_rollback(True)
    return int(response.status_code)


def _paths(built: World, name: str, check: Check) -> Iterator[tuple[str, str]]:
    """(label, url): the real URL, then each path argument replaced by each bad value."""
    kwargs = {k: _value(built.objects, v) for k, v in check.args.items()}
    yield "", reverse(name, kwargs=kwargs)
    for key, real in kwargs.items():
        stand_in = SENTINEL if isinstance(real, int) else str(SENTINEL)
        try:
            template = reverse(name, kwargs={**kwargs, key: stand_in})
        except NoReverseMatch:
            template = ""  # a converter that takes no number: nothing to try
        if not template:
            continue
        for bad in PATH_VALUES:
            yield f"path {key}={bad!r}", template.replace(str(SENTINEL), quote(bad, safe=""))


@pytest.mark.parametrize(
    ("name", "check"),
    CASES,
    ids=[f"{check.method.upper()} {name} {sorted(check.args)}" for name, check in CASES],
)
def test_no_input_gives_a_500(world: World, db: None, name: str, check: Check) -> None:  # noqa: F811
    persona = _asker(check)
    assert persona is not None
    client = _client(world, persona)
    api = name in API_NAMES
    base_query = {k: _value(world.objects, v) for k, v in check.query.items()}
    base_body = _body(world.objects, persona, check) if check.method == "post" else {}
    url = reverse(name, kwargs={k: _value(world.objects, v) for k, v in check.args.items()})
    path = url.split("?")[0]
    callback = resolve(path).func
    own = set(api_parameters(path)) if api else set(names_read_by(callback))
    every = names_read_anywhere() | own
    broke: list[str] = []

    def ask(label: str, target: str, extra: dict[str, Any]) -> None:
        if check.method == "get":
            status = _ask(client, "get", target, {**base_query, **extra}, api)
        else:
            status = _ask(client, "post", f"{target}?{_encode(base_query)}", {**base_body, **extra}, api)
        if status >= 500:
            broke.append(f"{check.method.upper()} {target} {label} -> {status}")

    for label, target in _paths(world, name, check):
        ask(label or "as is", target, {})
    # Each bad value in every name at once (a form or FilterSet validates every field, so one
    # request per value reaches each reader); NUL alone is refused before any view (its own tests).
    for bad in BAD_VALUES:
        ask(f"every name={bad!r}", url, dict.fromkeys(every, bad))
    if check.method == "post":
        ask("no fields at all", url, {})
    assert not broke, f"{len(broke)} requests gave a 500:\n" + "\n".join(broke[:40])


def _encode(query: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(query)
