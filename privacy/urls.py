from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("policies/<int:pk>/", views.policy_edit, name="policy"),
    path("sweeps/", views.sweep, name="sweep"),
    path("subject-access/new/", views.request_create, {"kind": "sar"}, name="sar_create"),
    path("erasure/new/", views.request_create, {"kind": "erasure"}, name="erasure_create"),
    path("subject-access/<int:pk>/", views.sar_detail, name="sar"),
    path("subject-access/<int:pk>/download/", views.sar_download, name="sar_download"),
    path("erasure/<int:pk>/", views.erasure_detail, name="erasure"),
    path("candidates/<int:pk>/", views.candidate_privacy, name="candidate"),
    path("candidates/<int:pk>/hold/", views.owner_hold, name="hold"),
    # "Shall we keep your details?" (keep/<token>/) lives in the portal app under the same path.
]
