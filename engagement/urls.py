from django.urls import path

from engagement.views import communications, complaints, pages

app_name = "engagement"
urlpatterns = [
    path("", pages.index, name="index"),
    path("log/<str:kind>/<int:pk>/", communications.log, name="log"),
    path("email/<str:kind>/<int:pk>/", communications.send_email, name="email"),
    path("timeline/<str:kind>/<int:pk>/", communications.timeline_fragment, name="timeline"),
    path("complaints/", complaints.complaint_index, name="complaints"),
    path("complaints/new/", complaints.complaint_new, name="complaint-new"),
    path("complaints/export.csv", complaints.complaint_export, name="complaint-export"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/<str:step>/", complaints.complaint_step, name="complaint-step"),
    path("you-said-we-did/", pages.improvements, name="improvements"),
    path("you-said-we-did/<int:pk>/status/", pages.improvement_status, name="improvement-status"),
    path("templates/", pages.templates, name="templates"),
    path("templates/new/", pages.template_new, name="template-new"),
    path("templates/<int:pk>/", pages.template_edit, name="template-edit"),
    path("templates/<int:pk>/delete/", pages.template_delete, name="template-delete"),
    path("survey/<str:token>/", pages.survey, name="survey"),
]
