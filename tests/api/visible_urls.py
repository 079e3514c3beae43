"""A throwaway endpoint over User (which has team visibility) to test the viewset base itself."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from core.api.viewsets import VisibleModelViewSet
from core.models import User


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "first_name"]


class PersonViewSet(VisibleModelViewSet):
    queryset = User.objects.order_by("pk")
    serializer_class = PersonSerializer
    action_permissions = {"promote": "core.delete_user"}

    @action(detail=True, methods=["post"])
    def touch(self, request: Request, pk: str) -> Response:
        """An extra write action with no declared permission: needs "change"."""
        return Response({"touched": self.get_object().pk})

    @action(detail=True, methods=["post"])
    def promote(self, request: Request, pk: str) -> Response:
        return Response({"promoted": self.get_object().pk})

    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        return Response({"ok": True})


router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
urlpatterns = [path("api/v1/", include(router.urls))]
