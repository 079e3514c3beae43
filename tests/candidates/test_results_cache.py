"""The list page's results cache (candidates/services/results_cache.py): a repeated request runs no
candidate query, and every kind of write shows on the next request.

Each test's writes run inside the test's transaction, which never commits, so the generation bump
(queued with `transaction.on_commit`) is run by `django_capture_on_commit_callbacks(execute=True)`
exactly where a real commit would run it.
"""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates import services
from candidates.models import Candidate, Skill
from candidates.services.imports import import_csv
from candidates.services.results_cache import GENERATION_KEY, results_generation_bump
from tests.factories.candidates import CandidateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("results_cache_on")]

INDEX = reverse("candidates:index")


def _candidate_queries(captured: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in captured if "candidates_candidate" in q["sql"]]


def _get(client, params: dict[str, str] | None = None, **extra: str) -> str:
    response = client.get(INDEX, params or {}, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_a_repeated_request_runs_fewer_queries_and_none_on_candidates(client, recruiter):
    for n in range(3):
        CandidateFactory(owner=recruiter, last_name=f"Cached{n}", skills=["Python"])
    client.force_login(recruiter)
    for params in ({}, {"q": "developer"}, {"q": "python", "ordering": "name", "page": "1"}):
        with CaptureQueriesContext(connection) as miss:
            first = _get(client, params)
        assert _candidate_queries(miss.captured_queries)
        with CaptureQueriesContext(connection) as hit:
            second = _get(client, params)
        assert _candidate_queries(hit.captured_queries) == [], params
        assert len(hit.captured_queries) < len(miss.captured_queries)
        assert second.count('name="ids"') == first.count('name="ids"') == 3
        assert "Cached0" in second and "3 candidates" in second


def test_the_htmx_fragment_uses_the_same_cache(client, recruiter):
    CandidateFactory(owner=recruiter, last_name="Fragment")
    client.force_login(recruiter)
    _get(client, {"q": "developer"})
    with CaptureQueriesContext(connection) as hit:
        fragment = _get(client, {"q": "developer"}, HTTP_HX_REQUEST="true")
    assert _candidate_queries(hit.captured_queries) == []
    assert "Fragment" in fragment and "<html" not in fragment


def test_forms_and_tokens_are_not_in_what_is_cached(client, recruiter):
    CandidateFactory(owner=recruiter, last_name="Tokens")
    client.force_login(recruiter)
    _get(client, {"q": "developer"})
    cached = _get(client, {"q": "developer"})
    # The bulk-tag and save-search forms carry this session's CSRF token and this request's path.
    assert cached.count('name="csrfmiddlewaretoken"') >= 2
    assert 'name="next" value="/candidates/?q=developer"' in cached
    assert 'action="/candidates/saved-searches/' in cached or "Save this search as" in cached


def test_another_user_never_gets_this_users_cached_html(client, recruiter, teammate, outsider):
    CandidateFactory(owner=recruiter, last_name="Ours")
    CandidateFactory(owner=outsider, last_name="Theirs")
    client.force_login(recruiter)
    assert "Ours" in _get(client) and "Theirs" not in _get(client)
    client.force_login(outsider)
    html = _get(client)
    assert "Theirs" in html and "Ours" not in html
    client.force_login(teammate)  # same team, same rows, still its own entry
    with CaptureQueriesContext(connection) as queries:
        assert "Ours" in _get(client)
    assert _candidate_queries(queries.captured_queries)


def test_invalid_search_input_is_not_cached(client, recruiter, monkeypatch):
    from candidates.services import results_cache

    stored: list[str] = []
    monkeypatch.setattr(results_cache, "results_cache_set", lambda key, value: stored.append(key))
    CandidateFactory(owner=recruiter)
    client.force_login(recruiter)
    for params in ({"q": '"unclosed'}, {"status": "nonsense"}):
        for _ in range(3):
            html = _get(client, params)
            assert "Fix the search above" in html and 'name="ids"' not in html
    assert stored == []  # neither the page nor its results


def test_an_edit_through_the_edit_page_shows_on_the_next_request(
    client, recruiter, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(owner=recruiter, first_name="Old", last_name="Name")
    client.force_login(recruiter)
    assert "Old Name" in _get(client)
    data = {
        "first_name": "New",
        "last_name": "Name",
        "email": candidate.email,
        "postcode": candidate.postcode,
        "town": candidate.town,
        "current_title": candidate.current_title,
        "source": candidate.source,
        "right_to_work": candidate.right_to_work,
        "status": candidate.status,
        "lawful_basis": candidate.lawful_basis,
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
        "quals-TOTAL_FORMS": "0",
        "quals-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("candidates:edit", args=[candidate.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = _get(client)
    assert "New Name" in html and "Old Name" not in html


def test_a_skill_change_and_a_skill_rename_show_on_the_next_request(
    client, recruiter, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(owner=recruiter, skills=["Python"])
    client.force_login(recruiter)
    assert '<span class="chip">Python</span>' in _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_update(actor=recruiter, candidate=candidate, skills=["Python", "Haskell"])
    assert '<span class="chip">Haskell</span>' in _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        skill = Skill.objects.get(name="Haskell")
        skill.name = "Haskell 98"
        skill.save()
    assert '<span class="chip">Haskell 98</span>' in _get(client)


def test_a_new_candidate_and_an_import_show_on_the_next_request(
    client, recruiter, django_capture_on_commit_callbacks
):
    CandidateFactory(owner=recruiter, last_name="First")
    client.force_login(recruiter)
    assert "1 candidate" in _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        CandidateFactory(owner=recruiter, last_name="Second")
    html = _get(client)
    assert "Second" in html and "2 candidates" in html
    body = "first_name,last_name,email,source\nImported,Person,imported@x.test,job_board\n"
    with django_capture_on_commit_callbacks(execute=True):
        report = import_csv(actor=recruiter, upload=io.BytesIO(body.encode()))
    assert report.created == 1
    html = _get(client)
    assert "Imported Person" in html and "3 candidates" in html


def test_a_write_that_sends_no_signal_shows_once_it_bumps(
    client, recruiter, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(owner=recruiter, current_title="Welder")
    client.force_login(recruiter)
    assert "Welder" in _get(client)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Candidate.objects.filter(pk=candidate.pk).update(current_title="Plumber")
    assert callbacks == []
    assert "Welder" in _get(client)  # a bulk write that does not bump: cached (the TTL bounds it)
    before = cache.get(GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        results_generation_bump()
        results_generation_bump()
    assert cache.get(GENERATION_KEY) == before + 1  # once per transaction, however many calls
    assert "Plumber" in _get(client)


def test_the_bump_runs_only_on_commit(client, recruiter, django_capture_on_commit_callbacks):
    CandidateFactory(owner=recruiter, first_name="Before", last_name="Commit")
    client.force_login(recruiter)
    assert "Before Commit" in _get(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Candidate.objects.filter(first_name="Before").update(first_name="During")
        results_generation_bump()
        # Not committed yet: the generation is unchanged, so this read caches under the old one.
        assert "Before Commit" in _get(client)
    for callback in callbacks:
        callback()
    assert "During Commit" in _get(client)


def test_an_owner_rename_shows_on_the_next_request(client, recruiter, django_capture_on_commit_callbacks):
    CandidateFactory(owner=recruiter)
    client.force_login(recruiter)
    _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        recruiter.first_name, recruiter.last_name = "Renamed", "Owner"
        recruiter.save()
    assert "Renamed Owner" in _get(client)


def test_a_login_does_not_empty_the_cache(client, recruiter, django_capture_on_commit_callbacks):
    CandidateFactory(owner=recruiter)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        recruiter.save(update_fields=["last_login"])
    assert callbacks == []


def test_a_guardian_grant_and_its_removal_show_on_the_next_request(
    client, recruiter, outsider, django_capture_on_commit_callbacks
):
    from guardian.shortcuts import assign_perm, remove_perm

    shared = CandidateFactory(owner=recruiter, last_name="Shared")
    client.force_login(outsider)
    assert "Shared" not in _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        assign_perm("view_candidate", outsider, shared)
    assert "Shared" in _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        remove_perm("view_candidate", outsider, shared)
    assert "Shared" not in _get(client)


def test_a_group_grant_and_membership_show_on_the_next_request(
    client, recruiter, outsider, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    shared = CandidateFactory(owner=recruiter, last_name="Grouped")
    group = Group.objects.create(name="Shared with London")
    with django_capture_on_commit_callbacks(execute=True):
        assign_perm("view_candidate", group, shared)
    client.force_login(outsider)
    assert "Grouped" not in _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        outsider.groups.add(group)
    assert "Grouped" in _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        outsider.groups.remove(group)
    assert "Grouped" not in _get(client)


def test_a_team_move_shows_on_the_next_request(
    client, recruiter, outsider, django_capture_on_commit_callbacks
):
    CandidateFactory(owner=outsider, last_name="Elsewhere")
    client.force_login(recruiter)
    assert "Elsewhere" not in _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        recruiter.team = outsider.team
        recruiter.save()
    client.force_login(recruiter)
    assert "Elsewhere" in _get(client)


def test_the_cache_can_be_turned_off(client, recruiter, settings):
    settings.CANDIDATE_RESULTS_CACHE_SECONDS = 0
    CandidateFactory(owner=recruiter, current_title="Welder")
    client.force_login(recruiter)
    _get(client)
    Candidate.objects.update(current_title="Plumber")  # no bump: only an uncached page shows it
    with CaptureQueriesContext(connection) as queries:
        assert "Plumber" in _get(client)
    assert _candidate_queries(queries.captured_queries)


def test_each_page_of_a_query_is_its_own_entry(client, recruiter, monkeypatch):
    monkeypatch.setattr("candidates.views.pages.PAGE_SIZE", 2)
    for n in range(3):
        CandidateFactory(owner=recruiter, last_name=f"Paged{n}")
    client.force_login(recruiter)
    first, second = _get(client, {"page": "1"}), _get(client, {"page": "2"})
    assert "Paged0" in first and "Paged2" not in first
    assert "Paged2" in second and "Paged0" not in second
    assert "Page 2 of 2" in _get(client, {"page": "2"})


# --- the whole page, per session (results_cache.results_page_cache_key) --------------------------------


def _serve_from_cache_only(monkeypatch) -> None:
    """From here on the page can only come from the cache: building it fails the test."""
    from candidates.views import pages

    def built(*args, **kwargs):
        raise AssertionError("the page was built, not served from the cache")

    monkeypatch.setattr(pages, "_candidate_list_page", built)


def test_a_session_gets_its_whole_page_from_the_cache(client, recruiter, monkeypatch):
    CandidateFactory(owner=recruiter, last_name="Wholepage")
    client.force_login(recruiter)
    first = _get(client, {"q": "developer"})  # sets the CSRF cookie; not cacheable before it
    second = _get(client, {"q": "developer"})
    _serve_from_cache_only(monkeypatch)
    with CaptureQueriesContext(connection) as hit:
        third = _get(client, {"q": "developer"})
    assert third == second and "Wholepage" in third and "Wholepage" in first
    assert _candidate_queries(hit.captured_queries) == []
    assert not [q for q in hit.captured_queries if "candidates_savedsearch" in q["sql"]]


def test_another_session_of_the_same_user_never_gets_this_sessions_page(client, recruiter, monkeypatch):
    from django.test import Client

    CandidateFactory(owner=recruiter, last_name="Sessioned")
    client.force_login(recruiter)
    for _ in range(2):
        _get(client)
    other = Client()
    other.force_login(recruiter)
    _get(other)  # its CSRF cookie
    _serve_from_cache_only(monkeypatch)
    with pytest.raises(AssertionError, match="was built"):
        _get(other)  # a different session and CSRF cookie: its own page, built for it
    assert "Sessioned" in _get(client)  # this session's still is served


def test_a_page_with_a_message_is_neither_served_from_nor_stored_in_the_cache(
    client, recruiter, django_capture_on_commit_callbacks
):
    CandidateFactory(owner=recruiter, last_name="Messaged")
    client.force_login(recruiter)
    for _ in range(2):
        _get(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("candidates:saved-search-create"), {"name": "Leeds devs", "query_string": "q=dev"}
        )
    shown = _get(client)
    assert "Leeds devs" in shown and "message" in shown
    after = _get(client)
    assert "Leeds devs" in after  # the saved search (a write: the page went stale) ...
    assert after.count('class="message') < shown.count('class="message')  # ... and the message once


def test_the_csrf_tokens_of_a_cached_page_are_accepted(recruiter, monkeypatch):
    import re

    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(recruiter)
    candidate = CandidateFactory(owner=recruiter)
    for _ in range(2):
        _get(browser)
    _serve_from_cache_only(monkeypatch)
    html = _get(browser)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    response = browser.post(
        reverse("candidates:bulk-tag"),
        {"csrfmiddlewaretoken": token.group(1), "ids": [candidate.pk], "tag": "cached-token", "next": INDEX},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert "cached-token" in candidate.tags


def test_a_bump_before_the_cache_table_exists_is_a_no_op(monkeypatch, caplog):
    # A new database: `migrate` sets up the roles (a bump) before `createcachetable` has run.
    from django.db import ProgrammingError

    from candidates.services import results_cache

    def missing(*args, **kwargs):
        raise ProgrammingError('relation "recruitcrm_cache" does not exist')

    monkeypatch.setattr(results_cache.cache, "incr", missing)
    results_cache._increment_generation()
    assert "no cache table yet" in caplog.text


def test_the_list_still_works_when_the_cache_is_down(client, recruiter, monkeypatch, caplog):
    from candidates.services import results_cache

    CandidateFactory(owner=recruiter, last_name="Uncached")
    client.force_login(recruiter)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "add", "set"):
        monkeypatch.setattr(results_cache.cache, name, down)
    for params in ({}, {"q": "developer"}, {}):
        html = _get(client, params)
        assert "Uncached" in html
    assert "candidate results cache unavailable (ConnectionError)" in caplog.text
