from django.urls import path

from vacancies.views import (
    applications,
    board,
    candidate_story,
    consents,
    interviews,
    matching,
    notices,
    shortlists,
    submissions,
    vacancies,
)

app_name = "vacancies"
urlpatterns = [
    path("", vacancies.index, name="index"),
    path("new/", vacancies.vacancy_create, name="create"),
    path("lookup/", vacancies.vacancy_lookup, name="lookup"),
    path("language-check/", vacancies.language_check, name="language_check"),
    path("<int:pk>/", vacancies.vacancy_detail, name="detail"),
    path("<int:pk>/edit/", vacancies.vacancy_edit, name="edit"),
    path("<int:pk>/status/", vacancies.vacancy_status, name="status"),
    path("<int:pk>/board/", board.board, name="board"),
    path("<int:pk>/board/bulk-reject/", board.bulk_reject, name="bulk_reject"),
    path("<int:pk>/board/candidates/", board.candidate_search, name="candidate_search"),
    path("<int:pk>/board/add/", board.application_add, name="application_add"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/move/", board.application_move, name="application_move"),
    path("applications/<int:pk>/interviews/", applications.interview_add, name="interview_add"),
    path(
        "applications/<int:pk>/interviews/<int:interview_pk>/outcome/",
        applications.interview_outcome,
        name="interview_outcome",
    ),
    path(
        "applications/<int:pk>/interviews/<int:interview_pk>/change/",
        applications.interview_edit,
        name="interview_change",
    ),
    path(
        "applications/<int:pk>/interviews/<int:interview_pk>/cancel/",
        applications.interview_cancel_view,
        name="interview_cancel",
    ),
    path("interviews/", interviews.interview_week, name="interviews"),
    path("applications/<int:pk>/offers/", applications.offer_add, name="offer_add"),
    path(
        "applications/<int:pk>/offers/<int:offer_pk>/answer/",
        applications.offer_answer,
        name="offer_answer",
    ),
    path("applications/<int:pk>/placement/", applications.placement_add, name="placement_add"),
    path(
        "placements/<int:pk>/expected-days/",
        applications.placement_expected_days,
        name="placement_expected_days",
    ),
    path("candidates/<int:pk>/applications/", candidate_story.candidate_story, name="candidate_story"),
    path("follow-ups/<int:pk>/done/", applications.follow_up_done, name="follow_up_done"),
    # Matching, shortlists, consent and submissions (issue 5).
    path("<int:pk>/matches/", matching.matches, name="matches"),
    path("<int:pk>/matches/<int:candidate_pk>/shortlist/", matching.match_shortlist, name="match_shortlist"),
    path("<int:pk>/shortlists/", shortlists.shortlist_index, name="shortlists"),
    path("shortlists/review/", shortlists.shortlist_review_queue, name="shortlist_review_queue"),
    path("shortlists/<int:pk>/", shortlists.shortlist_detail, name="shortlist"),
    path("shortlists/<int:pk>/edit/", shortlists.shortlist_edit, name="shortlist_edit"),
    path("shortlists/<int:pk>/submit/", shortlists.shortlist_submit, name="shortlist_submit"),
    path("shortlists/<int:pk>/review/", shortlists.shortlist_review, name="shortlist_review"),
    path("shortlists/<int:pk>/share/", shortlists.shortlist_share, name="shortlist_share"),
    path(
        "shortlists/<int:pk>/links/<int:link_pk>/revoke/",
        shortlists.shortlist_link_revoke,
        name="shortlist_link_revoke",
    ),
    path("applications/<int:pk>/consent/", consents.consent_record, name="consent_record"),
    path("applications/<int:pk>/consent-link/", consents.consent_link, name="consent_link"),
    path("applications/<int:pk>/submit/", submissions.application_submit, name="application_submit"),
    path(
        "applications/<int:pk>/submissions/<int:submission_pk>/pack/",
        submissions.submission_pack_download,
        name="submission_pack",
    ),
    path("confirmations/<int:pk>/done/", submissions.confirmation_done, name="confirmation_done"),
    path("notices/", notices.notices, name="notices"),
    # The pages reached through signed links (client review, consent answer) live in the portal
    # app (portal/urls.py) under the same paths.
]
