"""Reading mail that comes back (issue 18): the reply and drop-box addresses, the bounce marks, the
unmatched inbox.

A reply address is `reply+<id>-<mac>@INBOUND_EMAIL_DOMAIN`, a drop-box `dropbox+<id>-<mac>@…`: the id
of the outbound message (or of the user) and 20 hex digits of an HMAC-SHA-256 keyed by SECRET_KEY
with a salt of its own per kind (django.utils.crypto.salted_hmac, what django.core.signing signs
with). Lower-case hex, because some mail servers lower-case the local part. No personal data, and
without SECRET_KEY nobody can make one; SECRET_KEY_FALLBACKS are accepted while a key rotates.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.crypto import constant_time_compare, salted_hmac

from core.models import User
from engagement.models import BouncedAddress, InboundEmail

KINDS = ("reply", "dropbox")
_TOKEN = re.compile(r"([0-9]{1,12})-([0-9a-f]{20})")


def _mac(kind: str, pk: int, secret: str) -> str:
    return salted_hmac(f"engagement.inbound.{kind}", str(pk), secret=secret, algorithm="sha256").hexdigest()[
        :20
    ]


def inbound_token(*, kind: str, pk: int) -> str:
    return f"{pk}-{_mac(kind, pk, settings.SECRET_KEY)}"


def inbound_token_read(*, kind: str, token: str) -> int | None:
    """The id a token carries, or None if it is not one we made for this kind."""
    match = _TOKEN.fullmatch((token or "").strip().lower())
    if match is None:
        return None
    pk = int(match.group(1))
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        if constant_time_compare(match.group(2), _mac(kind, pk, secret)):
            return pk
    return None


def _address(kind: str, pk: int) -> str:
    domain = settings.INBOUND_EMAIL_DOMAIN
    return f"{kind}+{inbound_token(kind=kind, pk=pk)}@{domain}" if domain else ""


def reply_address(*, email_id: int) -> str:
    """Where a reply to this outbound message goes ("" when inbound mail is off)."""
    return _address("reply", email_id)


def dropbox_address(*, user: User) -> str:
    """The user's drop-box: mail copied to it is filed on the timeline of the person it is with."""
    return _address("dropbox", user.pk)


def inbound_address_read(address: str) -> tuple[str, int] | None:
    """("reply", outbound id) or ("dropbox", user id) for one of our addresses with a valid token."""
    domain = settings.INBOUND_EMAIL_DOMAIN
    local, _, at = (address or "").strip().strip("<>").rpartition("@")
    if not domain or at.lower() != domain or "+" not in local:
        return None
    kind, _, token = local.lower().partition("+")
    if kind not in KINDS:
        return None
    pk = inbound_token_read(kind=kind, token=token)
    return (kind, pk) if pk is not None else None


def is_our_address(address: str) -> bool:
    domain = settings.INBOUND_EMAIL_DOMAIN
    return bool(domain) and (address or "").strip().lower().endswith("@" + domain)


# --- bounces


def bounce_digest(email: str) -> str:
    salt = str(getattr(settings, "PRIVACY_SUPPRESSION_SALT", "") or settings.SECRET_KEY).encode()
    return hmac.new(salt, b"bounce:" + email.strip().lower().encode(), hashlib.sha256).hexdigest()


def address_bounced(*, email: str) -> BouncedAddress | None:
    """The bounce mark on this address, if mail to it has bounced."""
    if not (email or "").strip():
        return None
    return BouncedAddress.objects.filter(digest=bounce_digest(email)).first()


# --- the inbox


def inbound_list(*, user: User, status: str = InboundEmail.Status.UNMATCHED) -> QuerySet[InboundEmail]:
    return (
        InboundEmail.objects.visible_to(user)
        .filter(status=status)
        .select_related("owner", "in_reply_to")
        .order_by("-received_at", "-id")
    )


def inbound_get(*, user: User, pk: Any) -> InboundEmail | None:
    return (
        InboundEmail.objects.visible_to(user)
        .select_related("candidate", "contact", "in_reply_to", "owner", "filed_by")
        .filter(pk=pk)
        .first()
    )
