from django.urls import path

from engagement.views import (
    bulk,
    communications,
    complaints,
    inbound,
    pages,
    stage_messages,
    submission_packs,
    todos,
)

app_name = "engagement"
urlpatterns = [
    path("", pages.index, name="index"),
    path("log/<str:kind>/<int:pk>/", communications.log, name="log"),
    path("email/<str:kind>/<int:pk>/", communications.send_email, name="email"),
    path("timeline/<str:kind>/<int:pk>/", communications.timeline_fragment, name="timeline"),
    path("todos/", todos.my_todos, name="todos"),
    path("todos/new/<str:kind>/<int:pk>/", todos.todo_add, name="todo-add"),
    path("todos/<int:pk>/done/", todos.todo_mark_done, name="todo-done"),
    path("todos/<int:pk>/snooze/", todos.todo_snooze_view, name="todo-snooze"),
    path(
        "applications/<int:pk>/submission-pack/",
        submission_packs.submission_pack,
        name="submission_pack",
    ),
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
    path("inbox/", inbound.inbox, name="inbox"),
    path("inbox/<int:pk>/", inbound.inbound_detail, name="inbound"),
    path("inbox/<int:pk>/file/", inbound.inbound_file, name="inbound-file"),
    path("inbox/<int:pk>/discard/", inbound.inbound_discard, name="inbound-discard"),
    path("inbox/<int:pk>/files/<int:file_pk>/", inbound.inbound_attachment, name="inbound-attachment"),
    # Issue 19: messages at every step, waiting to send.
    path("waiting/", stage_messages.waiting, name="stage-messages"),
    path("waiting/<int:pk>/", stage_messages.message_detail, name="stage-message"),
    path("waiting/<int:pk>/send/", stage_messages.message_send, name="stage-message-send"),
    path("waiting/<int:pk>/cancel/", stage_messages.message_cancel, name="stage-message-cancel"),
    path("waiting/panel/<str:kind>/<int:pk>/", stage_messages.panel, name="stage-messages-panel"),
    path("bulk/", bulk.bulk_index, name="bulk-list"),
    path("bulk/new/", bulk.bulk_new, name="bulk-new"),
    path("bulk/<int:pk>/", bulk.bulk_detail, name="bulk"),
    path("bulk/<int:pk>/progress/", bulk.bulk_progress, name="bulk-progress"),
    path("bulk/<int:pk>/cancel/", bulk.bulk_cancel, name="bulk-cancel"),
    # The signed-link pages (survey, interview confirmation, one-click unsubscribe) live in the
    # portal app (portal/urls.py) under the same paths.
]
