"""The public face's pages. No account: each view is either open to anyone (the careers site) or
reached through a signed link or the portal's emailed sign-in (core.signing)."""

from __future__ import annotations

from django.urls import path

from portal.views import base

app_name = "portal"

urlpatterns = [
    path("privacy-notice/", base.privacy_notice, name="privacy-notice"),
    # Placeholders until the careers site and the portal land (issue 19's lanes replace them).
    path("jobs/", base.privacy_notice, name="jobs"),
    path("portal/", base.privacy_notice, name="home"),
]
