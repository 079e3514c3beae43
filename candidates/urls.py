from django.urls import path

from candidates.views import actions, documents, duplicates, imports, lookup, pages

app_name = "candidates"
urlpatterns = [
    path("", pages.candidate_list, name="index"),
    path("new/", pages.candidate_create_page, name="create"),
    path("check-duplicates/", pages.duplicate_check, name="check-duplicates"),
    path("attention/", pages.attention_page, name="attention"),
    path("lookup/", lookup.candidate_lookup, name="lookup"),
    path("bulk-tag/", actions.bulk_tag, name="bulk-tag"),
    path("export.csv", actions.export_csv, name="export"),
    path("import/", imports.import_page, name="import"),
    path("import/template.csv", imports.import_template, name="import-template"),
    path("import/<int:job_pk>/run/", imports.import_run, name="import-run"),
    path("import/<int:job_pk>/", imports.import_status, name="import-status"),
    path("saved-searches/", actions.saved_search_create, name="saved-search-create"),
    path("saved-searches/<int:search_pk>/", actions.saved_search_run, name="saved-search-run"),
    path("saved-searches/<int:search_pk>/delete/", actions.saved_search_delete, name="saved-search-delete"),
    path("diversity-report/", imports.diversity_report, name="diversity-report"),
    path("<int:pk>/", pages.candidate_detail_page, name="detail"),
    path("<int:pk>/edit/", pages.candidate_edit_page, name="edit"),
    path("<int:pk>/merge/", actions.merge_page, name="merge"),
    path("<int:pk>/documents/", actions.document_upload, name="document-upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/download/",
        documents.document_download,
        name="document-download",
    ),
    path("<int:pk>/documents/<int:document_pk>/", documents.document_preview, name="document-preview"),
    path("<int:pk>/documents/<int:document_pk>/file/", documents.document_inline, name="document-inline"),
    path("<int:pk>/documents/<int:document_pk>/rename/", documents.document_rename, name="document-rename"),
    path(
        "<int:pk>/documents/<int:document_pk>/current/",
        documents.document_mark_current,
        name="document-current",
    ),
    path("<int:pk>/documents/<int:document_pk>/delete/", documents.document_remove, name="document-delete"),
    path("<int:pk>/not-duplicate/", duplicates.not_duplicate, name="not-duplicate"),
    path("<int:pk>/consents/", actions.consent_add, name="consent-add"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", actions.consent_withdraw, name="consent-withdraw"),
    path("<int:pk>/availability/", actions.confirm_availability, name="availability"),
    path("<int:pk>/privacy-notice/", actions.record_privacy_notice, name="privacy-notice"),
    path("<int:pk>/diversity/", imports.diversity_page, name="diversity"),
]
