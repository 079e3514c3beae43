"""Two-factor authentication, the real flow: password, then a code (or enrolment first) for admins and
compliance officers; nothing else is reachable until then. No force_login shortcut here."""

from __future__ import annotations

import base64
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent, User
from tests.conftest import confirmed_totp_device, totp_code
from tests.factories.candidates import CandidateFactory
from tests.factories.core import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.real_two_factor

TOKEN_URL = "/api/v1/auth/token/"


def password_login(client: Client, user: User) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, "the password step should succeed"


def verify_url(next_path: str = "/") -> str:
    return f"{reverse('two-factor-verify')}?next={quote(next_path, safe='')}"


@pytest.mark.parametrize("persona", ["admin_user", "compliance_officer"])
def test_unverified_session_is_sent_to_the_code_page_from_every_kind_of_page(client, persona, request):
    user = request.getfixturevalue(persona)
    confirmed_totp_device(user)
    candidate = CandidateFactory()
    password_login(client, user)

    for path in [
        "/",
        reverse("candidates:index"),
        reverse("candidates:detail", args=[candidate.pk]),
        reverse("vacancies:index"),
        reverse("password_change"),
        reverse("api-docs"),
        "/admin/",
        "/admin/core/user/",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == verify_url(path), path

    # A POST is refused too (and not replayed after verifying).
    response = client.post(reverse("candidates:create"), {"first_name": "X"})
    assert response.status_code == 302 and response["Location"] == verify_url("/")

    # htmx fragments: the whole page goes to the code form, the fragment gets nothing.
    fragment = client.get(reverse("candidates:index"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 403
    assert fragment["HX-Redirect"] == reverse("two-factor-verify")
    assert fragment.content == b""

    # The session-authenticated API: 403 JSON.
    api = client.get("/api/v1/me/")
    assert api.status_code == 403
    assert api.json()["code"] == "two_factor_required"
    assert user.username not in api.content.decode()

    # The pages that let them finish (or leave) still answer.
    assert client.get(reverse("two-factor-verify")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_code_is_refused_and_the_right_code_lets_the_admin_in(client, admin_user):
    device = confirmed_totp_device(admin_user)
    password_login(client, admin_user)
    page = client.get(verify_url("/candidates/"))
    assert "Enter your 6-digit code" in page.content.decode()

    wrong = client.post(verify_url("/candidates/"), {"code": "000000", "next": "/candidates/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/").status_code == 302  # still locked out of everything

    failure = AuditEvent.objects.get(action="auth.2fa_failed")
    assert failure.object_id == admin_user.pk
    assert failure.details == {"reason": "wrong_code", "via": "web"}  # no code, no name

    session_before = client.session.session_key
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # past the 1-second back-off
        right = client.post(verify_url("/candidates/"), {"code": totp_code(device), "next": "/candidates/"})
        assert right.status_code == 302
        assert right["Location"] == "/candidates/"
        assert client.session.session_key != session_before  # a new session key once verified
        assert client.get("/candidates/").status_code == 200
        assert client.get("/admin/").status_code == 200
        assert client.get("/api/v1/me/").status_code == 200


def test_repeated_wrong_codes_are_throttled_with_a_clear_message(client, compliance_officer):
    device = confirmed_totp_device(compliance_officer)
    password_login(client, compliance_officer)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("two-factor-verify"), {"code": "111111"})
        client.post(reverse("two-factor-verify"), {"code": "222222"})  # inside the 1 s back-off
        # Even the right code is refused while the back-off lasts.
        throttled = client.post(reverse("two-factor-verify"), {"code": totp_code(device)})
    assert throttled.status_code == 400
    assert re.search(r"Too many wrong codes\. Wait \d+ seconds? and try again\.", throttled.content.decode())
    reasons = list(AuditEvent.objects.filter(action="auth.2fa_failed").values_list("details", flat=True))
    assert {"reason": "throttled", "via": "web"} in reasons

    # After three failures a back-off of 4 seconds: then the right code works.
    with time_machine.travel(start + timedelta(seconds=30)):
        assert client.post(reverse("two-factor-verify"), {"code": totp_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_admin_without_a_device_enrols_with_a_qr_code_and_gets_backup_codes(client, admin_user):
    password_login(client, admin_user)
    assert client.get("/").status_code == 302
    to_setup = client.get(verify_url("/"))
    assert to_setup.status_code == 302
    assert to_setup["Location"].startswith(reverse("two-factor-setup"))

    page = client.get(to_setup["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code is drawn here, not by a service
    secret = re.search(r'class="otp-secret">([A-Z2-7]+)<', html).group(1)
    pending = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert secret == base64.b32encode(pending.bin_key).decode()
    # Reloading shows the same key (the pending device is reused).
    assert secret in client.get(reverse("two-factor-setup")).content.decode()

    wrong = client.post(reverse("two-factor-setup"), {"code": "123456"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()
    assert AuditEvent.objects.filter(action="auth.2fa_failed", details__via="enrol").exists()

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        done = client.post(reverse("two-factor-setup"), {"code": totp_code(pending), "next": "/"})
        assert done.status_code == 200
        codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
        assert len(codes) == 10
        assert client.get("/").status_code == 200  # verified by enrolling
    pending.refresh_from_db()
    assert pending.confirmed
    assert StaticDevice.objects.get(user=admin_user).token_set.count() == 10
    enrolled = AuditEvent.objects.get(action="auth.2fa_enrolled")
    assert enrolled.object_id == admin_user.pk and enrolled.details == {"device": "totp"}

    # Next login: a backup code works once instead of the app.
    client.post(reverse("logout"))
    password_login(client, admin_user)
    assert client.post(reverse("two-factor-verify"), {"code": codes[0].upper()}).status_code == 302
    client.post(reverse("logout"))
    password_login(client, admin_user)
    reused = client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert reused.status_code == 400


def test_a_password_alone_cannot_replace_an_existing_authenticator(client, admin_user):
    confirmed_totp_device(admin_user)
    password_login(client, admin_user)
    response = client.get(reverse("two-factor-setup") + "?replace=1")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-verify"))
    assert not TOTPDevice.objects.filter(user=admin_user, confirmed=False).exists()


def test_admin_reset_removes_the_devices_and_unverifies_the_session(client, admin_user):
    device = confirmed_totp_device(admin_user)
    other_admin = UserFactory(username="grace", role=User.Role.ADMIN, team=None)
    confirmed_totp_device(other_admin)
    password_login(client, admin_user)
    client.post(reverse("two-factor-verify"), {"code": totp_code(device)})
    assert client.get("/").status_code == 200

    grace = Client()
    password_login(grace, other_admin)
    grace.post(reverse("two-factor-verify"), {"code": totp_code(TOTPDevice.objects.get(user=other_admin))})
    changelist = grace.post(
        "/admin/core/user/", {"action": "reset_two_factor", "_selected_action": [admin_user.pk]}, follow=True
    )
    assert "Two-factor authentication reset for 1 user" in changelist.content.decode()
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    reset = AuditEvent.objects.get(action="auth.2fa_reset")
    assert reset.actor == other_admin and reset.object_id == admin_user.pk

    # The reset user's open session is no longer verified: back to setting up an authenticator.
    assert client.get("/").status_code == 302


def test_device_admin_never_shows_a_secret_key(client, admin_user):
    device = confirmed_totp_device(admin_user)
    password_login(client, admin_user)
    client.post(reverse("two-factor-verify"), {"code": totp_code(device)})
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
    assert "qrcode" not in page.lower()


def test_recruiter_may_turn_two_factor_on_and_is_then_asked_at_each_login(client, recruiter):
    password_login(client, recruiter)
    assert client.get("/").status_code == 200  # not required for recruiters
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=recruiter)
    assert client.post(reverse("two-factor-setup"), {"code": totp_code(device)}).status_code == 200
    client.post(reverse("logout"))

    password_login(client, recruiter)
    assert client.get("/").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert client.post(reverse("two-factor-verify"), {"code": totp_code(device)}).status_code == 302
        assert client.get("/").status_code == 200


def test_token_endpoint_needs_a_code_for_two_factor_users(api_client, admin_user):
    body = {"username": admin_user.username, "password": DEFAULT_PASSWORD}

    not_enrolled = api_client.post(TOKEN_URL, body, format="json")
    assert not_enrolled.status_code == 400
    assert "not set up" in not_enrolled.json()["otp"][0]

    device = confirmed_totp_device(admin_user)
    missing = api_client.post(TOKEN_URL, body, format="json")
    assert missing.status_code == 400
    assert "two-factor" in missing.json()["otp"][0]
    assert "token" not in missing.json()

    wrong = api_client.post(TOKEN_URL, {**body, "otp": "000000"}, format="json")
    assert wrong.status_code == 400 and "not right" in wrong.json()["otp"][0]
    assert AuditEvent.objects.filter(action="auth.2fa_failed", details__via="api").exists()

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        ok = api_client.post(TOKEN_URL, {**body, "otp": totp_code(device)}, format="json")
    assert ok.status_code == 200 and ok.json()["token"]

    # A wrong password is still the plain credentials error, whatever the code.
    bad = api_client.post(TOKEN_URL, {**body, "password": "nope", "otp": "123456"}, format="json")
    assert bad.status_code == 400 and "otp" not in bad.json()


def test_token_endpoint_needs_no_code_for_a_recruiter(api_client, recruiter):
    response = api_client.post(
        TOKEN_URL, {"username": recruiter.username, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200 and response.json()["token"]


def test_schema_documents_the_otp_field(client, recruiter):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    body = schema["paths"][TOKEN_URL]["post"]["requestBody"]["content"]["application/json"]["schema"]
    token_request = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert "otp" in token_request["properties"]
    assert "otp" not in token_request.get("required", [])
    assert "two-factor" in token_request["properties"]["otp"]["description"]


def test_force_login_shortcut_verifies_admins_for_the_rest_of_the_suite(db):
    """Documented in tests/conftest.py; here the shortcut is off, so the admin is stopped."""
    admin = UserFactory(username="zed", role=User.Role.ADMIN, team=None)
    client = Client()
    client.force_login(admin)
    assert client.get("/").status_code == 302
