from django.urls import path

from compliance.views import files, pages, records, references

app_name = "compliance"
urlpatterns = [
    path("", pages.due_page, name="index"),
    path("tasks/<int:task_pk>/done/", pages.task_done, name="task-done"),
    path("candidates/<int:pk>/", pages.candidate_page, name="candidate"),
    path("candidates/<int:pk>/panel/", pages.candidate_panel, name="candidate-panel"),
    path("candidates/<int:pk>/right-to-work/new/", records.rtw_new, name="rtw-new"),
    path("candidates/<int:pk>/dbs/new/", records.dbs_new, name="dbs-new"),
    path("candidates/<int:pk>/dbs/<int:dbs_pk>/status-check/", records.dbs_status_new, name="dbs-status-new"),
    path("candidates/<int:pk>/references/new/", records.reference_new, name="reference-new"),
    path(
        "candidates/<int:pk>/references/request/",
        references.reference_request_new,
        name="reference-request-new",
    ),
    # The referee's form (reference/<token>/) lives in the portal app under the same path.
    path("candidates/<int:pk>/gaps/", records.gap_explain, name="gap-explain"),
    path("candidates/<int:pk>/notes/new/", records.note_new, name="note-new"),
    path("candidates/<int:pk>/identity/new/", records.identity_new, name="identity-new"),
    path(
        "candidates/<int:pk>/<slug:kind>/<int:check_pk>/verify/",
        records.check_verify,
        name="check-verify",
    ),
    path("candidates/<int:pk>/employment-end/", records.employment_end, name="employment-end"),
    path("right-to-work/<int:check_pk>/evidence/", files.rtw_evidence, name="rtw-evidence"),
    path("dbs/<int:check_pk>/certificate/", files.dbs_image, name="dbs-image"),
]
