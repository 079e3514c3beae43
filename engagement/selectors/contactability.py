"""The one rule that decides whether a person may be written to (issue 18).

Every message the app sends to a candidate or a client contact asks `contactability_check` first:
composed mail, templates, surveys, complaint follow-ups, "keep my data?" notices. A refusal carries
a code (the API's 409 `code`) and a plain-English reason shown to the sender. Mail to our own users
(digests, notices) is not about a person and does not ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from candidates import privacy_seam
from candidates.models import Candidate, Consent
from engagement.selectors.inbound import address_bounced


@dataclass(frozen=True)
class Contactability:
    allowed: bool
    code: str = ""  # do_not_contact, suppressed, anonymised, restricted, no_email, bounced
    reason: str = ""


OK = Contactability(True)
REASONS = {
    "anonymised": "This person's record has been anonymised: there is nobody to write to.",
    "restricted": "This person asked to be erased; the record is kept only for a legal duty and may not "
    "be used to contact them.",
    "do_not_contact": "This person is marked “do not contact”.",
    "consent_withdrawn": "This person withdrew their consent to us holding their details, so we may not "
    "contact them.",
    "suppressed": "This person asked us to erase their data and is on the suppression list.",
    "no_email": "There is no email address on record.",
    "bounced": "Mail to this address bounced: it does not reach them. Check the address with them and "
    "correct it first.",
}
# Reasons the API reports under the two codes API.md names (the detail says which).
API_CODES = {
    "consent_withdrawn": "do_not_contact",
    "restricted": "do_not_contact",
    "anonymised": "do_not_contact",
    # Not a code of its own in API.md: a 409 `do_not_contact` whose `reason` is `bounced`.
    "bounced": "do_not_contact",
}


class NotContactable(ValidationError):
    """Raised by every sender when the rule says no; `code` is what the API answers with."""

    def __init__(self, answer: Contactability) -> None:
        super().__init__(answer.reason, code=answer.code)
        self.answer = answer
        self.api_code = API_CODES.get(answer.code, answer.code)


def _refuse(code: str) -> Contactability:
    return Contactability(False, code, REASONS[code])


def _processing_consent_withdrawn(candidate_id: int) -> bool:
    """A processing consent was withdrawn and none is live: nothing lets us contact them."""
    consents = Consent.objects.filter(candidate_id=candidate_id, purpose=Consent.Purpose.PROCESSING)
    live = consents.filter(withdrawn_at__isnull=True)
    return consents.filter(withdrawn_at__isnull=False).exists() and not live.exists()


def contactability_check(*, person: Any, channel: str = "email") -> Contactability:
    """May this candidate or contact be written to? The first reason that applies, or OK."""
    if getattr(person, "anonymised_at", None) is not None:
        return _refuse("anonymised")
    if isinstance(person, Candidate):
        if person.restricted_at is not None:
            return _refuse("restricted")
        if person.status == Candidate.Status.DO_NOT_CONTACT:
            return _refuse("do_not_contact")
        if person.pk is not None and _processing_consent_withdrawn(person.pk):
            return _refuse("consent_withdrawn")
    email = (getattr(person, "email", "") or "").strip()
    if privacy_seam.suppression_check(email=email, phone=getattr(person, "phone", "") or ""):
        return _refuse("suppressed")
    if channel == "email" and not email:
        return _refuse("no_email")
    if channel == "email" and address_bounced(email=email) is not None:
        return _refuse("bounced")
    return OK


def contactability_check_address(*, email: str) -> Contactability:
    """May a third party with no record of their own (a referee, an interviewer) be written to at
    this address? Only the suppression list and an empty address say no."""
    email = (email or "").strip()
    if not email:
        return _refuse("no_email")
    if privacy_seam.suppression_check(email=email, phone=""):
        return _refuse("suppressed")
    if address_bounced(email=email) is not None:
        return _refuse("bounced")
    return OK


def contactability_require(*, person: Any, channel: str = "email") -> None:
    """`contactability_check`, raising `NotContactable` on a refusal."""
    answer = contactability_check(person=person, channel=channel)
    if not answer.allowed:
        raise NotContactable(answer)
