"""The public face's pages. No account: each view is either open to anyone (the careers site) or
reached through a signed link or the portal's emailed sign-in (core.signing)."""

from __future__ import annotations

from django.urls import path

from portal.views import base, jobs

app_name = "portal"

urlpatterns = [
    path("privacy-notice/", base.privacy_notice, name="privacy-notice"),
    # The careers site (API.md "The public face").
    path("jobs/", jobs.jobs, name="jobs"),
    path("jobs/feed.xml", jobs.feed, name="jobs-feed"),
    path("jobs/<int:pk>/apply/", jobs.apply, name="job-apply"),
    path("jobs/<int:pk>/applied/", jobs.applied, name="job-applied"),
    path("jobs/<int:pk>/<slug:slug>/", jobs.job, name="job"),
    # Placeholder until the candidate portal lands (the portal lane replaces it).
    path("portal/", base.privacy_notice, name="home"),
]
