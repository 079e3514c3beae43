from django.urls import path
from rest_framework.routers import SimpleRouter

from vacancies.api.applications import ApplicationViewSet
from vacancies.api.interviews import FirstRendererNegotiation, InterviewViewSet, OfferViewSet
from vacancies.api.placements import PlacementViewSet
from vacancies.api.shortlists import ShortlistViewSet
from vacancies.api.views import VacancyViewSet

router = SimpleRouter()
router.register("vacancies", VacancyViewSet, basename="vacancy")
router.register("applications", ApplicationViewSet, basename="application")
router.register("placements", PlacementViewSet, basename="placement")
router.register("interviews", InterviewViewSet, basename="interview")
router.register("offers", OfferViewSet, basename="offer")
router.register("shortlists", ShortlistViewSet, basename="shortlist")

urlpatterns = [
    # API.md: GET /interviews/{id}/invite.ics, the file the invitations attach.
    path(
        "interviews/<int:pk>/invite.ics",
        InterviewViewSet.as_view(
            {"get": "invite"}, detail=True, content_negotiation_class=FirstRendererNegotiation
        ),
        name="interview-invite",
    ),
    *router.urls,
]
