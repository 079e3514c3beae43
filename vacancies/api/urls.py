from rest_framework.routers import SimpleRouter

from vacancies.api.views import VacancyViewSet

router = SimpleRouter()
router.register("vacancies", VacancyViewSet, basename="vacancy")

urlpatterns = router.urls
