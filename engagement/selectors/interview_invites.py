"""Reads for interview invitations: the interview a candidate's confirmation link is for."""

from __future__ import annotations

from core.signing import signed_link_check
from vacancies.models import Interview

# The signed link an invitation carries (engagement.services.interview_invites creates it).
CONFIRM_PURPOSE = "interview_confirm"


def interview_confirm_get(*, token: str) -> Interview:
    """The interview a confirmation link is for; a SignedLinkError naming why not. Does not use it."""
    link = signed_link_check(token=token, purpose=CONFIRM_PURPOSE)
    return Interview.objects.select_related("application__candidate", "application__vacancy__client").get(
        pk=link.object_id
    )
