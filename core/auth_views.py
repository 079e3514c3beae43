"""Two-factor pages: enter a code after the password, or set up an authenticator app first."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core import two_factor
from core.forms import TwoFactorCodeForm
from core.models import User


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


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
    user: User = request.user  # type: ignore[assignment]
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
    user: User = request.user  # type: ignore[assignment]
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
