"""core's pages: the error pages (HTML, or JSON under /api/), the two-factor pages (enter a code
after the password, or set up an authenticator app first), the agency's settings and logo, and the
user's own contact details."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render, resolve_url
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from core import files, two_factor
from core.forms import AgencyProfileForm, PrivacyNoticeForm, TwoFactorCodeForm, UserDetailsForm
from core.http import request_user, safe_next
from core.models import AgencyProfile, PrivacyNotice
from core.selectors import agency_get, privacy_notice_current
from core.services import agency_profile_update, privacy_notice_publish, user_update


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


# Two-factor pages: a code after the password, or an authenticator app set up first.
def _next_url(request: HttpRequest) -> str:
    return safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))


def _with_next(url_name: str, request: HttpRequest) -> HttpResponse:
    response = redirect(url_name)
    target = request.GET.get("next")
    if target:
        response["Location"] += "?" + urlencode({"next": target})
    return response


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    if not two_factor.has_confirmed_device(user):
        return _with_next("two-factor-setup", request)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.code_verify(user=user, code=form.cleaned_data["code"], via="web")
        except two_factor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            two_factor.verified_login(request, device)
            return redirect(_next_url(request))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    has_device = two_factor.has_confirmed_device(user)
    if has_device and not request.user.is_verified():  # type: ignore[union-attr]
        # Replacing an authenticator needs the current one first, or a stolen password would do.
        return _with_next("two-factor-verify", request)
    if has_device and request.method != "POST" and "replace" not in request.GET:
        return render(
            request,
            "registration/two_factor_status.html",
            {"required": two_factor.role_requires_two_factor(user)},
        )
    enrolment = two_factor.enrolment_start(user=user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.enrolment_confirm(
                user=user, device=enrolment.device, code=form.cleaned_data["code"], request=request
            )
        except two_factor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            return render(
                request,
                "registration/two_factor_backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "enrolment": enrolment,
            "next": _next_url(request),
            "required": two_factor.role_requires_two_factor(user),
        },
        status=400 if form.errors else 200,
    )


# The agency as clients see it: the admin's settings page, and its logo (public: the client review
# page shows it to people without an account).
@login_required
@require_http_methods(["GET", "POST"])
def agency_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not user.is_admin:
        raise PermissionDenied
    agency = agency_get()
    posted = request.method == "POST"
    form = AgencyProfileForm(
        request.POST if posted else None, request.FILES if posted else None, initial={"name": agency.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            agency_profile_update(
                actor=user,
                name=form.cleaned_data["name"],
                logo=form.cleaned_data["logo"] or None,
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Agency details saved: clients see them on the shortlists you send.")
            return redirect("agency-settings")
    return render(
        request,
        "core/agency_settings.html",
        {"form": form, "agency": agency, "notice": PrivacyNotice.objects.first()},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def privacy_notice_settings(request: HttpRequest) -> HttpResponse:
    """Agency settings → Privacy notice (issue 19): the current text and a form for a new version."""
    user = request_user(request)
    if not user.is_admin:
        raise PermissionDenied
    try:
        current: PrivacyNotice | None = privacy_notice_current()
    except PrivacyNotice.DoesNotExist:
        current = None
    initial = {"text": current.text} if current else {}
    form = PrivacyNoticeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = privacy_notice_publish(
                actor=user, version=form.cleaned_data["version"], text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, f"Version {notice.version} published: it is the current notice from now on."
            )
            return redirect("agency-privacy-notice")
    return render(
        request,
        "core/privacy_notice_settings.html",
        {
            "form": form,
            "current": current,
            "versions": PrivacyNotice.objects.select_related("published_by")[:20],
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
def agency_logo(request: HttpRequest) -> HttpResponseBase:
    """The agency's logo, checked as PNG or JPEG at upload; shown inline as an image only."""
    profile = AgencyProfile.objects.filter(pk=1).first()
    if profile is None or not profile.logo or profile.logo_content_type not in (files.PNG, files.JPEG):
        raise Http404
    response = FileResponse(profile.logo.open("rb"), content_type=profile.logo_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"  # the URL carries a version: a new logo, a new URL
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_details(request: HttpRequest) -> HttpResponse:
    """Your name, work email and phone: clients see them on the shortlists you send."""
    user = request_user(request)
    names = ("first_name", "last_name", "email", "phone")
    form = UserDetailsForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(user, name) for name in names},
    )
    if request.method == "POST" and form.is_valid():
        changed = {n: form.cleaned_data[n] for n in names if form.cleaned_data[n] != getattr(user, n)}
        try:
            if changed:
                user_update(actor=user, user=user, **changed)
        except ValidationError as exc:
            user.refresh_from_db()
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Your details are saved.")
            return redirect("my-details")
    return render(request, "core/my_details.html", {"form": form}, status=400 if form.errors else 200)
