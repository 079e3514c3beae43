"""Submitting a CV (issue 16): the recruiter sees which file goes and may choose; a file that is not
a real PDF or Word document is never offered, never the default and never accepted."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.services import document_upload
from candidates.services.documents import document_update
from tests.candidates.files import make_pdf
from tests.factories.pipeline import ApplicationFactory
from tests.vacancies.conftest import consent_to_submit
from vacancies.models import Submission
from vacancies.selectors.review_links import candidate_latest_cv_get

pytestmark = pytest.mark.django_db


def put(actor, candidate, name, data):
    return document_upload(
        actor=actor, candidate=candidate, upload=SimpleUploadedFile(name, data), filename=name
    )


@pytest.fixture
def application(open_vacancy, candidate, recruiter):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, recruiter)
    return application


def move(api, application, **body):
    return api.post(
        f"/api/v1/applications/{application.pk}/move/", {"stage": "submitted", **body}, format="json"
    )


def test_a_junk_upload_never_becomes_the_cv_sent(api_as, recruiter, application):
    real = put(recruiter, application.candidate, "cv.pdf", make_pdf("Python developer"))
    put(recruiter, application.candidate, "junk.txt", b"lorem ipsum junk")  # newer, kind cv
    assert candidate_latest_cv_get(application.candidate) == real  # the client review link's CV too
    response = move(api_as(recruiter), application)
    assert response.status_code == 200, response.json()
    assert Submission.objects.get(application=application).document == real


def test_the_current_cv_goes_unless_another_real_cv_is_chosen(api_as, recruiter, application):
    older = put(recruiter, application.candidate, "older.pdf", make_pdf("Older"))
    put(recruiter, application.candidate, "newer.pdf", make_pdf("Newer"))
    document_update(actor=recruiter, document=older, is_current_cv=True)
    assert move(api_as(recruiter), application).status_code == 200
    assert Submission.objects.get(application=application).document == older


def test_choosing_a_file_that_is_not_a_real_cv_is_refused(api_as, recruiter, application):
    junk = put(recruiter, application.candidate, "junk.txt", b"lorem ipsum junk")
    response = move(api_as(recruiter), application, document=junk.pk)
    assert response.status_code == 400
    assert "PDF or Word" in str(response.json())
    assert not Submission.objects.exists()


def test_the_submit_form_lists_only_real_cvs_with_the_current_one_chosen(client, recruiter, application):

    current = put(recruiter, application.candidate, "current.pdf", make_pdf("Current"))
    put(recruiter, application.candidate, "other.pdf", make_pdf("Other"))
    put(recruiter, application.candidate, "junk.txt", b"lorem ipsum junk")
    document_update(actor=recruiter, document=current, is_current_cv=True)
    client.force_login(recruiter)
    html = client.get(f"/vacancies/applications/{application.pk}/").content.decode()
    assert "CV to send" in html
    assert f'value="{current.pk}" checked' in html
    choice = html.split('id="cv-choice"')[1].split("</fieldset>")[0]
    assert "other.pdf" in choice and "junk.txt" not in choice


def test_a_cv_sent_to_a_client_is_kept_as_the_record(api_as, recruiter, application):
    cv = put(recruiter, application.candidate, "cv.pdf", make_pdf("Sent"))
    assert move(api_as(recruiter), application).status_code == 200
    response = api_as(recruiter).delete(f"/api/v1/candidates/{application.candidate_id}/documents/{cv.pk}/")
    assert response.status_code == 409 and response.json()["code"] == "in_use"
    assert cv.file.storage.exists(cv.file.name)
