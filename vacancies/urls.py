from django.urls import path

from vacancies import views
from vacancies.views import matching, public

app_name = "vacancies"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.vacancy_create, name="create"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("<int:pk>/status/", views.vacancy_status, name="status"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/board/bulk-reject/", views.bulk_reject, name="bulk_reject"),
    path("<int:pk>/board/candidates/", views.candidate_search, name="candidate_search"),
    path("<int:pk>/board/add/", views.application_add, name="application_add"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/interviews/", views.interview_add, name="interview_add"),
    path(
        "applications/<int:pk>/interviews/<int:interview_pk>/outcome/",
        views.interview_outcome,
        name="interview_outcome",
    ),
    path("applications/<int:pk>/offers/", views.offer_add, name="offer_add"),
    path("applications/<int:pk>/placement/", views.placement_add, name="placement_add"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    # Matching, shortlists, consent and submissions (issue 5).
    path("<int:pk>/matches/", matching.matches, name="matches"),
    path("<int:pk>/matches/<int:candidate_pk>/shortlist/", matching.match_shortlist, name="match_shortlist"),
    path("shortlists/<int:pk>/", matching.shortlist_detail, name="shortlist"),
    path("shortlists/<int:pk>/edit/", matching.shortlist_edit, name="shortlist_edit"),
    path("shortlists/<int:pk>/submit/", matching.shortlist_submit, name="shortlist_submit"),
    path("shortlists/<int:pk>/review/", matching.shortlist_review, name="shortlist_review"),
    path("shortlists/<int:pk>/share/", matching.shortlist_share, name="shortlist_share"),
    path(
        "shortlists/<int:pk>/links/<int:link_pk>/revoke/",
        matching.shortlist_link_revoke,
        name="shortlist_link_revoke",
    ),
    path("applications/<int:pk>/consent/", matching.consent_record, name="consent_record"),
    path("applications/<int:pk>/consent-link/", matching.consent_link, name="consent_link"),
    path("applications/<int:pk>/submit/", matching.application_submit, name="application_submit"),
    path("confirmations/<int:pk>/done/", matching.confirmation_done, name="confirmation_done"),
    path("notices/", matching.notices, name="notices"),
    # No account: reached only through core.signing links.
    path("review/<str:token>/", public.client_review, name="client_review"),
    path("review/<str:token>/cv/<int:entry_pk>/", public.client_review_cv, name="client_review_cv"),
    path("consent/<str:token>/", public.consent_answer, name="consent_answer"),
]
