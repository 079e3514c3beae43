from rest_framework.routers import SimpleRouter

from vacancies.api.matching import ShortlistViewSet
from vacancies.api.pipeline import ApplicationViewSet, InterviewViewSet, OfferViewSet, PlacementViewSet
from vacancies.api.views import VacancyViewSet

router = SimpleRouter()
router.register("vacancies", VacancyViewSet, basename="vacancy")
router.register("applications", ApplicationViewSet, basename="application")
router.register("placements", PlacementViewSet, basename="placement")
router.register("interviews", InterviewViewSet, basename="interview")
router.register("offers", OfferViewSet, basename="offer")
router.register("shortlists", ShortlistViewSet, basename="shortlist")

urlpatterns = router.urls
