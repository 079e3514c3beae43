"""Signed links for people without an account: client reviewers, candidates answering requests.

A link carries a random 256-bit token; only its SHA-256 is stored. Each link has one purpose
(`review_shortlist`, `consent`, `keep_my_data`, `survey`, …), an expiry, an optional use limit,
and can be revoked. `signed_link_resolve` names the reason a link does not work, so the page can
say so plainly; a link made for one purpose never opens another.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from core.models import SignedLink, User
from core.services import audit_record


class SignedLinkError(Exception):
    reason = "invalid"
    message = "This link is not valid."


class SignedLinkUnknown(SignedLinkError):
    reason = "unknown"
    message = "This link is not valid. Check that you copied all of it."


class SignedLinkWrongPurpose(SignedLinkUnknown):
    """Indistinguishable from an unknown link on purpose: it says nothing about other links."""


class SignedLinkExpired(SignedLinkError):
    reason = "expired"
    message = "This link has expired. Ask the agency for a new one."


class SignedLinkRevoked(SignedLinkError):
    reason = "revoked"
    message = "This link has been withdrawn by the agency."


class SignedLinkUsedUp(SignedLinkError):
    reason = "used"
    message = "This link has already been used."


# A link as the app writes it into a message: an address whose path holds a token (43 characters
# of token_urlsafe(32)).
_LINK_IN_TEXT = re.compile(r"https?://[^\s<>\"]*?/[A-Za-z0-9_-]{43}/[^\s<>\"]*")
LINK_WITHHELD = "[signed link: sent to them, not kept here]"


def signed_link_redact(text: str) -> str:
    """The text with every signed link in it replaced by a note: the copy of a sent message kept on
    the timeline must not be a working link (only a token's hash is ever stored)."""
    return _LINK_IN_TEXT.sub(LINK_WITHHELD, text)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signed_link_create(
    *,
    purpose: str,
    obj: models.Model,
    expires_in: timedelta,
    created_by: User | None = None,
    max_uses: int | None = None,
) -> tuple[SignedLink, str]:
    """Create a link; returns it and the token (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    link = SignedLink.objects.create(
        purpose=purpose,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        token_hash=_hash(token),
        created_by=created_by,
        expires_at=timezone.now() + expires_in,
        max_uses=max_uses,
    )
    audit_record(actor=created_by, action="signed_link.created", obj=obj, details={"purpose": purpose})
    return link, token


def signed_link_check(*, token: str, purpose: str) -> SignedLink:
    """The live link for `token` and `purpose`, or a SignedLinkError naming why not. Does not use it."""
    if not token or len(token) > 128:
        raise SignedLinkUnknown
    link = SignedLink.objects.filter(token_hash=_hash(token)).first()
    if link is None:
        raise SignedLinkUnknown
    if link.purpose != purpose:
        raise SignedLinkWrongPurpose
    if link.revoked_at is not None:
        raise SignedLinkRevoked
    if link.expires_at <= timezone.now():
        raise SignedLinkExpired
    if link.max_uses is not None and link.use_count >= link.max_uses:
        raise SignedLinkUsedUp
    return link


@transaction.atomic
def signed_link_use(*, token: str, purpose: str) -> SignedLink:
    """Check the link and count one use (under a row lock, so a single-use link is used once)."""
    link = signed_link_check(token=token, purpose=purpose)
    link = SignedLink.objects.select_for_update().get(pk=link.pk)
    if link.max_uses is not None and link.use_count >= link.max_uses:
        raise SignedLinkUsedUp
    SignedLink.objects.filter(pk=link.pk).update(use_count=F("use_count") + 1, last_used_at=timezone.now())
    link.refresh_from_db()
    return link


def signed_link_revoke(*, link: SignedLink, actor: User | None) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="signed_link.revoked",
            object_type=link.object_type,
            object_id=link.object_id,
            details={"purpose": link.purpose},
        )
