from django.urls import path
from rest_framework.routers import SimpleRouter

from engagement.api.bulk import BulkEmailViewSet
from engagement.api.views import (
    CommunicationViewSet,
    ComplaintViewSet,
    OutboundEmailViewSet,
    SubmissionPackView,
    ToDoViewSet,
)

router = SimpleRouter()
router.register("communications", CommunicationViewSet, basename="communication")
router.register("complaints", ComplaintViewSet, basename="complaint")
# Before "emails", whose detail route would otherwise take "bulk" for an id.
router.register("emails/bulk", BulkEmailViewSet, basename="bulk-email")
router.register("emails", OutboundEmailViewSet, basename="email")
router.register("todos", ToDoViewSet, basename="todo")

urlpatterns = [
    *router.urls,
    path(
        "applications/<int:pk>/submission-pack/",
        SubmissionPackView.as_view(),
        name="application-submission-pack",
    ),
]
