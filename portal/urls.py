"""The public face's pages. No account: each view is either open to anyone (the careers site) or
reached through a signed link or the portal's emailed sign-in (core.signing)."""

from __future__ import annotations

from django.urls import path

from portal.views import account, answers, base, home, jobs, references, reviews, your_data

app_name = "portal"

urlpatterns = [
    path("privacy-notice/", base.privacy_notice, name="privacy-notice"),
    # The careers site (API.md "The public face").
    path("jobs/", jobs.jobs, name="jobs"),
    path("jobs/feed.xml", jobs.feed, name="jobs-feed"),
    path("jobs/<int:pk>/apply/", jobs.apply, name="job-apply"),
    path("jobs/<int:pk>/applied/", jobs.applied, name="job-applied"),
    path("jobs/<int:pk>/<slug:slug>/", jobs.job, name="job"),
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

# The signed-link pages (core.link_pages frames each). Their paths are the ones already in sent
# emails and must never change: they keep the prefixes of the apps that first served them.
urlpatterns += [
    path("vacancies/review/<str:token>/", reviews.client_review, name="client_review"),
    path(
        "vacancies/review/<str:token>/cv/<int:entry_pk>/", reviews.client_review_cv, name="client_review_cv"
    ),
    path("vacancies/consent/<str:token>/", answers.consent_answer, name="consent_answer"),
    path("service/survey/<str:token>/", answers.survey, name="survey"),
    path("service/interview/<str:token>/", answers.interview_confirm, name="interview-confirm"),
    # The one-click unsubscribe link in every bulk message (RFC 8058).
    path("service/u/<str:token>/", your_data.unsubscribe, name="unsubscribe"),
    path("compliance/reference/<str:token>/", references.reference_answer, name="reference-answer"),
    path("privacy/keep/<str:token>/", your_data.keep_my_data, name="keep_my_data"),
]
