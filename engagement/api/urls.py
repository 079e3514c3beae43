from rest_framework.routers import SimpleRouter

from engagement.api.bulk import BulkEmailViewSet
from engagement.api.views import CommunicationViewSet, ComplaintViewSet, OutboundEmailViewSet

router = SimpleRouter()
router.register("communications", CommunicationViewSet, basename="communication")
router.register("complaints", ComplaintViewSet, basename="complaint")
# Before "emails", whose detail route would otherwise take "bulk" for an id.
router.register("emails/bulk", BulkEmailViewSet, basename="bulk-email")
router.register("emails", OutboundEmailViewSet, basename="email")

urlpatterns = router.urls
