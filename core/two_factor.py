"""Two-factor authentication (TOTP through django-otp) for the roles that see the most personal data.

Admins and compliance officers (and superusers) must confirm a code from an authenticator app after
their password; anyone else may turn it on for themselves. A session counts as verified when
django-otp's middleware finds a confirmed device of this user recorded in it (`django_otp.login`),
so deleting a user's devices (the admin's "reset") un-verifies their sessions at once.

Wrong codes are throttled per device by django-otp (exponential back-off: 1, 2, 4, 8… seconds), and
every failure is audited with a reason code only — never the code typed or anything about the person.
"""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from core.models import User
from core.services import audit_record

# Set at login (core.apps connects it): this user has a confirmed device, so this session needs a code
# even though their role does not demand one.
SESSION_ENROLLED_KEY = "core_two_factor_enrolled"

TOTP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


class TwoFactorError(ValueError):
    """A code was refused; the message is safe to show to the person who typed it."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    secret: str  # base32, for typing into an app by hand
    qr_data_uri: str  # an SVG image of the otpauth:// URL, served inline (no external QR service)


def role_requires_two_factor(user: User) -> bool:
    return bool(user.is_superuser or user.role in settings.TWO_FACTOR_REQUIRED_ROLES)


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_needs_verification(request: HttpRequest) -> bool:
    """Does this logged-in session have to present a code before it may do anything?"""
    user = request.user
    if not user.is_authenticated:
        return False
    if role_requires_two_factor(user):
        return True
    return bool(request.session.get(SESSION_ENROLLED_KEY))


def remember_enrolment_at_login(request: HttpRequest, user: User) -> None:
    """Called on every login: one query, so later requests need none to know a code is due."""
    if request is not None and hasattr(request, "session") and not role_requires_two_factor(user):
        request.session[SESSION_ENROLLED_KEY] = has_confirmed_device(user)


def _remember_at_login(sender: Any, request: Any, user: Any, **kwargs: object) -> None:
    remember_enrolment_at_login(request, user)


def login_enrolment_connect() -> None:
    """A user who turned two-factor on for themselves is asked for a code in every new session."""
    user_logged_in.connect(_remember_at_login, dispatch_uid="core.remember_two_factor")


def enrolment_start(*, user: User) -> Enrolment:
    """The user's pending (unconfirmed) authenticator, made once so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    secret = b32encode(device.bin_key).decode("ascii")
    return Enrolment(device=device, secret=secret, qr_data_uri=data_uri)


def _normalise(code: str) -> str:
    return "".join(code.split()).lower()


def _audit_failure(user: User, *, reason: str, via: str) -> None:
    audit_record(actor=user, action="auth.2fa_failed", obj=user, details={"reason": reason, "via": via})


def _check(device: Device, code: str, wrong: str) -> TwoFactorError | None:
    """Try `code` on a locked device row; the refusal is returned, not raised, so the caller's
    transaction commits django-otp's throttle count (raising would roll it back)."""
    allowed, data = device.verify_is_allowed()
    if not allowed:
        locked_until = (data or {}).get("locked_until")
        wait = 1
        if locked_until is not None:
            wait = max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))
        return TwoFactorError(
            f"Too many wrong codes. Wait {wait} second{'s' if wait != 1 else ''} and try again.",
            reason="throttled",
        )
    if device.verify_token(code):
        return None
    return TwoFactorError(wrong, reason="wrong_code")


def enrolment_confirm(*, user: User, device: TOTPDevice, code: str, request: HttpRequest | None) -> list[str]:
    """Confirm the pending authenticator with a first code; returns fresh backup codes (shown once).

    The user's older authenticator and backup codes are replaced: one app, one set of codes.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        error = _check(
            device,
            _normalise(code),
            "That code is not right. Check the time on your phone and enter the code the app shows now.",
        )
        if error is None:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = backup_codes_replace(user=user)
            audit_record(actor=user, action="auth.2fa_enrolled", obj=user, details={"device": "totp"})
        else:
            _audit_failure(user, reason=error.reason, via="enrol")
    if error is not None:
        raise error
    if request is not None:
        verified_login(request, device)
    return codes


def backup_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def code_verify(*, user: User, code: str, via: str) -> Device:
    """The confirmed device that accepts `code` (6 digits: the app; otherwise a backup code, used up).

    Raises TwoFactorError with a message for the person (wrong, throttled, or nothing enrolled).
    """
    code = _normalise(code)
    wrong = (
        "That code is not right. Enter the 6-digit code your authenticator app shows now, "
        "or one of your backup codes."
    )
    model: type[Device] = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
        if not devices and not has_confirmed_device(user):
            raise TwoFactorError(
                "Two-factor authentication is not set up for this account yet: log in to the web app "
                "to set it up.",
                reason="not_enrolled",
            )
        error: TwoFactorError | None = TwoFactorError(wrong, reason="wrong_code")
        for device in devices:
            error = _check(device, code, wrong)
            if error is None:
                return device
        assert error is not None
        _audit_failure(user, reason=error.reason, via=via)
    raise error


def verified_login(request: HttpRequest, device: Device) -> None:
    """Mark this session verified by `device` (a new session key: the old one was pre-verification)."""
    request.session.cycle_key()
    django_otp.login(request, device)


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> int:
    """Remove a user's authenticator and backup codes (a lost phone): they enrol again at next login."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    audit_record(actor=actor, action="auth.2fa_reset", obj=user)
    return removed
