"""Seed the candidate portal's sign-in email (portal app): a system template managers may edit but
not delete (engagement.services.communications.DEFAULT_TEMPLATES)."""

from django.db import migrations

SUBJECT = "Your sign-in link"
BODY = (
    "Dear {{ first_name }},\n\nHere is your link to see your applications and update your details. "
    "It works once, for a short time:\n\n{{ link }}\n\nIf you did not ask for it, you can ignore "
    "this email.\n\nBest wishes,\n{{ sender }}"
)


def seed(apps, schema_editor):
    EmailTemplate = apps.get_model("engagement", "EmailTemplate")
    EmailTemplate.objects.get_or_create(
        code="portal_sign_in", defaults={"name": "Portal sign-in link", "subject": SUBJECT, "body": BODY}
    )


class Migration(migrations.Migration):
    dependencies = [("engagement", "0007_careers_application_received")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
