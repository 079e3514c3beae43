"""A URLconf with one view that fails, to see what a user is shown when the code breaks."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals: SELECT * FROM core_user")


urlpatterns = [path("boom/", boom)]
handler500 = "core.views.error_500"
