"""A throwaway endpoint over User (which has team visibility) to test the viewset base itself."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from core.api import VisibleModelViewSet
from core.models import User


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "first_name"]


class PersonViewSet(VisibleModelViewSet):
    queryset = User.objects.order_by("pk")
    serializer_class = PersonSerializer


router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
urlpatterns = [path("api/v1/", include(router.urls))]
