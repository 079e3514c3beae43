from csp.constants import UNSAFE_HASHES
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from core.forms import LoginForm
from core.ratelimits import limit_posts
from engagement.views import inbound as engagement_inbound
from recruitcrm.dashboards import home, manager

# sha256 of the empty string: the only inline style the API docs page may carry.
EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"

admin.site.site_header = "RecruitCRM administration"
admin.site.site_title = "RecruitCRM admin"

api_v1 = [
    path("", include("core.api.urls")),
    path("", include("candidates.api.urls")),
    path("", include("clients.api.urls")),
    path("", include("vacancies.api.urls")),
    path("", include("compliance.api.urls")),
    path("", include("privacy.api.urls")),
    path("", include("engagement.api.urls")),
]

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("dashboard/manager/", manager.manager_dashboard, name="manager-dashboard"),
    path(
        "accounts/login/",
        limit_posts("RATE_LIMIT_LOGIN", group="login")(
            auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", core_views.two_factor_verify, name="two-factor-verify"),
    path("accounts/two-factor/setup/", core_views.two_factor_setup, name="two-factor-setup"),
    path("accounts/details/", core_views.my_details, name="my-details"),
    path("settings/agency/", core_views.agency_settings, name="agency-settings"),
    path("settings/agency/privacy-notice/", core_views.privacy_notice_settings, name="agency-privacy-notice"),
    path("agency/logo/", core_views.agency_logo, name="agency-logo"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("candidates/", include("candidates.urls")),
    path("clients/", include("clients.urls")),
    path("vacancies/", include("vacancies.urls")),
    path("compliance/", include("compliance.urls")),
    path("privacy/", include("privacy.urls")),
    path("service/", include("engagement.urls")),
    # The public face: careers site, candidate portal, signed-link pages (no account).
    path("", include("portal.urls")),
    # Hosted providers' inbound and tracking webhooks (issue 18; docs/security.md "Inbound mail").
    path("mail/anymail/<path:rest>", engagement_inbound.anymail_webhook, name="anymail-webhook"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a separate script: no inline script (CSP).
    # Swagger UI writes empty style="" attributes: allowed by their hash on this page only.
    path(
        "api/docs/",
        csp_update({"style-src-attr": [UNSAFE_HASHES, EMPTY_STYLE_HASH]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api-schema", template_name="recruitcrm/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
