from rest_framework.routers import SimpleRouter

from engagement.api.views import CommunicationViewSet, ComplaintViewSet

router = SimpleRouter()
router.register("communications", CommunicationViewSet, basename="communication")
router.register("complaints", ComplaintViewSet, basename="complaint")

urlpatterns = router.urls
