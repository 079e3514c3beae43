"""Reads for the "Shall we keep your details?" link (the retention cycle's question to a candidate)."""

from __future__ import annotations

from candidates.models import Candidate
from core.link_pages import SignedLinkGone
from core.signing import signed_link_check
from privacy.services.retention_notices import KEEP_MY_DATA


def keep_my_data_candidate_get(*, token: str) -> Candidate:
    """The candidate a live "keep my data?" link asks about; a SignedLinkError naming why not (an
    anonymised candidate: SignedLinkGone). Does not use the link."""
    link = signed_link_check(token=token, purpose=KEEP_MY_DATA)
    candidate = Candidate.objects.filter(pk=link.object_id, is_anonymised=False).first()
    if candidate is None:
        raise SignedLinkGone
    return candidate
