"""Signing in to the candidate portal with a one-time link sent to the email address we hold.

The request always gets the same answer, whether or not we hold the address, and whether or not
the one contact rule lets us write (engagement.selectors.contactability): nothing on the page or in
its timing says who is on file. The link (core.signing, purpose `portal_sign_in`) is single use and
short-lived (PORTAL_SIGN_IN_LINK_MINUTES); opening it asks the person to press "Sign in", so a mail
scanner that follows links does not use it up.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from candidates.models import Candidate
from core.services import audit_record
from core.signing import signed_link_create, signed_link_use
from engagement.selectors.contactability import NotContactable
from engagement.services.communications import email_send

logger = logging.getLogger("recruitcrm.portal")

PURPOSE = "portal_sign_in"
TEMPLATE = "portal_sign_in"


def portal_candidate_for_email(email: str) -> Candidate | None:
    """The one live record holding this address (the unique constraint keeps it to one)."""
    email = (email or "").strip()
    if not email:
        return None
    return Candidate.objects.live().filter(email__iexact=email, restricted_at__isnull=True).first()


def portal_sign_in_request(*, email: str) -> None:
    """Email a sign-in link to the candidate holding `email`, if there is one we may write to."""
    candidate = portal_candidate_for_email(email)
    if candidate is None:
        return
    try:
        with transaction.atomic():
            _, token = signed_link_create(
                purpose=PURPOSE,
                obj=candidate,
                expires_in=datetime.timedelta(minutes=settings.PORTAL_SIGN_IN_LINK_MINUTES),
                max_uses=1,
            )
            url = settings.SITE_URL + reverse("portal:sign-in-link", args=[token])
            email_send(actor=None, template_code=TEMPLATE, candidate=candidate, extra={"link": url})
    except NotContactable:
        # The contact rule says no (do not contact, suppressed, no address…): nothing is sent and
        # the link is rolled back; the page still gives the same answer.
        logger.info("portal sign-in link not sent: not contactable (candidate %s)", candidate.pk)


@transaction.atomic
def portal_sign_in_complete(*, token: str) -> Candidate:
    """Use the link (once) and return its candidate. Raises core.signing's errors for a link that
    does not work, and Candidate.DoesNotExist for a record gone since (both become the
    link-problem page)."""
    link = signed_link_use(token=token, purpose=PURPOSE)
    if link.object_type != "candidates.candidate":
        raise Candidate.DoesNotExist
    candidate = Candidate.objects.live().get(pk=link.object_id, restricted_at__isnull=True)
    audit_record(actor=None, action="portal.signed_in", obj=candidate)
    return candidate
