"""The candidate's answer through their "Shall we keep your details?" link (no account; single use)."""

from __future__ import annotations

from django.db import transaction

from core.signing import signed_link_use
from privacy.selectors.keep_links import keep_my_data_candidate_get
from privacy.services.retention_notices import KEEP_MY_DATA, keep_my_data_answer


@transaction.atomic
def keep_my_data_link_answer(*, token: str, keep: bool) -> None:
    """Use the link once and record the answer (keep: extended; remove: an erasure request), as one
    unit: an answer that fails leaves the link unused. A SignedLinkError when the link does not work."""
    candidate = keep_my_data_candidate_get(token=token)
    signed_link_use(token=token, purpose=KEEP_MY_DATA)
    keep_my_data_answer(candidate=candidate, keep=keep)
