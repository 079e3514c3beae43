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


def privacy_notice_current() -> PrivacyNotice:
    """The privacy notice candidates are shown now: the newest published version (migration 0004
    publishes version 2024-1, so there always is one)."""
    notice = PrivacyNotice.objects.first()
    if notice is None:  # only if someone deleted every version by hand
        raise PrivacyNotice.DoesNotExist("No privacy notice has been published.")
    return notice
