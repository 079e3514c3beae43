from rest_framework.routers import SimpleRouter

from vacancies.api.pipeline import ApplicationViewSet, PlacementViewSet
from vacancies.api.views import VacancyViewSet

router = SimpleRouter()
router.register("vacancies", VacancyViewSet, basename="vacancy")
router.register("applications", ApplicationViewSet, basename="application")
router.register("placements", PlacementViewSet, basename="placement")

urlpatterns = router.urls
