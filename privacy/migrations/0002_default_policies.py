"""The retention defaults of DOMAIN.md, so a fresh install sweeps by the rules from day one."""

from django.db import migrations

DEFAULTS = {
    "unsuccessful": 183,
    "talent_pool": 730,
    "sourced_no_notice": 30,
    "consent_expiry": 730,
    "client_contacts": 730,
}


def create(apps, schema_editor):
    policy = apps.get_model("privacy", "RetentionPolicy")
    for category, days in DEFAULTS.items():
        policy.objects.get_or_create(category=category, defaults={"keep_for_days": days, "notify_before_days": 30})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
