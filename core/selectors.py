"""core's reads: the agency as clients see it, and the privacy notice candidates are shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from core.models import AgencyProfile, PrivacyNotice


@dataclass(frozen=True)
class Agency:
    name: str
    has_logo: bool
    # Changes when the logo does, so a browser's cached copy is never the old one.
    logo_version: str


def agency_get() -> Agency:
    """The agency's name (settings.AGENCY_NAME until an admin sets one) and whether it has a logo."""
    profile = AgencyProfile.objects.filter(pk=1).first()
    if profile is None:
        return Agency(name=settings.AGENCY_NAME, has_logo=False, logo_version="")
    return Agency(
        name=profile.name or settings.AGENCY_NAME,
        has_logo=bool(profile.logo),
        logo_version=f"{profile.updated_at:%Y%m%d%H%M%S%f}" if profile.logo else "",
    )


# The first version, as migration core 0004 publishes it: also what a database without any
# version (a test's flush, a hand-emptied table) gets back on first use, so pages never fail.
FIRST_PRIVACY_NOTICE_VERSION = "2024-1"
FIRST_PRIVACY_NOTICE = """\
Who we are. We are a recruitment agency. We hold your details to find you work and to introduce you
to employers, and for no other purpose.

What we hold. Your name and contact details, your CV, work history, qualifications, the roles you are
interested in, notes of our conversations, the checks a role needs (such as your right to work in the
UK) and the applications you make through us.

Where it comes from. From you when you apply or talk to us, or, if we found you ourselves, from the
job board, professional network or referral where your details were published (we tell you within one
month when that happens).

Why we may use it. To take steps at your request before a contract (your applications), our
legitimate interest in finding you suitable work, our legal obligations (the Conduct of Employment
Agencies and Employment Businesses Regulations 2003, right-to-work law), and your consent where we ask
for it (for example before we send your CV to an employer, or to keep you in our talent pool).

Who sees it. Our recruiters, and an employer only after you have agreed to us putting you forward for
that role. We never sell your details.

How long we keep it. While you are looking for work with us; we ask you before our regular review
whether to keep your details, and erase them if you say no or do not answer. Records the law requires
(for example of a placement) are kept for the period it sets.

Your rights. You may see a copy of your data, have it corrected or erased, object, restrict how it is
used, withdraw any consent at any time, and complain to the Information Commissioner's Office
(ico.org.uk). Use your candidate portal or reply to any email from us.
"""


def privacy_notice_current() -> PrivacyNotice:
    """The privacy notice candidates are shown now: the newest published version."""
    notice = PrivacyNotice.objects.first()
    if notice is None:
        notice, _ = PrivacyNotice.objects.get_or_create(
            version=FIRST_PRIVACY_NOTICE_VERSION, defaults={"text": FIRST_PRIVACY_NOTICE}
        )
    return notice
