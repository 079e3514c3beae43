from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from core.models import User
from tests.factories.core import DEFAULT_PASSWORD

SECTIONS = [
    "candidates:index",
    "clients:index",
    "vacancies:index",
    "compliance:index",
    "privacy:index",
    "engagement:index",
]


def test_anonymous_user_is_sent_to_login(client: Client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    for name in SECTIONS:
        assert client.get(reverse(name)).status_code == 302


def test_login_page_has_labelled_fields(client: Client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in page and '<label for="id_password">' in page
    assert "cdn" not in page.lower()


def test_login_with_wrong_password_shows_an_error(client: Client, recruiter: User):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_login_then_dashboard_shows_navigation_and_user(client: Client, recruiter: User, teammate: User):
    response = client.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    for label in ["Dashboard", "Candidates", "Clients", "Vacancies", "Compliance", "Service"]:
        assert f">{label}</a>" in page
    assert ">Privacy</a>" not in page  # admins only
    # Escaped as the template escapes it: Faker's en_GB names include O'Brien.
    assert escape(recruiter.display_name) in page
    assert escape(teammate.display_name) in page  # their team panel
    assert 'aria-current="page"' in page
    assert "/static/django_htmx/htmx-2.min" in page  # htmx from the pip package, not a CDN


def test_dashboard_query_count_is_constant(client: Client, recruiter: User, django_assert_max_num_queries):
    from tests.factories.core import UserFactory

    client.force_login(recruiter)
    client.get(reverse("dashboard"))
    # 8 for the foundation, 3 for issue 4's panels (follow-ups, counter-offer risks, pipeline),
    # 3 for issue 6's compliance-due count (the count, and the user's permissions for DBS tasks),
    # 4 for issue 8's (overdue candidates, overdue clients, my complaints, my recent activity), 4 for
    # issue 18's "Due today" (my to-dos and the system's own tasks for me), 1 for issue 19's
    # applicants past the decision deadline.
    with django_assert_max_num_queries(23) as few:
        client.get(reverse("dashboard"))
    UserFactory.create_batch(10, team=recruiter.team)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard"))


def test_admin_dashboard_shows_recent_activity(client: Client, admin_user: User, recruiter: User):
    client.force_login(admin_user)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Recent activity" in page and "user.created" in page


def test_recruiter_dashboard_hides_the_audit_trail(client: Client, recruiter: User):
    client.force_login(recruiter)
    assert "Recent activity" not in client.get(reverse("dashboard")).content.decode()


def test_logout_needs_post_and_ends_the_session(client: Client, recruiter: User):
    client.force_login(recruiter)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_change_enforces_validators(client: Client, recruiter: User):
    client.force_login(recruiter)
    response = client.post(
        reverse("password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This password is too common" in page and "field-error" in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "a-much-better-phrase-42",
            "new_password2": "a-much-better-phrase-42",
        },
    )
    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.check_password("a-much-better-phrase-42")


def test_unknown_page_is_a_friendly_404(client: Client, recruiter: User):
    client.force_login(recruiter)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_pages_send_security_headers(client: Client, recruiter: User):
    client.force_login(recruiter)
    response = client.get(reverse("dashboard"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_static_assets_are_served_locally(client: Client, db):
    for path in ["/static/css/app.css", "/static/js/app.js", "/static/django_htmx/htmx-2.min.js"]:
        response = client.get(path)
        assert response.status_code == 200, path


def test_unexpected_error_page_has_no_traceback(recruiter: User, settings):
    # The 500 handler renders a static page: nothing from the exception reaches the user.
    from django.test import RequestFactory

    from core.views import error_500

    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body and "Traceback" not in body


def test_admin_site_is_for_admins_only(client: Client, recruiter: User, admin_user: User):
    client.force_login(recruiter)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/core/user/").status_code == 200
    assert client.get("/admin/core/auditevent/").status_code == 200


def test_admin_adds_a_user_in_the_admin_site_and_role_sets_groups(client: Client, admin_user: User, team):
    client.force_login(admin_user)
    response = client.post(
        "/admin/core/user/add/",
        {
            "username": "newhire",
            "role": "compliance",
            "team": team.pk,
            "password1": "a-sound-passphrase-9",
            "password2": "a-sound-passphrase-9",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newhire")
    assert user.role == "compliance" and user.groups.get().name == "compliance"
    from core.models import AuditEvent

    assert AuditEvent.objects.filter(action="user.created", object_id=user.pk, actor=admin_user).exists()


def test_privacy_is_in_the_navigation_for_admins_only(client: Client, admin_user: User, recruiter: User):
    client.force_login(admin_user)
    assert ">Privacy</a>" in client.get(reverse("dashboard")).content.decode()
    client.force_login(recruiter)
    assert ">Privacy</a>" not in client.get(reverse("dashboard")).content.decode()
