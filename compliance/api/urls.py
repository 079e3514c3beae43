from django.urls import path
from rest_framework.routers import SimpleRouter

from compliance.api.views import (
    ComplianceStatusView,
    DBSCheckViewSet,
    GapExplanationViewSet,
    IdentityCheckViewSet,
    ReferenceCheckViewSet,
    ReferenceRequestViewSet,
    RightToWorkCheckViewSet,
    VettingNoteViewSet,
)

router = SimpleRouter()
router.register("compliance/right-to-work", RightToWorkCheckViewSet, basename="rtw-check")
router.register("compliance/dbs", DBSCheckViewSet, basename="dbs-check")
router.register("compliance/references", ReferenceCheckViewSet, basename="reference-check")
router.register("compliance/reference-requests", ReferenceRequestViewSet, basename="reference-request")
router.register("compliance/gap-explanations", GapExplanationViewSet, basename="gap-explanation")
router.register("compliance/notes", VettingNoteViewSet, basename="vetting-note")
router.register("compliance/identity-checks", IdentityCheckViewSet, basename="identity-check")

urlpatterns = [
    path("compliance/status/", ComplianceStatusView.as_view(), name="compliance-status"),
    *router.urls,
]
