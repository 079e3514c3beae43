"""The candidate list's results cache (issue 10): a repeated list or search request, no SQL.

What is cached is the rendered results fragment of `/candidates/` (the count heading, the rows, the
pagination and the empty state; never a form, a CSRF token or a message), per user and per query
string, for `CANDIDATE_RESULTS_CACHE_SECONDS` (0 turns the cache off).

Invalidation is by generation: every key carries the current generation number, read once per
request before any candidate query runs, and any write that could change a row or who sees it
bumps the number once its transaction commits (`results_generation_bump`), so every entry written
before is never read again. Bumping only on commit means a reader can never store data from
before the commit under the new number: a reader that saw the old data read the old number.

Writes reach the bump two ways: `results_invalidation_connect` (from `CandidatesConfig.ready`) connects the
model signals of everything a row shows or visibility reads (candidates, their skills, users, object
grants, group membership), and the bulk paths that send no signals (the derived-values refresh,
an import's insert, `.update()` calls) call `results_generation_bump` themselves. The TTL is the
safety net for a write path that does neither, not the mechanism: it bounds staleness, no more.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Model
from django.http import HttpRequest, QueryDict

logger = logging.getLogger("recruitcrm.candidates")

GENERATION_KEY = "candidates:results:generation"
KEY_VERSION = "v1"


def results_cache_seconds() -> int:
    return max(0, int(getattr(settings, "CANDIDATE_RESULTS_CACHE_SECONDS", 60)))


def _fresh_generation() -> int:
    # Never a number an earlier generation had (the key may have been evicted or culled, and
    # entries cached under the old numbers may still be there): start from the clock.
    return time.time_ns()


def results_generation_get() -> int | None:
    """The current generation; read it before running the queries whose results are cached.
    None when the cache cannot be reached: the page is then built (and not stored) as if there
    were no cache — a cache outage must not take the candidate list down."""
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = _fresh_generation()
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                generation = cache.get(GENERATION_KEY, generation)  # another process started it first
        return int(generation)
    except Exception as error:  # Redis down, the cache table missing: any backend's failure
        logger.warning("candidate results cache unavailable (%s): pages built uncached", type(error).__name__)
        return None


def _increment_generation() -> None:
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # missing: nothing can be cached under a number no one has read yet
            cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
    except DatabaseError:
        # The database cache's table is not there yet (a new database, `migrate` before
        # `manage.py createcachetable`): nothing can have been cached, so nothing goes stale.
        logger.info("candidate results cache: no cache table yet, nothing to invalidate")


class _PendingBump:
    """One bump shared by every call in a transaction: the first of its callbacks to run after the
    commit increments, the others find it done (so a sweep of 200 people bumps once, not 200 times).
    """

    def __init__(self) -> None:
        self.done = False

    def run(self) -> None:
        if not self.done:
            self.done = True
            _increment_generation()


def results_generation_bump() -> None:
    """Make every cached results fragment stale once the current transaction commits (at once in
    autocommit). Call it after any write that bypasses model signals: `.update()`, `bulk_create`,
    raw SQL. Called many times in one transaction, it bumps once."""
    connection = transaction.get_connection()
    pending = getattr(connection, "_candidate_results_bump", None)
    if pending is None or pending.done:
        # A bump left pending by a rolled-back transaction is reused: it has not run, and runs
        # when this transaction commits.
        pending = _PendingBump()
        connection._candidate_results_bump = pending
    # Robust: the write has committed; a cache that is down must not turn it into an error page
    # (the TTL then bounds how stale a cached page can be).
    transaction.on_commit(pending.run, robust=True)


def _query_string(params: QueryDict) -> str:
    """The whole query string, page and unknown parameters included, in a stable order. Sorted by
    name only: the order of one parameter's values matters (a filter reads the last)."""
    return urlencode([(name, value) for name, values in sorted(params.lists()) for value in values])


def results_cache_key(*, generation: int, user_id: int, params: QueryDict) -> str:
    """Per user (whatever the visibility rules, one user's HTML is never another's) and per query
    string."""
    digest = hashlib.sha256(_query_string(params).encode()).hexdigest()
    return f"candidates:results:{KEY_VERSION}:{generation}:{user_id}:{digest}"


def results_page_cache_key(request: HttpRequest, *, generation: int) -> str | None:
    """The key of the whole list page for this session and query, or None when it must not be
    cached: no session or CSRF cookie yet, or messages waiting to be shown (they go into the page
    once). The page holds this session's CSRF tokens and user menu, so the key is per session and
    per CSRF cookie (hashed: a cache key must not carry a credential), and per htmx or full page."""
    from django.contrib import messages

    session_key = getattr(getattr(request, "session", None), "session_key", None)
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if not session_key or not csrf_cookie or len(messages.get_messages(request)):
        return None
    htmx = "htmx" if getattr(request, "htmx", False) else "page"
    query = _query_string(request.GET)
    digest = hashlib.sha256(f"{session_key}\0{csrf_cookie}\0{htmx}\0{query}".encode()).hexdigest()
    return f"candidates:page:{KEY_VERSION}:{generation}:{digest}"


def results_cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception as error:  # as in results_generation_get: a miss, not an error page
        logger.warning("candidate results cache unavailable (%s): pages built uncached", type(error).__name__)
        return None


def results_cache_set(key: str, value: Any) -> None:
    try:
        cache.set(key, value, results_cache_seconds())
    except Exception as error:
        logger.warning("candidate results cache unavailable (%s): page not stored", type(error).__name__)


# --- invalidation by model signals ------------------------------------------------------------


def _bump_on_change(**kwargs: Any) -> None:
    results_generation_bump()


def _bump_on_user_change(*, update_fields: Any = None, **kwargs: Any) -> None:
    # A login writes `last_login`, a password change `password`: neither is in a row nor decides
    # who sees what, and a login must not empty every user's cache.
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    results_generation_bump()


def _bump_on_grant_change(*, instance: Any, **kwargs: Any) -> None:
    from django.contrib.contenttypes.models import ContentType

    from candidates.models import Candidate

    # Only grants on candidates change who sees which candidate (and the dup? badge).
    if instance.content_type_id == ContentType.objects.get_for_model(Candidate).pk:
        results_generation_bump()


def _bump_on_membership_change(*, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        results_generation_bump()


def results_invalidation_connect() -> None:
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from candidates.models import Candidate, CandidateSkill, SavedSearch, Skill
    from core.models import Team, User

    receivers: list[tuple[type[Model], Callable[..., None]]] = [
        (Candidate, _bump_on_change),  # the row itself, its team (who sees it), its owner
        (CandidateSkill, _bump_on_change),  # the skills column
        (Skill, _bump_on_change),  # a skill's name
        (User, _bump_on_user_change),  # owner names; the reader's team, role, being active
        (UserObjectPermission, _bump_on_grant_change),  # a candidate shared with a user
        (GroupObjectPermission, _bump_on_grant_change),  # ... or with a group
        # On the cached whole page (results_page_cache_key) too: the saved-search list and the user menu.
        (SavedSearch, _bump_on_change),
        (Team, _bump_on_change),
    ]
    for model, receiver in receivers:
        uid = f"candidates.results_cache.{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        _bump_on_membership_change,
        sender=User.groups.through,
        dispatch_uid="candidates.results_cache.user_groups",
    )
    # A role's permissions decide the page's buttons (add, import, export).
    m2m_changed.connect(
        _bump_on_membership_change,
        sender=Group.permissions.through,
        dispatch_uid="candidates.results_cache.group_permissions",
    )
