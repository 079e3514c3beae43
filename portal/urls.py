"""The public face's pages. No account: each view is either open to anyone (the careers site) or
reached through a signed link or the portal's emailed sign-in (core.signing)."""

from __future__ import annotations

from django.urls import path

from portal.views import account, base, home

app_name = "portal"

urlpatterns = [
    path("privacy-notice/", base.privacy_notice, name="privacy-notice"),
    # Placeholder until the careers site lands (issue 19's careers lane replaces it).
    path("jobs/", base.privacy_notice, name="jobs"),
    # The candidate's own portal (docs/portal.md): emailed one-time sign-in, then their page.
    path("portal/", home.home, name="home"),
    path("portal/sign-in/", account.sign_in, name="sign-in"),
    path("portal/sign-in/<str:token>/", account.sign_in_link, name="sign-in-link"),
    path("portal/sign-out/", account.sign_out, name="sign-out"),
    path("portal/details/", home.contact, name="contact"),
    path("portal/availability/", home.availability, name="availability"),
    path("portal/preferences/", home.preferences, name="preferences"),
    path("portal/contact-choices/", home.channel, name="channel"),
    path("portal/cv/", home.cv, name="cv"),
    path("portal/right-to-work/", home.share_code, name="share-code"),
    path("portal/consents/marketing/", home.consent_marketing, name="consent-marketing"),
    path("portal/consents/vacancy/<int:vacancy_id>/", home.consent_vacancy, name="consent-vacancy"),
    path("portal/interviews/<int:pk>/invite.ics", home.interview_ics, name="interview-ics"),
    path("portal/my-data/", home.data_request, name="data-request"),
    path("portal/my-data/download/", home.data_download, name="data-download"),
    path("portal/erase/", home.erase, name="erase"),
]
