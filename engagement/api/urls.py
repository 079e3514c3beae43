from rest_framework.routers import SimpleRouter

from engagement.api.views import CommunicationViewSet, ComplaintViewSet, OutboundEmailViewSet, ToDoViewSet

router = SimpleRouter()
router.register("communications", CommunicationViewSet, basename="communication")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("emails", OutboundEmailViewSet, basename="email")
router.register("todos", ToDoViewSet, basename="todo")

urlpatterns = router.urls
