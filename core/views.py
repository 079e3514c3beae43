from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader


def _api_error(request: HttpRequest, status: int, detail: str) -> HttpResponse | None:
    """Under /api/ an error Django answers itself (no view matched the URL) is JSON, as API.md says."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=status)
    return None


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django's request limits (settings DATA_UPLOAD_*) end here too: say so, so the user can act.
    too_large = isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent)
    if too_large and (api := _api_error(request, 413, "The request body is too large.")):
        return api
    if api := _api_error(request, 400, "Bad request."):
        return api
    return render(request, "400.html", {"too_large": too_large}, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if api := _api_error(request, 403, "You do not have permission to perform this action."):
        return api
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if api := _api_error(request, 404, "Not found."):
        return api
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No request context: the database may be what failed. Never a traceback.
    if api := _api_error(request, 500, "Something went wrong on our side. It has been logged."):
        return api
    return HttpResponseServerError(loader.get_template("500.html").render())
