"""The umbrella permission matrix, generated from the URL configuration (pretix style).

* `test_every_url_is_in_the_matrix` walks `get_resolver()` and fails on a URL without an entry in
  matrix.MATRIX, an API method without a check, or an entry whose URL is gone.
* `test_matrix[<METHOD> <route> <persona> -> <expected>]`: one case per check of every URL and
  persona, one request each. The world (world.py) and the personas' sessions are built once per
  module (once per pytest-xdist worker that runs any of these cases) inside a transaction that is
  rolled back when the module ends; each case runs in its own savepoint (the `db` fixture), rolled
  back after it, so a POST that changes state (submit, revoke, withdraw…) leaves the world as it
  was for the next case, and every case can assert exact statuses.
* `test_api_matrix_by_token[token: ...]`: every API case again for each signed-in persona, signed
  in by API token instead of a session: the API answers both alike.
* The Django admin (/admin/) is one rule: staff (the admin role) only; everyone else is sent to the
  admin's login page.

How to add a URL: see docs/security.md, "Access control, proven".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.contrib import admin
from django.db import models, transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import User
from core.two_factor import role_requires_two_factor
from tests.conftest import confirmed_totp_device
from tests.permissions.matrix import API_NAMES, LOGIN, MATRIX, OK, PERSONAS, Check
from tests.permissions.world import personas_build, world_build

ADMIN_PREFIX = "admin/"


# --- The URL configuration -----------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield prefix + str(pattern.pattern), name, pattern.callback


def _api_methods(callback: Any) -> set[str] | None:
    """The methods a DRF view answers (None for a plain Django view, which says nothing)."""
    cls = getattr(callback, "cls", None)
    if cls is None:
        return None
    actions = getattr(callback, "actions", None)
    if actions:  # a router route; PUT is listed even where http_method_names refuses it (checked too)
        return set(actions) - {"head", "options"}  # HEAD follows GET
    return {m for m in cls.http_method_names if m not in ("head", "options") and hasattr(cls, m)}


def url_patterns() -> list[tuple[str, str, Any]]:
    return list(_walk(get_resolver().url_patterns))


def test_every_url_is_in_the_matrix():
    problems = []
    seen = set()
    for route, name, callback in url_patterns():
        if route.startswith(ADMIN_PREFIX):
            continue  # the Django admin: test_admin_is_for_staff_only
        if not name:
            problems.append(f"{route}: unnamed, so the matrix cannot name it")
            continue
        seen.add(name)
        if name not in MATRIX:
            problems.append(f"{route} ({name}): no entry in tests/permissions/matrix.py")
            continue
        methods = _api_methods(callback)
        if methods is not None:
            checked = {check.method for check in MATRIX[name]}
            problems += [f"{route} ({name}): no check for {m.upper()}" for m in sorted(methods - checked)]
    problems += [f"{name}: in the matrix but no such URL" for name in sorted(set(MATRIX) - seen)]
    assert not problems, "\n".join(problems)


# --- The cases: check x persona, named for what they ask --------------------------------------------


def _readable(route: str) -> str:
    """A route as a person writes it: `api/v1/^teams/(?P<pk>[^/.]+)/$` -> `api/v1/teams/<pk>/`."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)  # a router's regex groups
    route = re.sub(r"<\w+:(\w+)>", r"<\1>", route)  # path converters
    return route.replace("^", "").replace("$", "")


ROUTES: dict[str, str] = {}
for _route_text, _name, _ in url_patterns():
    ROUTES.setdefault(_name, _readable(_route_text))  # the first: not a router's `.json` suffix


def _route(name: str, check: Check) -> str:
    """The URL as the URLconf writes it, literals filled in: `/vacancies/<pk>/`, `?vacancy=<vacancy>`."""
    route = "/" + ROUTES.get(name, name)  # an entry whose URL is gone: test_every_url_is_in_the_matrix
    for kwarg, ref in check.args.items():
        if ref.startswith("="):
            route = route.replace(f"<{kwarg}>", ref[1:])
    if check.query:
        route += "?" + "&".join(
            f"{key}={ref[1:] if ref.startswith('=') else f'<{ref}>'}" for key, ref in check.query.items()
        )
    return route


def _expected(persona: str, name: str, check: Check) -> str:
    expected = check.rule[persona]
    if expected == LOGIN:
        return "401" if name in API_NAMES else "login"
    if expected == OK:
        return "|".join(str(status) for status in sorted(check.ok_for.get(persona, check.ok)))
    return str(expected)


def case_id(persona: str, name: str, check: Check, *, objects: bool = False) -> str:
    """`POST /vacancies/<pk>/status/ compliance_officer -> 403`; with `objects`, the world's objects
    named too, for two checks of one route that differ only in them (`(pk=outsider_candidate)`)."""
    body = " {" + ",".join(check.data) + "}" if check.data else ""
    which = ""
    if objects:
        which = " (" + ", ".join(f"{k}={v.lstrip('=')}" for k, v in check.args.items()) + ")"
    expected = _expected(persona, name, check)
    return f"{check.method.upper()} {_route(name, check)}{body}{which} {persona} -> {expected}"


# Persona by persona and, for each, safe methods first (as one persona's requests always ran).
CHECKS = sorted(
    ((name, check) for name, checks in MATRIX.items() for check in checks),
    key=lambda item: item[1].method != "get",
)
CASES = [(persona, name, check) for persona in PERSONAS for name, check in CHECKS]
_SHORT = [case_id(*case) for case in CASES]
CASE_IDS = [
    case_id(*case, objects=True) if _SHORT.count(short) > 1 else short
    for case, short in zip(CASES, _SHORT, strict=True)
]


# --- The world, once per module ------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    objects: dict[str, Any]
    users: dict[str, User]
    # Each persona's session cookies (none for the anonymous).
    cookies: dict[str, dict[str, str]]
    # Each signed-in persona's API token (the API's other way in).
    tokens: dict[str, str]


def _login(user: User) -> dict[str, str]:
    """The one way this module logs in (pages and API alike: DRF accepts the session): a session,
    verified by a confirmed authenticator for the roles that need two-factor authentication, as
    tests/conftest.py's force_login makes it."""
    client = APIClient()
    client.force_login(user)
    if role_requires_two_factor(user):
        from django_otp import DEVICE_ID_SESSION_KEY

        session = client.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
        session.save()
    return {key: morsel.value for key, morsel in client.cookies.items()}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module; the module's cases each run in a savepoint inside it."""
    with (
        django_db_blocker.unblock(),
        override_settings(COMPLIANCE_DBS_KEEP_IMAGES=True),  # so there is a certificate image to guard
        transaction.atomic(),
    ):
        users = personas_build()
        objects = world_build(**users)
        # Logged in once: the session rows are outside the cases' savepoints, so they survive them
        # (a logout, or a login page, rolls back with its case).
        cookies = {persona: _login(user) for persona, user in users.items()}
        tokens = {persona: Token.objects.get_or_create(user=user)[0].key for persona, user in users.items()}
        yield World(objects=objects, users=users, cookies=cookies, tokens=tokens)
        transaction.set_rollback(True)


# --- The matrix: one request per case --------------------------------------------------------------


def _value(objects: dict[str, Any], ref: str) -> Any:
    if ref.startswith("="):
        return ref[1:]
    value = objects[ref]
    return value.pk if isinstance(value, models.Model) else value


def _url(objects: dict[str, Any], name: str, check: Check) -> str:
    return reverse(name, kwargs={k: _value(objects, v) for k, v in check.args.items()})


def _body(objects: dict[str, Any], persona: str, check: Check) -> dict[str, Any]:
    data = {**(check.data or {}), **check.data_for.get(persona, {})}
    return {k: _value(objects, v) if isinstance(v, str) else v for k, v in data.items()}


def _request(
    client: APIClient, objects: dict[str, Any], persona: str, name: str, check: Check
) -> tuple[Any, str]:
    """The response and its body (as text)."""
    url = _url(objects, name, check)
    query = {k: _value(objects, v) for k, v in check.query.items()}
    if check.method == "get":
        response = client.get(url, query)
    elif name in API_NAMES:
        kind = "multipart" if check.multipart else "json"
        response = getattr(client, check.method)(url, _body(objects, persona, check), format=kind)
    else:
        response = getattr(client, check.method)(url, _body(objects, persona, check))
    # Read inside the case's savepoint (a streamed export reads the database as it goes).
    streamed = getattr(response, "streaming_content", None)
    body = b"".join(streamed) if streamed is not None else response.content
    return response, body.decode(errors="replace")


def _verdict(
    persona: str, name: str, check: Check, response: Any, body: str, markers: tuple[str, ...]
) -> str | None:
    expected = check.rule[persona]
    status = response.status_code
    if expected == LOGIN:
        if name in API_NAMES:
            return None if status == 401 else f"{status}, expected 401"
        location = response.get("Location", "") if status == 302 else ""
        return None if "/accounts/login/" in location else f"{status}, expected 302 to the login page"
    if expected != OK:
        return None if status == expected else f"{status}, expected {expected}"
    allowed = check.ok_for.get(persona, check.ok)
    if status not in allowed:
        return f"{status}, expected one of {sorted(allowed)}"
    if check.contains:
        shown = check.contains_only_for is None or persona in check.contains_only_for
        if shown and check.contains not in body:
            return f"{status} without {check.contains!r} on the page"
        if not shown and check.contains in body:
            return f"{status} showing {check.contains!r}, which is not for {persona}"
    if persona == "outsider" and check.is_list and status == 200:
        leaked = [marker for marker in markers if marker in body]
        if leaked:
            return f"shows another team's records: {leaked}"
        if check.empty_for_outsider and response.json()["count"] != 0:
            return f"shows {response.json()['count']} of another team's records"
    return None


@pytest.mark.parametrize(("persona", "name", "check"), CASES, ids=CASE_IDS)
def test_matrix(world: World, db: None, persona: str, name: str, check: Check) -> None:
    client = APIClient(raise_request_exception=False)
    client.cookies = SimpleCookie(world.cookies.get(persona, {}))
    response, body = _request(client, world.objects, persona, name, check)
    problem = _verdict(persona, name, check, response, body, world.objects["markers"])
    query = f"?{check.query}" if check.query else ""
    where = f"{check.method.upper()} {_url(world.objects, name, check)}{query} [{name}] as {persona}"
    assert problem is None, f"{where}: {problem}"


# The API answers a token as it answers a session: every API case again, signed in by token (not
# the public routes, the schema and the token endpoint, which answer everyone alike).
_BY_TOKEN = [
    (case, case_id)
    for case, case_id in zip(CASES, CASE_IDS, strict=True)
    if case[1] in API_NAMES and case[0] != "anonymous" and case[2].rule["anonymous"] != OK
]
TOKEN_CASES = [case for case, _ in _BY_TOKEN]
TOKEN_IDS = ["token: " + case_id for _, case_id in _BY_TOKEN]


@pytest.mark.parametrize(("persona", "name", "check"), TOKEN_CASES, ids=TOKEN_IDS)
def test_api_matrix_by_token(world: World, db: None, persona: str, name: str, check: Check) -> None:
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[persona]}")
    response, body = _request(client, world.objects, persona, name, check)
    problem = _verdict(persona, name, check, response, body, world.objects["markers"])
    where = f"{check.method.upper()} {_url(world.objects, name, check)} [{name}] as {persona} by token"
    assert problem is None, f"{where}: {problem}"


# --- The Django admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_staff_only(world: World, db: None, persona: str) -> None:
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    wrong = {}
    for url in urls:
        client = APIClient(raise_request_exception=False)
        client.cookies = SimpleCookie(world.cookies.get(persona, {}))
        response = client.get(url)
        if persona == "admin_user":
            if response.status_code != 200:
                wrong[url] = response.status_code
        elif response.status_code != 302 or "/admin/login/" not in response["Location"]:
            wrong[url] = response.status_code
    assert not wrong, wrong
