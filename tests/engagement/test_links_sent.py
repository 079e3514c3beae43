"""Links are sent, not copied (issue 18): consent requests, client review links, surveys and "keep my
data?" notices are emailed by the app through the one door (email_queue → the Celery worker → SMTP),
the link can still be copied, and the one contact rule refuses each kind with its plain reason (the
browser) or a 409 with its code (the API), keeping nothing."""

from __future__ import annotations

import re
from email import message_from_bytes
from typing import Any

import pytest
from django.urls import reverse

from candidates.models import Candidate
from core.models import SignedLink
from engagement.models import OutboundEmail
from privacy.services.suppression_list import suppression_add
from tests.conftest import wait_for
from vacancies.models import Shortlist


def _text(envelope: Any) -> str:
    message = message_from_bytes(envelope.content)
    part = message.get_payload(decode=True) if not message.is_multipart() else None
    return (part or b"").decode()


@pytest.fixture
def approved_shortlist(recruiter: Any, vacancy: Any) -> Shortlist:
    return Shortlist.objects.create(vacancy=vacancy, owner=recruiter, team=vacancy.team, status="approved")


# --- real worker, real SMTP server: one path per kind


@pytest.mark.django_db(transaction=True)
def test_consent_request_is_emailed_to_the_candidate_by_the_worker_and_can_still_be_copied(
    celery_worker, smtp, client, recruiter, application
):
    client.force_login(recruiter)
    page = client.post(
        reverse("vacancies:consent_link", args=[application.pk]), {"send": "1"}, follow=True
    ).content.decode()
    assert "Consent request emailed to Priya Shah" in page
    assert 'id="consent-url"' in page and "Emailed to the candidate" in page  # still there to copy
    email = OutboundEmail.objects.get(candidate=application.candidate)
    assert (email.kind, email.vacancy_id) == ("consent_request", application.vacancy_id)
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert smtp.messages[0].rcpt_tos == ["priya@example.test"]
    body = _text(smtp.messages[0])
    token = re.search(r"/vacancies/consent/([\w-]+)/", body).group(1)
    assert client.get(reverse("portal:consent_answer", args=[token])).status_code == 200
    # On the candidate's timeline once sent.
    timeline = client.get(reverse("engagement:timeline", args=["candidate", application.candidate_id]))
    text = timeline.content.decode()
    # The copy kept after sending is not a working link: only the token's hash is ever stored.
    assert "May we put you forward" in text and "signed link: sent to them" in text and token not in text
    assert token not in OutboundEmail.objects.get(pk=email.pk).body


@pytest.mark.django_db(transaction=True)
def test_review_link_is_emailed_to_the_vacancy_contact(
    celery_worker, smtp, api_as, recruiter, vacancy, approved_shortlist
):
    response = api_as(recruiter).post(
        f"/api/v1/shortlists/{approved_shortlist.pk}/share/", {"send": True}, format="json"
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["url"].startswith("http") and answer["email"]["status"] == "queued"
    email = OutboundEmail.objects.get(pk=answer["email"]["id"])
    assert (email.kind, email.contact_id, email.vacancy_id) == ("review_link", vacancy.contact_id, vacancy.pk)
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert smtp.messages[0].rcpt_tos == ["tom@northgate.test"]
    assert answer["url"].split("/vacancies/", 1)[1] in _text(smtp.messages[0])


@pytest.mark.django_db(transaction=True)
def test_a_survey_and_a_keep_my_data_notice_go_out_through_the_worker(
    celery_worker, smtp, recruiter, application, monkeypatch
):
    from engagement.services.feedback import feedback_request_send
    from privacy.services import retention_notices

    assert feedback_request_send(application=application, stage="interview", respondent="candidate")
    survey = OutboundEmail.objects.get(kind="survey")
    assert survey.template is not None and survey.template.code == "survey"
    wait_for(lambda: OutboundEmail.objects.get(pk=survey.pk).status == "sent")
    assert "/service/survey/" in _text(smtp.messages[0])

    candidate = application.candidate
    monkeypatch.setattr(
        retention_notices, "candidate_due_list", lambda on: Candidate.objects.filter(pk=candidate.pk)
    )
    assert retention_notices.retention_notices_send()["candidates"] == 1
    notice = OutboundEmail.objects.get(kind="keep_data")
    wait_for(lambda: OutboundEmail.objects.get(pk=notice.pk).status == "sent")
    assert notice.owner_id == candidate.owner_id  # automatic mail: signed by the person's owner
    to_them = [m for m in smtp.messages if m.rcpt_tos == [candidate.email]]
    assert len(to_them) == 2 and "/privacy/keep/" in _text(to_them[1])  # the owner's digest aside


# --- the contact rule refuses every kind: its reason in the browser, 409 + code in the API


def test_a_consent_request_to_a_do_not_contact_candidate_is_refused_with_the_reason(
    client, api_as, recruiter, application
):
    Candidate.objects.filter(pk=application.candidate_id).update(status=Candidate.Status.DO_NOT_CONTACT)
    client.force_login(recruiter)
    page = client.post(
        reverse("vacancies:consent_link", args=[application.pk]), {"send": "1"}, follow=True
    ).content.decode()
    assert "marked “do not contact”" in page and 'id="consent-url"' not in page
    response = api_as(recruiter).post(f"/api/v1/applications/{application.pk}/consent-request/")
    assert response.status_code == 409 and response.json()["code"] == "do_not_contact"
    assert not OutboundEmail.objects.exists() and not SignedLink.objects.exists()


def test_a_consent_request_to_a_suppressed_candidate_is_a_409_suppressed(api_as, recruiter, application):
    suppression_add(email=application.candidate.email, phone="")
    response = api_as(recruiter).post(f"/api/v1/applications/{application.pk}/consent-request/")
    assert response.status_code == 409 and response.json()["code"] == "suppressed"
    assert not OutboundEmail.objects.exists() and not SignedLink.objects.exists()


def test_the_consent_request_api_sends_and_returns_the_link_once(api_as, recruiter, application, outsider):
    response = api_as(recruiter).post(f"/api/v1/applications/{application.pk}/consent-request/")
    assert response.status_code == 201
    answer = response.json()
    assert "/vacancies/consent/" in answer["url"] and answer["email"]["status"] == "queued"
    assert OutboundEmail.objects.get().kind == "consent_request"
    outside = api_as(outsider).post(f"/api/v1/applications/{application.pk}/consent-request/")
    assert outside.status_code == 404


def test_a_review_link_to_a_suppressed_contact_is_refused_and_nothing_is_kept(
    client, api_as, recruiter, vacancy, approved_shortlist
):
    suppression_add(email=vacancy.contact.email, phone="")
    response = api_as(recruiter).post(
        f"/api/v1/shortlists/{approved_shortlist.pk}/share/", {"send": True}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "suppressed"
    client.force_login(recruiter)
    page = client.post(
        reverse("vacancies:shortlist_share", args=[approved_shortlist.pk]), {"send": "1"}, follow=True
    ).content.decode()
    assert "suppression list" in page and 'id="share-url"' not in page
    assert not OutboundEmail.objects.exists() and not SignedLink.objects.exists()
    # A link to copy is still possible (the recruiter may give it by another, lawful route).
    copy = api_as(recruiter).post(f"/api/v1/shortlists/{approved_shortlist.pk}/share/")
    assert copy.status_code == 201 and "email" not in copy.json()


def test_a_review_link_needs_a_contact_to_send_to(api_as, recruiter, vacancy, approved_shortlist):
    type(vacancy).objects.filter(pk=vacancy.pk).update(contact=None)
    response = api_as(recruiter).post(
        f"/api/v1/shortlists/{approved_shortlist.pk}/share/", {"send": True}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "no_contact"


def test_surveys_and_keep_my_data_notices_are_not_sent_to_someone_who_said_stop(
    recruiter, application, monkeypatch
):
    from engagement.services.feedback import feedback_request_send
    from privacy.services import retention_notices

    candidate = application.candidate
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    candidate.refresh_from_db()
    assert feedback_request_send(application=application, stage="interview", respondent="candidate") is None
    monkeypatch.setattr(
        retention_notices, "candidate_due_list", lambda on: Candidate.objects.filter(pk=candidate.pk)
    )
    assert retention_notices.retention_notices_send()["candidates"] == 0
    assert not OutboundEmail.objects.exists()


# --- the composer: merged preview; templates managed by managers, used by recruiters


def test_the_preview_shows_the_merged_text_and_that_is_what_is_sent(client, recruiter, candidate, vacancy):
    client.force_login(recruiter)
    url = reverse("engagement:email", args=["candidate", candidate.pk]) + f"?vacancy={vacancy.pk}"
    text = {"subject": "About {{ vacancy }}", "body": "Dear {{ first_name }}, news about {{ client }}."}
    preview = client.post(url, {**text, "action": "preview"}).content.decode()
    assert "Dear Priya, news about Northgate Engineering Ltd." in preview
    assert f"About {vacancy.title}" in preview
    assert client.post(url, text).status_code == 200
    email = OutboundEmail.objects.get(candidate=candidate)
    assert email.body == "Dear Priya, news about Northgate Engineering Ltd."


def test_managers_add_edit_and_delete_templates_and_recruiters_only_use_them(
    client, manager, recruiter, candidate
):
    from engagement.models import EmailTemplate

    client.force_login(recruiter)
    assert client.get(reverse("engagement:template-new")).status_code == 403
    client.force_login(manager)
    new = reverse("engagement:template-new")
    bad = client.post(new, {"name": "Interview", "subject": "Hi", "body": "Dear {{ nickname }}"})
    assert bad.status_code == 422 and "Unknown merge fields: nickname" in bad.content.decode()
    code = client.post(new, {"name": "Interview", "subject": "Hi", "body": "{% load x %}"})
    assert code.status_code == 422 and "no other template code" in code.content.decode()
    made = client.post(
        new, {"name": "Interview", "subject": "Your interview", "body": "Dear {{ first_name }}"}
    )
    assert made.status_code == 302
    template = EmailTemplate.objects.get(name="Interview")
    edit = reverse("engagement:template-edit", args=[template.pk])
    again = client.post(
        edit, {"name": "Interview prep", "subject": "Your interview", "body": "Hi {{ first_name }}"}
    )
    assert again.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.body) == ("Interview prep", "Hi {{ first_name }}")
    # A recruiter starts from it in the composer (merge fields filled), but cannot delete it.
    client.force_login(recruiter)
    compose = reverse("engagement:email", args=["candidate", candidate.pk])
    filled = client.post(compose, {"template": template.code, "action": "template"}).content.decode()
    assert "Hi Priya" in filled
    assert client.post(reverse("engagement:template-delete", args=[template.pk])).status_code == 403
    client.force_login(manager)
    general = EmailTemplate.objects.get(code="general")
    client.post(reverse("engagement:template-delete", args=[general.pk]))
    assert EmailTemplate.objects.filter(pk=general.pk).exists()  # the app sends it itself
    assert client.post(reverse("engagement:template-delete", args=[template.pk])).status_code == 302
    assert not EmailTemplate.objects.filter(pk=template.pk).exists()
