"""The client review link (portal:client_review; moved from tests/vacancies/test_review_links.py
with the page, issue 19): approved entries only, blind when asked, every view and download in
the access log, decisions on the application's timeline; expired, revoked or tampered links show a
clear page and no data."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from candidates.models import Document
from candidates.services import consent_record, consent_withdraw, document_upload
from core.models import AccessLog
from core.signing import signed_link_revoke
from tests.candidates.files import make_pdf
from tests.factories.candidates import CandidateFactory
from tests.vacancies.conftest import acme, open_vacancy  # noqa: F401 (fixtures)
from vacancies.models import ClientFeedback, Notice
from vacancies.selectors.shortlists import share_link_list
from vacancies.services.shortlists import (
    shortlist_create,
    shortlist_entry_add,
    shortlist_review,
    shortlist_submit,
)


@pytest.fixture
def approved(recruiter, manager, open_vacancy):  # noqa: F811
    shortlist = shortlist_create(actor=recruiter, vacancy=open_vacancy, rationale="Two strong options")
    keep = CandidateFactory(owner=recruiter, first_name="Aisha", last_name="Khan", email="aisha@example.test")
    drop = CandidateFactory(owner=recruiter, first_name="Rupert", last_name="Vane")
    yes = shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=keep, rationale="Ran payments")
    no = shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=drop)
    shortlist_submit(actor=recruiter, shortlist=shortlist)
    shortlist_review(
        actor=manager,
        shortlist=shortlist,
        decisions=[{"entry": yes.pk, "decision": "approved"}, {"entry": no.pk, "decision": "rejected"}],
    )
    # Conduct Regs reg 19/28: Aisha agreed to be put forward for this vacancy (Rupert did not).
    consent_record(
        actor=recruiter,
        candidate=keep,
        purpose="submission",
        lawful_basis="consent",
        vacancy_id=open_vacancy.pk,
        method="phone",
        wording_version="v1",
    )
    document_upload(actor=recruiter, candidate=keep, upload=io.BytesIO(make_pdf("cv")), filename="aisha.pdf")
    Document.objects.filter(candidate=keep).update(
        text="Aisha Khan aisha@example.test +44 7700 900123 Python lead"
    )
    return shortlist, yes


def share(api_as, recruiter, shortlist):
    response = api_as(recruiter).post(f"/api/v1/shortlists/{shortlist.pk}/share/")
    assert response.status_code == 201
    body = response.json()
    return body, body["url"].split("testserver", 1)[-1].split("localhost:8000", 1)[-1]


def test_share_gives_an_absolute_url_valid_for_14_days(api_as, recruiter, approved):
    body, _ = share(api_as, recruiter, approved[0])
    assert body["url"].startswith("http") and "/vacancies/review/" in body["url"]
    expires = datetime.datetime.fromisoformat(body["expires_at"])
    assert 13.9 < (expires - datetime.datetime.now(datetime.UTC)).total_seconds() / 86400 <= 14


def test_client_sees_approved_entries_only_and_every_view_is_logged(client, api_as, recruiter, approved):
    shortlist, entry = approved
    _, path = share(api_as, recruiter, shortlist)
    page = client.get(path).content.decode()
    assert "Aisha Khan" in page and "Ran payments" in page
    assert "Rupert" not in page and "aisha@example.test" not in page
    logged = AccessLog.objects.filter(action="view", object_type="candidates.candidate")
    assert list(logged.values_list("object_id", flat=True)) == [entry.candidate_id]
    assert logged.get().details["via"] == "client_review_link"
    cv = client.get(reverse("portal:client_review_cv", args=[path.split("/")[-2], entry.pk]))
    assert cv.status_code == 200 and b"%PDF" in b"".join(cv.streaming_content)
    assert 'filename="candidate-1-cv.pdf"' in cv["Content-Disposition"]
    assert AccessLog.objects.filter(action="download", object_type="candidates.document").count() == 1


def test_blind_vacancy_hides_identity_from_the_client_and_in_the_cv(
    client,
    api_as,
    recruiter,
    open_vacancy,  # noqa: F811
    approved,
):
    open_vacancy.blind_shortlist = True
    open_vacancy.save()
    shortlist, entry = approved
    _, path = share(api_as, recruiter, shortlist)
    page = client.get(path).content.decode()
    assert "Aisha" not in page and "Khan" not in page and "Candidate 1" in page
    token = path.split("/")[-2]
    text = client.get(reverse("portal:client_review_cv", args=[token, entry.pk])).content.decode()
    assert "Aisha" not in text and "aisha@example.test" not in text and "7700" not in text
    assert "Python lead" in text


def test_client_decision_lands_on_the_timeline_and_tells_the_recruiter(client, api_as, recruiter, approved):
    shortlist, entry = approved
    _, path = share(api_as, recruiter, shortlist)
    assert "Choose interview" in client.post(path, {"entry": entry.pk, "decision": "hire"}).content.decode()
    assert "not on this shortlist" in client.post(path, {"entry": 0, "decision": "maybe"}).content.decode()
    response = client.post(path, {"entry": entry.pk, "decision": "interview", "comment": "Tuesday?"})
    assert response.status_code == 302
    feedback = ClientFeedback.objects.get()
    assert (feedback.entry, feedback.decision, feedback.comment) == (entry, "interview", "Tuesday?")
    notice = Notice.objects.get(user=recruiter, kind="client_feedback")
    assert "Aisha" not in notice.text
    client.force_login(recruiter)
    application = shortlist.vacancy.applications.get(candidate=entry.candidate)
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert "Tuesday?" in page and "Interview" in page


def test_expired_revoked_and_tampered_links_show_a_clear_page_and_no_data(
    client, api_as, recruiter, approved
):
    shortlist, entry = approved
    body, path = share(api_as, recruiter, shortlist)
    tampered = client.get(path[:-3] + "zz/")
    assert tampered.status_code == 404 and "Aisha" not in tampered.content.decode()
    with time_machine.travel(
        datetime.datetime.fromisoformat(body["expires_at"]) + datetime.timedelta(seconds=1)
    ):
        expired = client.get(path)
        assert expired.status_code == 410 and "expired" in expired.content.decode()
        assert "Aisha" not in expired.content.decode()
    link = share_link_list(shortlist=shortlist)[0]
    signed_link_revoke(link=link, actor=recruiter)
    revoked = client.get(path)
    assert revoked.status_code == 410 and "withdrawn" in revoked.content.decode()
    posted = client.post(path, {"entry": entry.pk, "decision": "interview"})
    assert posted.status_code == 410 and not ClientFeedback.objects.exists()
    cv = client.get(reverse("portal:client_review_cv", args=[path.split("/")[-2], entry.pk]))
    assert cv.status_code == 410


def test_rejected_entries_cannot_be_downloaded(client, api_as, recruiter, approved):
    shortlist, _ = approved
    _, path = share(api_as, recruiter, shortlist)
    rejected = shortlist.entries.get(decision="rejected")
    response = client.get(reverse("portal:client_review_cv", args=[path.split("/")[-2], rejected.pk]))
    assert response.status_code == 404


def test_reg22_steps_taken_are_shown_to_the_client_for_roles_with_vulnerable_people(
    client, api_as, recruiter, approved
):
    from compliance.services.history import vetting_note_record

    shortlist, entry = approved
    vetting_note_record(
        actor=recruiter,
        candidate=entry.candidate,
        covers="qualifications",
        steps_taken="The college has closed; we saw the original certificate.",
    )
    _, path = share(api_as, recruiter, shortlist)
    assert "The college has closed" not in client.get(path).content.decode()  # not a reg 22 role
    shortlist.vacancy.works_with_vulnerable_people = True
    shortlist.vacancy.save(update_fields=["works_with_vulnerable_people"])
    page = client.get(path).content.decode()
    assert "Conduct Regulations reg 22" in page and "The college has closed" in page


def test_an_approved_entry_without_submission_consent_never_reaches_the_client(
    client,
    api_as,
    recruiter,
    manager,
    open_vacancy,  # noqa: F811
):
    shortlist = shortlist_create(actor=recruiter, vacancy=open_vacancy)
    person = CandidateFactory(owner=recruiter, first_name="Nadia", last_name="Quist")
    entry = shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=person)
    shortlist_submit(actor=recruiter, shortlist=shortlist)
    shortlist_review(
        actor=manager, shortlist=shortlist, decisions=[{"entry": entry.pk, "decision": "approved"}]
    )
    document_upload(actor=recruiter, candidate=person, upload=io.BytesIO(make_pdf("cv")), filename="n.pdf")
    # A consent for another purpose, or for another vacancy, is not consent to this introduction.
    consent_record(
        actor=recruiter, candidate=person, purpose="marketing", lawful_basis="consent", method="phone"
    )
    _, path = share(api_as, recruiter, shortlist)
    token = path.split("/")[-2]
    assert "Nadia" not in client.get(path).content.decode()
    cv = client.get(reverse("portal:client_review_cv", args=[token, entry.pk]))
    assert cv.status_code == 404
    assert not AccessLog.objects.filter(action="download").exists()
    posted = client.post(path, {"entry": entry.pk, "decision": "interview"})
    assert not ClientFeedback.objects.exists() and posted.status_code in (200, 302)


def test_a_withdrawn_consent_hides_the_entry_at_once(client, api_as, recruiter, approved):
    shortlist, entry = approved
    _, path = share(api_as, recruiter, shortlist)
    token = path.split("/")[-2]
    assert "Aisha Khan" in client.get(path).content.decode()
    consent = entry.candidate.consents.get(purpose="submission")
    consent_withdraw(actor=recruiter, consent=consent)
    assert "Aisha" not in client.get(path).content.decode()
    cv = client.get(reverse("portal:client_review_cv", args=[token, entry.pk]))
    assert cv.status_code == 404
