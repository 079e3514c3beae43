"""Reference requests (issue 18): the one a referee's link opens, and a candidate's requests."""

from __future__ import annotations

from typing import Any

from compliance.models import ReferenceRequest
from core.signing import SignedLinkUsedUp, signed_link_check

REFERENCE_PURPOSE = "reference"


def reference_request_for_token(*, token: str) -> ReferenceRequest:
    """The request a referee's link opens (SignedLinkError when the link does not work; DoesNotExist,
    shown as "no longer available", when the candidate's record has been anonymised)."""
    link = signed_link_check(token=token, purpose=REFERENCE_PURPOSE)
    request = ReferenceRequest.objects.select_related("candidate").get(pk=link.object_id)
    if request.answered_at is not None:
        raise SignedLinkUsedUp
    if request.candidate.anonymised_at is not None:
        raise ReferenceRequest.DoesNotExist
    return request


def reference_request_list(*, user: Any, candidate: Any) -> list[ReferenceRequest]:
    """A candidate's reference requests as this user may see them, newest first (one query)."""
    return list(
        ReferenceRequest.objects.visible_to(user)
        .filter(candidate=candidate)
        .select_related("requested_by", "reference_check")
    )
