"""Request size limits (issue 9): an oversized body is a clear error, JSON to the API, a page to people."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    settings.REQUEST_BODY_MAX_BYTES = 50_000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    return settings


def test_an_oversized_json_body_is_a_json_413(api_as, recruiter, small_limits):
    body = json.dumps({"first_name": "Sam", "last_name": "Jones", "summary": "x" * 5_000})
    response = api_as(recruiter).post("/api/v1/candidates/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "too large" in response.json()["detail"]


def test_a_json_body_under_the_limit_is_read_as_usual(api_as, recruiter, small_limits):
    from tests.candidates.test_api import payload

    response = api_as(recruiter).post("/api/v1/candidates/", payload(), format="json")
    assert response.status_code == 201, response.json()


def test_an_oversized_json_body_without_a_length_is_still_refused(api_as, recruiter, small_limits):
    """The parser reads at most the limit (+1 byte), whatever Content-Length claims."""
    body = json.dumps({"first_name": "Sam", "summary": "x" * 5_000})
    response = api_as(recruiter).generic(
        "POST", "/api/v1/candidates/", body, content_type="application/json", CONTENT_LENGTH="10"
    )
    # Django's LimitedStream stops at the declared 10 bytes: invalid JSON, a 400, never the whole body.
    assert response.status_code == 400


def test_an_oversized_form_body_to_the_api_is_a_json_413(api_as, recruiter, small_limits):
    response = api_as(recruiter).post(
        "/api/v1/candidates/",
        "summary=" + "x" * 5_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response.json()["detail"]


def test_an_oversized_multipart_upload_to_the_api_is_a_json_413(api_as, recruiter, small_limits):
    from tests.factories.candidates import CandidateFactory

    candidate = CandidateFactory(owner=recruiter)
    upload = SimpleUploadedFile("cv.txt", b"x" * 60_000, content_type="text/plain")
    response = api_as(recruiter).post(
        f"/api/v1/candidates/{candidate.pk}/documents/", {"file": upload, "kind": "cv"}, format="multipart"
    )
    assert response.status_code == 413
    assert response.json()["detail"]


def test_too_many_form_fields_to_the_api_is_a_400_not_a_500(api_as, recruiter, small_limits):
    body = "&".join(f"field{n}=1" for n in range(50))
    response = api_as(recruiter).post(
        "/api/v1/candidates/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Too many" in response.json()["detail"]


def test_an_oversized_form_post_to_a_page_shows_a_clear_error_page(client, recruiter, small_limits):
    client.force_login(recruiter)
    response = client.post("/candidates/new/", {"first_name": "Sam", "summary": "x" * 5_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Too much data" in page
    assert "Traceback" not in page


def test_the_limits_are_set_deliberately(settings):
    from django.conf import global_settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.REQUEST_BODY_MAX_BYTES == 25 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES < global_settings.DATA_UPLOAD_MAX_NUMBER_FILES
