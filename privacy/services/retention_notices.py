"""The retention notices: "keep my data?" to candidates 30 days ahead, a digest to their owners 7
days ahead, and the candidate's answer (DOMAIN.md retention)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from core.services import audit_record
from core.signing import signed_link_create
from engagement.selectors.contactability import contactability_check
from engagement.services.emails import email_queue
from engagement.services.privacy_notices import privacy_notice_ensure
from privacy.models import ErasureRequest, RetentionReview
from privacy.selectors.due import candidate_due_list, retention_keep_days, retention_notice_days

KEEP_MY_DATA = "keep_my_data"


def retention_notices_send() -> dict[str, int]:
    """Daily: ask candidates due in 30 days whether to keep their data; tell owners about 7 days.

    Idempotent: each review row remembers what was sent and when.
    """
    today = timezone.localdate()
    sent = {"candidates": 0, "owners": 0}
    soon = candidate_due_list(on=today + datetime.timedelta(days=retention_notice_days()))
    for candidate in soon.exclude(email="").select_related("owner"):
        # One person at a time: their link, their email and the note that it went are one unit.
        with transaction.atomic():
            review, _ = RetentionReview.objects.get_or_create(candidate=candidate)
            if not contactability_check(person=candidate).allowed:
                continue  # the contact rule says no (do not contact, suppressed, restricted…)
            # Issue 19: nobody is asked "keep my data?" who has not had the privacy notice: it goes
            # first (queued first) to anyone without it.
            if not privacy_notice_ensure(candidate=candidate):
                continue
            if (
                review.candidate_notified_on is not None
                and review.candidate_notified_on > today - datetime.timedelta(days=60)
            ):
                continue
            _, token = signed_link_create(
                purpose=KEEP_MY_DATA, obj=candidate, expires_in=datetime.timedelta(days=30), max_uses=1
            )
            url = settings.SITE_URL + reverse("portal:keep_my_data", args=[token])
            # The one door for mail about a person (the contact rule again, the worker, the timeline).
            email_queue(
                actor=None,
                kind="keep_data",
                candidate=candidate,
                subject="Shall we keep your details?",
                body="We hold your details from when you looked for work with us. Unless you tell us to "
                f"keep them, we will remove them in 30 days.\n\nKeep them or remove them now: {url}\n",
            )
            RetentionReview.objects.filter(pk=review.pk).update(candidate_notified_on=today)
            sent["candidates"] += 1
    week = candidate_due_list(on=today + datetime.timedelta(days=7)).select_related("owner")
    by_owner: dict[int, list[tuple[RetentionReview, Candidate]]] = {}
    for candidate in week:
        review, _ = RetentionReview.objects.get_or_create(candidate=candidate)
        if review.owner_notified_on is not None and review.owner_notified_on > today - datetime.timedelta(
            days=30
        ):
            continue
        by_owner.setdefault(candidate.owner_id, []).append((review, candidate))
    for due in by_owner.values():
        owner = due[0][1].owner
        # One owner at a time: the note that they were told is kept only if the email went.
        with transaction.atomic():
            RetentionReview.objects.filter(pk__in=[review.pk for review, _ in due]).update(
                owner_notified_on=today
            )
            if not owner.email:
                continue
            lines = "\n".join(settings.SITE_URL + reverse("privacy:hold", args=[c.pk]) for _, c in due)
            send_mail(
                f"{len(due)} candidate record(s) will be anonymised in 7 days",
                "These records reach the end of their retention period in 7 days. To keep one, open it "
                f"and place a hold with a reason:\n\n{lines}\n",
                settings.DEFAULT_FROM_EMAIL,
                [owner.email],
            )
            sent["owners"] += 1
    return sent


@transaction.atomic
def keep_my_data_answer(*, candidate: Candidate, keep: bool) -> None:
    """Yes extends by the policy length; no opens an erasure request (DOMAIN.md)."""
    today = timezone.localdate()
    if keep:
        RetentionReview.objects.update_or_create(
            candidate=candidate,
            defaults={"keep_until": today + datetime.timedelta(days=retention_keep_days())},
        )
        audit_record(actor=None, action="privacy.keep_my_data_yes", obj=candidate)
        return
    if not ErasureRequest.objects.filter(candidate=candidate, status__in=["open", "paused"]).exists():
        ErasureRequest.objects.create(
            candidate=candidate, received_on=today, created_by=candidate.owner, source=KEEP_MY_DATA
        )
    audit_record(actor=None, action="privacy.keep_my_data_no", obj=candidate)
