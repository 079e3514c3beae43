from django.urls import path

from candidates.views import documents, pages

app_name = "candidates"
urlpatterns = [
    path("", pages.candidate_list, name="index"),
    path("<int:pk>/documents/<int:document_pk>/download/", documents.document_download, name="document-download"),
]
