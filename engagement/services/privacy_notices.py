"""The privacy notice sent by the app to people we found ourselves (UK GDPR art. 14, issue 19).

A sourced candidate (candidates.querysets.SOURCED_CHANNELS) is sent the current notice
(`core.selectors.privacy_notice_current`) within 30 days of being added, or with the first message
to them, whichever is first: the daily task sends it on day `PRIVACY_NOTICE_SEND_AFTER_DAYS`, and
`email_queue` sends it first when a sourced person without it is written to. It goes through the
one door like every message (kind `privacy_notice`, template `privacy_notice`); when it is sent,
`email_deliver` records the version and the date on the candidate. The "keep my data?" mail asks
`privacy_notice_ensure` first, so nobody is asked that who has not had the notice.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from candidates.querysets import SOURCED_CHANNELS
from core.models import PrivacyNotice, User
from core.selectors import privacy_notice_current
from core.services import audit_record
from engagement.models import OutboundEmail
from engagement.selectors.contactability import contactability_check
from engagement.services.communications import _merge, email_template_get_or_create

NOTICE_KIND = "privacy_notice"
VERSION_HEADER = "X-Privacy-Notice-Version"
_PENDING = (OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENT)


def privacy_notice_send_after_days() -> int:
    return int(getattr(settings, "PRIVACY_NOTICE_SEND_AFTER_DAYS", 25))


def privacy_notice_had(candidate: Candidate) -> bool:
    """Given (on applying: art. 13), sent (art. 14), or on its way (queued) already."""
    if candidate.privacy_notice_sent_on is not None or candidate.privacy_notice_version:
        return True
    return OutboundEmail.objects.filter(
        candidate_id=candidate.pk, kind=NOTICE_KIND, status__in=_PENDING
    ).exists()


def privacy_notice_owed_first(candidate: Candidate) -> bool:
    """`email_queue` asks this: a sourced person written to before they have had the notice (and
    a notice to send: none only if every version was deleted by hand)."""
    if candidate.source not in SOURCED_CHANNELS or privacy_notice_had(candidate):
        return False
    return PrivacyNotice.objects.exists()


@transaction.atomic
def privacy_notice_send(*, candidate: Candidate, actor: User | None = None) -> OutboundEmail:
    """Queue the current notice to this person through the one door (raises `NotContactable`)."""
    from engagement.services.emails import email_queue  # emails asks this module before queueing

    notice = privacy_notice_current()
    template = email_template_get_or_create(code=NOTICE_KIND)
    values = {
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "sender": (actor or candidate.owner).display_name,
        "notice": notice.text,
        "notice_version": notice.version,
    }
    return email_queue(
        actor=actor,
        kind=NOTICE_KIND,
        subject=_merge(template.subject, values).replace("\n", " ")[:200],
        body=_merge(template.body, values),
        candidate=candidate,
        template=template,
        headers={VERSION_HEADER: notice.version},
    )


def privacy_notice_ensure(*, candidate: Candidate, actor: User | None = None) -> bool:
    """Before mail that presumes the notice (the "keep my data?" question): send it first to anyone
    who has not had it, whatever their source. False when it cannot be sent (the contact rule)."""
    if privacy_notice_had(candidate):
        return True
    if not contactability_check(person=candidate).allowed or not PrivacyNotice.objects.exists():
        return False
    privacy_notice_send(candidate=candidate, actor=actor)
    return True


def privacy_notice_sent_record(*, email: OutboundEmail, on: datetime.date) -> None:
    """Called by `email_deliver` once a notice has gone: the version and the date, on the record."""
    version = str((email.headers or {}).get(VERSION_HEADER, ""))[:20]
    candidate_id = int(email.candidate_id or 0)
    Candidate.objects.filter(pk=candidate_id).update(
        privacy_notice_sent_on=on, privacy_notice_version=version, updated_at=timezone.now()
    )
    audit_record(
        actor=None,
        action="candidate.privacy_notice_sent",
        obj=Candidate(pk=candidate_id),
        details={"version": version, "email": email.pk},
    )


def privacy_notices_send_due(*, today: datetime.date | None = None) -> dict[str, int]:
    """Daily: sourced candidates added `PRIVACY_NOTICE_SEND_AFTER_DAYS` or more days ago who have
    not had the notice (nor have it queued) are sent it. Someone the contact rule refuses is
    counted, not written to."""
    day = today or timezone.localdate()
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            day - datetime.timedelta(days=privacy_notice_send_after_days() - 1), datetime.time()
        )
    )
    pending = OutboundEmail.objects.filter(kind=NOTICE_KIND, status__in=_PENDING).values("candidate_id")
    due = (
        Candidate.objects.filter(
            source__in=SOURCED_CHANNELS,
            privacy_notice_sent_on__isnull=True,
            privacy_notice_version="",
            created_at__lt=cutoff,
            merged_into__isnull=True,
            anonymised_at__isnull=True,
        )
        .exclude(pk__in=pending)
        .select_related("owner", "team")
        .order_by("created_at", "pk")
    )
    counts = {"sent": 0, "refused": 0}
    if not PrivacyNotice.objects.exists():
        return counts
    for candidate in due.iterator(chunk_size=200):
        if not contactability_check(person=candidate).allowed:
            counts["refused"] += 1
            continue
        with transaction.atomic():
            privacy_notice_send(candidate=candidate)
        counts["sent"] += 1
    return counts
