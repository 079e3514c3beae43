from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public face (DESIGN.md): the careers site, the candidate's self-service portal and every
    signed-link page — everything people outside the agency see without an account."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Careers site and candidate portal"
