"""Issue 19: seed the stage-message templates and the art. 14 privacy-notice template (editable,
never deleted: they are in communications.DEFAULT_TEMPLATES). An agency's own edits are kept."""

from django.db import migrations

# The codes and names seeded; the texts are engagement.services.message_templates'.
TEMPLATES = {
    "stage_shortlisted": "Stage: shortlisted",
    "stage_submitted": "Stage: put forward to the client",
    "stage_interview": "Stage: interview booked",
    "stage_offer": "Stage: offer",
    "stage_rejected": "Stage: unsuccessful",
    "stage_vacancy_closed": "Stage: vacancy closed",
    "privacy_notice": "Privacy notice (sourced candidates)",
}


def seed(apps, schema_editor):
    from engagement.services.message_templates import SYSTEM_TEMPLATES

    EmailTemplate = apps.get_model("engagement", "EmailTemplate")
    for code in TEMPLATES:
        name, subject, body = SYSTEM_TEMPLATES[code]
        if EmailTemplate.objects.filter(code=code).exists():
            continue
        if EmailTemplate.objects.filter(name__iexact=name).exists():
            name = f"{name} ({code})"
        EmailTemplate.objects.create(code=code, name=name[:100], subject=subject, body=body)


def unseed(apps, schema_editor):
    apps.get_model("engagement", "EmailTemplate").objects.filter(code__in=list(TEMPLATES)).delete()


class Migration(migrations.Migration):
    dependencies = [("engagement", "0009_messages_stage_messages")]

    operations = [migrations.RunPython(seed, unseed)]
