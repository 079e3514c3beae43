"""Bulk mail in a real browser (issue 18): tick people on the candidate list, "Email these people",
see who will receive it and who is skipped and why before sending, preview, send, and watch the
progress (htmx polling) reach done while a real Celery worker sends through a real SMTP server;
then the person's one-click unsubscribe page. Desktop (1440 px) and phone (390 px) screenshots."""

from __future__ import annotations

import datetime
from email import message_from_bytes
from email.policy import default as email_policy
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate, Consent, SavedSearch
from candidates.services import consent_record, consent_withdraw
from core.models import User
from engagement.models import BulkEmail
from tests.conftest import wait_for
from tests.e2e.test_clients_vacancies import login
from tests.e2e.test_fast_entry import both_sizes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_email_ticked_people_see_who_is_skipped_send_and_watch_it_finish(
    page, live_server, celery_worker, smtp
):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    people = list(
        Candidate.objects.live()
        .filter(team=rachel.team, status="active")
        .exclude(email="")
        .order_by("last_name", "first_name", "pk")[:3]
    )
    consenting, skipped = people[:2], people[2]
    # Told of the privacy notice already, so the bulk mail is not preceded by it (art. 14).
    Candidate.objects.filter(pk__in=[p.pk for p in people]).update(
        privacy_notice_sent_on=datetime.date.today()
    )
    for candidate in consenting:
        if not candidate.consents.filter(purpose="marketing", withdrawn_at__isnull=True).exists():
            consent_record(actor=rachel, candidate=candidate, purpose="marketing", method="web_form")
    for consent in skipped.consents.filter(purpose="marketing", withdrawn_at__isnull=True):
        consent_withdraw(actor=rachel, consent=consent)

    SavedSearch.objects.create(user=rachel, name="Python people", query="python")
    login(page, "rachel")
    page.goto("/candidates/?ordering=name")
    expect(page.get_by_role("link", name="Email everyone found by Python people")).to_be_visible()
    for candidate in people:
        page.locator(f'input[name="ids"][value="{candidate.pk}"]').check()
    both_sizes(page, "bulk-mail-candidate-list-ticked")
    page.get_by_role("button", name="Email these people").click()

    expect(page.get_by_role("heading", name="Email these people")).to_be_visible()
    expect(page.locator("#bulk-counts")).to_have_text("2 will receive it, 1 skipped")
    skipped_row = page.locator(f'#bulk-skipped-list li[data-candidate="{skipped.pk}"]')
    expect(skipped_row).to_contain_text("No live marketing consent")
    expect(skipped_row.get_by_role("link")).to_have_attribute("href", f"/candidates/{skipped.pk}/")

    page.get_by_label("Subject").fill("New roles in Leeds this week")
    page.get_by_label("Message").fill(
        "Dear {{ first_name }},\n\nThree new roles came in today.\n\n{{ sender }}"
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".eng-preview")
    expect(preview).to_contain_text(f"Dear {consenting[0].first_name},")
    expect(preview).to_contain_text("unsubscribe here")
    both_sizes(page, "bulk-mail-compose")

    page.get_by_role("button", name="Send to 2 people").click()
    expect(page.locator("#bulk-status")).to_have_text("Done", timeout=30_000)
    expect(page.locator("#bulk-sent")).to_have_text("2")
    expect(page.locator(f'#bulk-skipped-list a[href="/candidates/{skipped.pk}/"]')).to_be_visible()
    both_sizes(page, "bulk-mail-progress-done")

    bulk = BulkEmail.objects.get()
    assert (bulk.status, bulk.recipients, bulk.sent, bulk.skipped_count) == ("done", 2, 2, 1)
    wait_for(lambda: len(smtp.messages) == 2)
    assert sorted(m.rcpt_tos[0] for m in smtp.messages) == sorted(c.email for c in consenting)
    mail = message_from_bytes(smtp.messages[0].content, policy=email_policy)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = urlparse(str(mail["List-Unsubscribe"]).strip().strip("<>")).path

    page.get_by_role("link", name="All bulk mail").click()
    expect(page.get_by_role("link", name="New roles in Leeds this week")).to_be_visible()
    both_sizes(page, "bulk-mail-list")

    # The person's side: the link opens a page with a button; only the button unsubscribes.
    page.goto(unsubscribe)
    expect(page.get_by_role("button", name="Unsubscribe")).to_be_visible()
    both_sizes(page, "bulk-mail-unsubscribe")
    recipient = Candidate.objects.get(email__iexact=smtp.messages[0].rcpt_tos[0])
    assert recipient.consents.filter(purpose="marketing", withdrawn_at__isnull=True).exists()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("#unsubscribe-result")).to_contain_text("not send you marketing emails")
    both_sizes(page, "bulk-mail-unsubscribed")
    assert not Consent.objects.filter(
        candidate=recipient, purpose="marketing", withdrawn_at__isnull=True
    ).exists()
