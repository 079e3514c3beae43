from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.models import AuditEvent, SignedLink
from core.signing import (
    SignedLinkExpired,
    SignedLinkRevoked,
    SignedLinkUnknown,
    SignedLinkUsedUp,
    signed_link_check,
    signed_link_create,
    signed_link_revoke,
    signed_link_use,
)


def test_link_resolves_for_its_purpose_and_stores_only_a_hash(recruiter, teammate):
    link, token = signed_link_create(
        purpose="review_shortlist", obj=teammate, expires_in=timedelta(days=7), created_by=recruiter
    )
    assert token not in link.token_hash and len(token) >= 40
    assert signed_link_check(token=token, purpose="review_shortlist") == link
    assert AuditEvent.objects.filter(action="signed_link.created", object_id=teammate.pk).exists()


def test_link_for_one_purpose_does_not_open_another(recruiter):
    _, token = signed_link_create(purpose="survey", obj=recruiter, expires_in=timedelta(days=1))
    with pytest.raises(SignedLinkUnknown):
        signed_link_check(token=token, purpose="keep_my_data")


@pytest.mark.parametrize("token", ["", "x", "a" * 500, "../../etc/passwd", "' OR 1=1 --"])
def test_unknown_or_garbage_tokens_are_refused(db, token):
    with pytest.raises(SignedLinkUnknown):
        signed_link_check(token=token, purpose="survey")


def test_link_expires(recruiter):
    _, token = signed_link_create(purpose="survey", obj=recruiter, expires_in=timedelta(days=14))
    with (
        time_machine.travel(timezone.now() + timedelta(days=14, seconds=1)),
        pytest.raises(SignedLinkExpired),
    ):
        signed_link_check(token=token, purpose="survey")


def test_revoked_link_stops_working(recruiter, manager):
    link, token = signed_link_create(purpose="survey", obj=recruiter, expires_in=timedelta(days=14))
    signed_link_revoke(link=link, actor=manager)
    with pytest.raises(SignedLinkRevoked):
        signed_link_check(token=token, purpose="survey")
    assert AuditEvent.objects.filter(action="signed_link.revoked").count() == 1


def test_single_use_link_is_used_once(recruiter):
    _, token = signed_link_create(purpose="consent", obj=recruiter, expires_in=timedelta(days=14), max_uses=1)
    used = signed_link_use(token=token, purpose="consent")
    assert used.use_count == 1 and used.last_used_at is not None
    with pytest.raises(SignedLinkUsedUp):
        signed_link_use(token=token, purpose="consent")
    assert SignedLink.objects.get().use_count == 1
