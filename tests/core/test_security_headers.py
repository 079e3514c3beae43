"""Browser security: Content-Security-Policy without inline script, no framing, secure cookies and HSTS
in production, no stack traces shown to users, and templates free of inline code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.test_settings import PRODUCTION_ENV, _run
from tests.factories.candidates import CandidateFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url_name", ["login", "password_reset"])
def test_pages_carry_a_strict_content_security_policy(client: Client, url_name, db):
    csp = policy(client.get(reverse(url_name)))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'none'"]


def test_logged_in_pages_and_api_docs_have_no_inline_script(client: Client, recruiter):
    client.force_login(recruiter)
    candidate = CandidateFactory(owner=recruiter)
    for url in [
        reverse("dashboard"),
        reverse("candidates:index"),
        reverse("candidates:detail", args=[candidate.pk]),
        reverse("vacancies:index"),
        reverse("api-docs"),
        reverse("two-factor-setup"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = policy(response)
        assert "'unsafe-inline'" not in csp["script-src"], url
        assert "'unsafe-eval'" not in csp["script-src"], url
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline <script> on {url}: {tag}"
        assert not re.search(r"<style\b", html), url
        assert not re.search(r"\sstyle=", html), url
        assert "{#" not in html and "#}" not in html, f"a template comment shows on {url}"


def test_api_docs_load_their_start_up_script_from_our_own_server(client: Client, recruiter):
    client.force_login(recruiter)
    html = client.get(reverse("api-docs")).content.decode()
    scripts = re.findall(r'<script\b[^>]*src="([^"]+)"', html)
    assert any("drf_spectacular_sidecar" in src for src in scripts)
    init = [src for src in scripts if "script=" in src or src.startswith("/api/docs/")]
    assert init, scripts
    script = client.get(init[0])
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_htmx_does_not_inject_its_inline_indicator_style(client: Client, db):
    html = client.get(reverse("login")).content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)
    assert meta, "htmx-config meta is missing"
    assert json.loads(meta.group(1))["includeIndicatorStyles"] is False
    css = (Path(__file__).resolve().parents[2] / "static/css/app.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


def test_templates_hold_no_inline_script_style_or_handlers():
    offenders = []
    patterns = {
        # A data block (schema.org JSON-LD on the careers site's job pages) is never run, so the
        # CSP has nothing to allow for it; any other script without src= is inline code.
        "inline <script>": re.compile(
            r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.I
        ),
        "<style> element": re.compile(r"<style\b", re.I),
        "style= attribute": re.compile(r"\sstyle\s*=", re.I),
        "on*= handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
        "javascript: URL": re.compile(r"javascript:", re.I),
        "hx-on attribute": re.compile(r"\shx-on", re.I),
    }
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for label, pattern in patterns.items():
            if pattern.search(text):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {label}")
    assert offenders == []


def test_pages_may_not_be_framed(client: Client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.urls("tests.core.urls_boom")
def test_a_crash_shows_a_plain_error_page_without_a_traceback(client: Client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret internals" not in body
    assert "Traceback" not in body and "core_user" not in body
    assert "Content-Security-Policy" in response


def test_production_settings_secure_cookies_hsts_and_https():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.X_FRAME_OPTIONS, s.DEBUG)"
    )
    result = _run(["-c", code], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "31536000", "True", "DENY", "False"]
