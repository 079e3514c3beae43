"""Bulk mail (issue 18; DOMAIN.md PECR reg 22): only people with a live `marketing` consent whom the
one contact rule allows receive it, the others are skipped with the reason; every message carries a
one-click unsubscribe (RFC 8058) that withdraws the consent at once; sent throttled by a real Celery
worker through a real SMTP server; the API's 202/400/409; the pages' query counts."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default as email_policy
from typing import Any
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, Consent, SavedSearch
from candidates.services import consent_record, consent_withdraw
from engagement.models import BulkEmail, Communication, OutboundEmail
from engagement.selectors.bulk import bulk_candidates_searched, bulk_candidates_selected, bulk_email_plan
from engagement.selectors.contactability import contactability_check, contactability_check_many
from engagement.services.bulk import (
    bulk_email_cancel,
    bulk_email_create,
    bulk_email_send_batch,
)
from engagement.services.emails import EmailRefused
from privacy.services.suppression_list import suppression_add
from tests.conftest import wait_for
from tests.factories.candidates import CandidateFactory


def marketing(candidate: Any, actor: Any) -> Consent:
    return consent_record(actor=actor, candidate=candidate, purpose="marketing", method="web_form")


def person(recruiter: Any, *, consent: bool = True, **fields: Any) -> Candidate:
    candidate = CandidateFactory(owner=recruiter, **fields)
    if consent:
        marketing(candidate, recruiter)
    return candidate


def _set(candidate: Any, **fields: Any) -> Candidate:
    Candidate.objects.filter(pk=candidate.pk).update(**fields)
    candidate.refresh_from_db()
    return candidate


def _plan(user: Any, people: list[Any]) -> dict[int, str]:
    plan = bulk_email_plan(candidates=bulk_candidates_selected(user=user, ids=[c.pk for c in people]))
    return {**{c.pk: "receives" for c in plan.recipients}, **{s.candidate.pk: s.reason for s in plan.skipped}}


# --- the plan


def test_the_plan_names_who_receives_it_and_why_each_other_person_is_skipped(recruiter):
    live = person(recruiter, email="live@example.test", last_name="Aaronson")
    never = person(recruiter, consent=False, email="never@example.test")
    withdrawn = person(recruiter, email="withdrawn@example.test")
    consent_withdraw(actor=recruiter, consent=withdrawn.consents.get(purpose="marketing"))
    dnc = _set(person(recruiter, email="dnc@example.test"), status=Candidate.Status.DO_NOT_CONTACT)
    stopped = person(recruiter, email="stopped@example.test")
    for consent in stopped.consents.filter(purpose="processing"):
        consent_withdraw(actor=recruiter, consent=consent)
    stopped = _set(stopped, status=Candidate.Status.ACTIVE)  # legitimate interests: status kept
    suppressed = person(recruiter, email="gone@example.test")
    suppression_add(email="gone@example.test", phone="")
    no_email = person(recruiter, email="")
    anonymised = _set(person(recruiter, email="anon@example.test"), anonymised_at=timezone.now())
    restricted = _set(person(recruiter, email="restricted@example.test"), restricted_at=timezone.now())
    # A merged duplicate of `live` (a tombstone, its address the same): one message, to the survivor.
    twin = _set(person(recruiter, last_name="Zeller"), merged_into=live)
    twin = _set(twin, email="LIVE@example.test")
    people = [live, never, withdrawn, dnc, stopped, suppressed, no_email, anonymised, restricted, twin]

    plan = _plan(recruiter, people)

    assert plan == {
        live.pk: "receives",
        never.pk: "no_marketing_consent",
        withdrawn.pk: "no_marketing_consent",
        dnc.pk: "do_not_contact",
        stopped.pk: "consent_withdrawn",
        suppressed.pk: "suppressed",
        no_email.pk: "no_email",
        anonymised.pk: "anonymised",
        restricted.pk: "restricted",
        twin.pk: "duplicate",
    }
    # The batched rule gives exactly the one rule's answers.
    fresh = list(Candidate.objects.filter(pk__in=[c.pk for c in people]).order_by("pk"))
    assert [a.code for a in contactability_check_many(candidates=fresh)] == [
        contactability_check(person=c).code for c in fresh
    ]


def test_a_selection_with_someone_you_cannot_see_is_refused_and_the_size_is_capped(recruiter, outsider):
    mine = person(recruiter)
    theirs = person(outsider)
    with pytest.raises(Http404):
        bulk_candidates_selected(user=recruiter, ids=[mine.pk, theirs.pk])
    with pytest.raises(Http404):
        bulk_candidates_selected(user=recruiter, ids=[mine.pk, 10**9])
    with override_settings(BULK_EMAIL_MAX_RECIPIENTS=1), pytest.raises(ValidationError, match="at most 1"):
        bulk_candidates_selected(user=recruiter, ids=[mine.pk, person(recruiter).pk])


def test_a_saved_search_is_run_as_the_list_page_runs_it(recruiter, outsider):
    tagged = person(recruiter, tags=["newsletter"])
    person(recruiter)  # not tagged
    person(outsider, tags=["newsletter"])  # another team's
    search = SavedSearch.objects.create(user=recruiter, name="Newsletter", filters={"tag": "newsletter"})
    assert [c.pk for c in bulk_candidates_searched(user=recruiter, search=search)] == [tagged.pk]


def test_create_queues_one_message_each_with_the_unsubscribe_headers_and_nothing_when_nobody_may(
    recruiter, django_capture_on_commit_callbacks
):
    alice = person(recruiter, first_name="Alice", email="alice@example.test")
    nobody = person(recruiter, consent=False)
    people = bulk_candidates_selected(user=recruiter, ids=[alice.pk, nobody.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bulk = bulk_email_create(
            actor=recruiter,
            subject="Jobs for {{ first_name }}",
            body="Hi {{ first_name }}",
            candidates=people,
        )
    assert len(callbacks) == 1  # the bulk task only: messages are not handed to the per-message task
    assert (bulk.recipients, bulk.skipped_count, bulk.skipped) == (
        1,
        1,
        [{"candidate": nobody.pk, "reason": "no_marketing_consent"}],
    )
    message = OutboundEmail.objects.get(bulk=bulk)
    assert (message.kind, message.candidate_id, message.subject) == ("bulk", alice.pk, "Jobs for Alice")
    url = message.headers["List-Unsubscribe"].strip("<>")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "alice" not in url.lower() and url in message.body and message.body.startswith("Hi Alice")
    with pytest.raises(EmailRefused) as refused:
        bulk_email_create(
            actor=recruiter, subject="Hi", body="Hi", candidates=[p for p in people if p.pk == nobody.pk]
        )
    assert refused.value.api_code == "no_recipients"
    with pytest.raises(ValidationError) as bad:
        bulk_email_create(actor=recruiter, subject="Hi {{ vacancy }}", body="", candidates=people)
    assert set(bad.value.message_dict) == {"subject", "body"}


@override_settings(BULK_EMAIL_RATE=6, BULK_EMAIL_BATCH_SECONDS=10)
def test_sending_is_throttled_in_batches_and_a_cancel_stops_what_is_left(
    recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    people = [person(recruiter) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False):
        bulk = bulk_email_create(
            actor=recruiter,
            subject="News",
            body="Hello",
            candidates=bulk_candidates_selected(user=recruiter, ids=[p.pk for p in people]),
        )
    # 6 a minute in batches every 10 seconds: one message a batch, then wait 10 seconds.
    assert bulk_email_send_batch(bulk_id=bulk.pk) == 10
    assert len(mailoutbox) == 1 and BulkEmail.objects.get(pk=bulk.pk).status == "sending"
    bulk_email_cancel(actor=recruiter, bulk=bulk)
    assert bulk_email_send_batch(bulk_id=bulk.pk) is None and len(mailoutbox) == 1
    bulk.refresh_from_db()
    assert (bulk.status, bulk.sent) == ("cancelled", 1)
    assert sorted(OutboundEmail.objects.filter(bulk=bulk).values_list("error", flat=True)) == [
        "",
        "cancelled",
        "cancelled",
    ]


def test_a_temporary_smtp_failure_is_tried_again_by_the_next_batch(
    recruiter, smtp, django_capture_on_commit_callbacks
):
    alice = person(recruiter, email="alice@example.test")
    with django_capture_on_commit_callbacks(execute=False):
        bulk = bulk_email_create(
            actor=recruiter,
            subject="News",
            body="Hello",
            candidates=bulk_candidates_selected(user=recruiter, ids=[alice.pk]),
        )
    smtp.refuse = ["451 4.3.0 Try again later"]
    assert bulk_email_send_batch(bulk_id=bulk.pk) == 10  # still queued, counted: the next batch
    message = OutboundEmail.objects.get(bulk=bulk)
    assert (message.status, message.attempts) == ("queued", 1)
    assert bulk_email_send_batch(bulk_id=bulk.pk) is None
    message.refresh_from_db()
    assert (message.status, message.attempts, len(smtp.messages)) == ("sent", 2, 1)
    assert BulkEmail.objects.get(pk=bulk.pk).status == "done"


# --- sent by a real worker through a real SMTP server; the one-click unsubscribe


@pytest.mark.django_db(transaction=True)
def test_messages_carry_one_click_unsubscribe_which_withdraws_the_consent_at_once(
    celery_worker, smtp, recruiter, client
):
    alice = person(recruiter, first_name="Alice", email="alice@example.test")
    bob = person(recruiter, first_name="Bob", email="bob@example.test")
    ids = [alice.pk, bob.pk]
    bulk = bulk_email_create(
        actor=recruiter,
        subject="New roles in Leeds",
        body="Dear {{ first_name }},\n\nThree new roles.",
        candidates=bulk_candidates_selected(user=recruiter, ids=ids),
    )
    wait_for(lambda: BulkEmail.objects.get(pk=bulk.pk).status == "done")
    assert BulkEmail.objects.get(pk=bulk.pk).sent == 2
    by_address = {m.rcpt_tos[0]: message_from_bytes(m.content, policy=email_policy) for m in smtp.messages}
    assert set(by_address) == {"alice@example.test", "bob@example.test"}
    mail = by_address["alice@example.test"]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = str(mail["List-Unsubscribe"]).strip().strip("<>")
    assert url.startswith("http") and "alice" not in url.lower()
    assert "Dear Alice," in mail.get_content() and url in mail.get_content()
    # each message is on the person's timeline
    assert Communication.objects.filter(candidate=alice, subject="New roles in Leeds").count() == 1

    path = urlparse(url).path
    assert client.get(path).status_code == 200  # a GET (a link scanner) changes nothing
    assert Consent.objects.get(candidate=alice, purpose="marketing").withdrawn_at is None
    # What a mail client's unsubscribe button sends (RFC 8058): no session, no CSRF token.
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Consent.objects.get(candidate=alice, purpose="marketing").withdrawn_at is not None
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200  # idempotent

    again = bulk_email_create(
        actor=recruiter,
        subject="More roles",
        body="Hi",
        candidates=bulk_candidates_selected(user=recruiter, ids=ids),
    )
    assert (
        again.skipped == [{"candidate": alice.pk, "reason": "no_marketing_consent"}] and again.recipients == 1
    )
    wait_for(lambda: BulkEmail.objects.get(pk=again.pk).status == "done")
    assert [m.rcpt_tos for m in smtp.messages[2:]] == [["bob@example.test"]]


# --- the API


def test_api_bulk_202_saved_search_400_and_409(
    api_as, recruiter, outsider, django_capture_on_commit_callbacks
):
    alice = person(recruiter, tags=["news"])
    nobody = person(recruiter, consent=False, tags=["news"])
    api = api_as(recruiter)
    with django_capture_on_commit_callbacks(execute=False):
        response = api.post(
            "/api/v1/emails/bulk/",
            {"candidates": [alice.pk, nobody.pk], "subject": "News", "body": "Hi {{ first_name }}"},
            format="json",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert {"id", "recipients", "skipped"} <= set(body)
    assert (body["recipients"], body["skipped"]) == (1, 1)
    assert body["skipped_detail"] == [{"candidate": nobody.pk, "reason": "no_marketing_consent"}]
    detail = api.get(f"/api/v1/emails/bulk/{body['id']}/").json()
    assert detail["progress"]["queued"] == 1 and detail["status"] == "queued"
    assert api_as(outsider).get(f"/api/v1/emails/bulk/{body['id']}/").status_code == 404

    search = SavedSearch.objects.create(user=recruiter, name="News", filters={"tag": "news"})
    with django_capture_on_commit_callbacks(execute=False):
        by_search = api.post(
            "/api/v1/emails/bulk/",
            {"saved_search": search.pk, "subject": "News", "body": "Hi"},
            format="json",
        )
    assert by_search.status_code == 202 and by_search.json()["recipients"] == 1

    bad = [
        {"subject": "News", "body": "Hi"},  # nobody chosen
        {"candidates": [alice.pk], "saved_search": search.pk, "subject": "News", "body": "Hi"},
        {"candidates": [], "subject": "News", "body": "Hi"},
        {"candidates": ["x"], "subject": "News", "body": "Hi"},
        {"candidates": [alice.pk], "subject": "", "body": "Hi"},
        {"candidates": [alice.pk], "subject": "{{ nope }}", "body": "Hi"},
        {"candidates": [person(outsider).pk], "subject": "News", "body": "Hi"},  # another team's
        {
            "saved_search": SavedSearch.objects.create(user=outsider, name="Theirs").pk,
            "subject": "N",
            "body": "H",
        },
    ]
    for data in bad:
        answer = api.post("/api/v1/emails/bulk/", data, format="json")
        assert answer.status_code == 400, (data, answer.content)
    refused = api.post(
        "/api/v1/emails/bulk/", {"candidates": [nobody.pk], "subject": "N", "body": "H"}, format="json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "no_recipients"
    assert api_as(None).post("/api/v1/emails/bulk/", {}, format="json").status_code == 401


# --- the pages


def test_composer_shows_who_receives_it_and_who_is_skipped_before_sending_then_sends(
    client, recruiter, outsider, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    alice = person(recruiter, first_name="Alice")
    people = [alice, *(person(recruiter) for _ in range(4)), person(recruiter, consent=False)]
    client.force_login(recruiter)
    url = reverse("engagement:bulk-new")
    ids = [c.pk for c in people]
    with django_assert_max_num_queries(16):
        page = client.post(url, {"ids": ids, "tag": "", "next": "/candidates/"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>5</strong> will receive it, <strong>1</strong> skipped" in html
    assert f'data-candidate="{people[-1].pk}"' in html and "No live marketing consent" in html
    preview = client.post(
        url, {"ids": ids, "step": "preview", "subject": "Hi", "body": "Dear {{ first_name }}"}
    )
    assert "eng-preview" in preview.content.decode() and not BulkEmail.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        sent = client.post(
            url, {"ids": ids, "step": "send", "subject": "Hi", "body": "Dear {{ first_name }}"}
        )
    bulk = BulkEmail.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse("engagement:bulk", args=[bulk.pk])
    with django_assert_max_num_queries(14):
        detail = client.get(sent["Location"])
    assert detail.status_code == 200 and f'href="/candidates/{people[-1].pk}/"' in detail.content.decode()
    with django_assert_max_num_queries(10):
        assert client.get(reverse("engagement:bulk-progress", args=[bulk.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("engagement:bulk-list")).status_code == 200
    # Someone else's candidate in the selection: 404; nothing chosen: 400 with the reason.
    assert client.post(url, {"ids": [alice.pk, person(outsider).pk]}).status_code == 404
    assert client.post(url, {}).status_code == 400
    bad = client.post(url, {"ids": ids, "step": "send", "subject": "", "body": "x"})
    assert bad.status_code == 422 and BulkEmail.objects.count() == 1
    client.force_login(outsider)
    assert client.get(reverse("engagement:bulk", args=[bulk.pk])).status_code == 404


def test_composer_from_a_saved_search_and_its_owner_only(client, recruiter, teammate):
    tagged = person(recruiter, tags=["news"])
    search = SavedSearch.objects.create(user=recruiter, name="News list", filters={"tag": "news"})
    url = reverse("engagement:bulk-new") + f"?saved_search={search.pk}"
    client.force_login(recruiter)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Saved search “News list”" in html and f'data-candidate="{tagged.pk}"' in html
    assert f'name="saved_search" value="{search.pk}"' in html
    client.force_login(teammate)  # saved searches are personal
    assert client.get(url).status_code == 404
