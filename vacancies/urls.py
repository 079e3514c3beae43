from django.urls import path

from vacancies import views

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
]
