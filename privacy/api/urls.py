from django.urls import path
from rest_framework.routers import SimpleRouter

from privacy.api import views

router = SimpleRouter()
router.register("privacy/retention-policies", views.RetentionPolicyViewSet, basename="retention-policy")
router.register("privacy/sweeps", views.SweepRunViewSet, basename="sweep-run")
router.register("privacy/subject-access-requests", views.SubjectAccessRequestViewSet, basename="sar")
router.register("privacy/erasure-requests", views.ErasureRequestViewSet, basename="erasure-request")

urlpatterns = [
    path("audit/events/", views.AuditEventListView.as_view(), name="audit-events"),
    # Candidates' API.md routes that need privacy: mounted here so the import floors hold.
    path("candidates/<int:pk>/export/", views.CandidateExportView.as_view(), name="candidate-export"),
    path(
        "candidates/<int:pk>/anonymise/", views.CandidateAnonymiseView.as_view(), name="candidate-anonymise"
    ),
    path(
        "candidates/<int:pk>/legal-hold/", views.CandidateLegalHoldView.as_view(), name="candidate-legal-hold"
    ),
    *router.urls,
]
