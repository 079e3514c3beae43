"""The umbrella permission matrix, generated from the URL configuration (pretix style).

* `test_every_url_is_in_the_matrix` walks `get_resolver()` and fails on a URL without an entry in
  matrix.MATRIX, an API method without a check, or an entry whose URL is gone.
* `test_matrix_for_<persona>` (one test per persona) builds the world once, requests every check of
  every URL as that persona and reports every mismatch at once. Each request runs in a savepoint
  that is rolled back, so a POST that changes state (submit, revoke, withdraw…) leaves the world as
  it was for the next one, and each check can assert exact statuses.
* The Django admin (/admin/) is one rule: staff (the admin role) only; everyone else is sent to the
  admin's login page.

How to add a URL: see docs/security.md, "Access control, proven".
"""

from __future__ import annotations

from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.contrib import admin
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from core.models import User
from tests.permissions.matrix import API_NAMES, LOGIN, MATRIX, OK, PERSONAS, Check
from tests.permissions.world import world_build

ADMIN_PREFIX = "admin/"


def _login(client: APIClient, user: User | None) -> None:
    """The one way this module logs in (pages and API alike: DRF accepts the session)."""
    if user is not None:
        client.force_login(user)


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


# --- The matrix, one persona at a time -----------------------------------------------------------


def _value(world: dict[str, Any], ref: str) -> Any:
    if ref.startswith("="):
        return ref[1:]
    value = world[ref]
    return value.pk if isinstance(value, models.Model) else value


def _url(world: dict[str, Any], name: str, check: Check) -> str:
    return reverse(name, kwargs={k: _value(world, v) for k, v in check.args.items()})


def _body(world: dict[str, Any], check: Check) -> dict[str, Any]:
    return {k: _value(world, v) if isinstance(v, str) else v for k, v in (check.data or {}).items()}


def _request(client: APIClient, world: dict[str, Any], name: str, check: Check) -> Any:
    url = _url(world, name, check)
    query = {k: _value(world, v) for k, v in check.query.items()}
    with transaction.atomic():
        if check.method == "get":
            response = client.get(url, query)
        elif name in API_NAMES:
            kind = "multipart" if check.multipart else "json"
            response = getattr(client, check.method)(url, _body(world, check), format=kind)
        else:
            response = getattr(client, check.method)(url, _body(world, check))
        # Read inside the savepoint (a streamed export reads the database as it goes).
        streamed = getattr(response, "streaming_content", None)
        response.body = b"".join(streamed) if streamed is not None else response.content
        transaction.set_rollback(True)  # every request sees the world as it was built
    return response


def _verdict(persona: str, name: str, check: Check, response: Any, markers: tuple[str, ...]) -> str | None:
    expected = check.rule[persona]
    status = response.status_code
    if expected == LOGIN:
        if name in API_NAMES:
            return None if status == 401 else f"{status}, expected 401"
        location = response.get("Location", "") if status == 302 else ""
        return None if "/accounts/login/" in location else f"{status}, expected 302 to the login page"
    if expected == OK:
        allowed = check.ok_for.get(persona, check.ok)
        if status not in allowed:
            return f"{status}, expected one of {sorted(allowed)}"
        if check.contains and check.contains not in response.body.decode(errors="replace"):
            return f"{status} without {check.contains!r} on the page"
        if persona == "outsider" and check.is_list and status == 200:
            body = response.body.decode(errors="replace")
            leaked = [marker for marker in markers if marker in body]
            return f"shows another team's records: {leaked}" if leaked else None
        return None
    return None if status == expected else f"{status}, expected {expected}"


def _run(persona: str, user: User | None, world: dict[str, Any]) -> tuple[int, dict[str, str]]:
    mismatches: dict[str, str] = {}
    count = 0
    # Safe methods first, so a failed rollback could never hide behind a later read.
    ordered = sorted(
        ((name, check) for name, checks in MATRIX.items() for check in checks),
        key=lambda item: item[1].method != "get",
    )
    client = APIClient(raise_request_exception=False)
    _login(client, user)  # once: the session row is outside the savepoints, so it survives them
    session = {key: morsel.value for key, morsel in client.cookies.items()}
    for name, check in ordered:
        count += 1
        client.cookies = SimpleCookie(session)  # a logout (or a login page) may have changed them
        response = _request(client, world, name, check)
        problem = _verdict(persona, name, check, response, world["markers"])
        if problem:
            query = f"?{check.query}" if check.query else ""
            mismatches[f"{check.method.upper()} {_url(world, name, check)}{query} [{name}]"] = problem
    return count, mismatches


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_for(
    request, settings, persona, recruiter, teammate, outsider, manager, compliance_officer, admin_user
):
    settings.COMPLIANCE_DBS_KEEP_IMAGES = True  # so the world has a certificate image to guard
    world = world_build(
        recruiter=recruiter,
        teammate=teammate,
        outsider=outsider,
        manager=manager,
        compliance_officer=compliance_officer,
        admin_user=admin_user,
    )
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    count, mismatches = _run(persona, user, world)
    assert count > 200
    assert not mismatches, f"{len(mismatches)} of {count} requests as {persona}:\n" + "\n".join(
        f"  {where}: {problem}" for where, problem in sorted(mismatches.items())
    )


# --- The Django admin ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_staff_only(request, persona):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    wrong = {}
    for url in urls:
        client = APIClient(raise_request_exception=False)
        _login(client, user)
        response = client.get(url)
        if persona == "admin_user":
            if response.status_code != 200:
                wrong[url] = response.status_code
        elif response.status_code != 302 or "/admin/login/" not in response["Location"]:
            wrong[url] = response.status_code
    assert not wrong, wrong
