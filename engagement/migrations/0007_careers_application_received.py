"""Seed the `application-received` system template (the careers site's acknowledgement), so
managers can edit it before the first application arrives. Its text is the service's default
(engagement.services.communications.DEFAULT_TEMPLATES), copied here as it was when seeded."""

from django.db import migrations

SUBJECT = "We have your application: {{ vacancy }}"
BODY = (
    "Dear {{ first_name }},\n\n"
    "Thank you for applying for the {{ vacancy }} role. Your application and CV have reached us "
    "safely, and {{ sender }} will read them personally.\n\n"
    "What happens next:\n"
    "- We compare your experience with what the role needs.\n"
    "- If it looks like a good fit, we will call or email you to talk it through before your "
    "details go to anyone else. We never send your CV to an employer without asking you first.\n"
    "- Either way, you will hear from us within 10 business days. If it is not the right match "
    "this time, we will tell you, not leave you wondering.\n\n"
    "If you told us you need adjustments for an interview, we will ask what would help when we "
    "get in touch.\n\n"
    "If anything changes, or you have a question, simply reply to this email.\n\n"
    "Best wishes,\n{{ sender }}"
)


def seed(apps, schema_editor):
    EmailTemplate = apps.get_model("engagement", "EmailTemplate")
    EmailTemplate.objects.get_or_create(
        code="application-received",
        defaults={"name": "Application received", "subject": SUBJECT, "body": BODY},
    )


def unseed(apps, schema_editor):
    apps.get_model("engagement", "EmailTemplate").objects.filter(code="application-received").delete()


class Migration(migrations.Migration):
    dependencies = [("engagement", "0006_bulk")]

    operations = [migrations.RunPython(seed, unseed)]
