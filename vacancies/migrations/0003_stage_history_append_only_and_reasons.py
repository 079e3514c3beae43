"""Stage history is append-only in the database too; and the starting list of rejection reasons
(admins edit it afterwards)."""

from django.db import migrations

SQL = """
CREATE TRIGGER vacancies_stagechange_append_only BEFORE UPDATE OR DELETE ON vacancies_stagechange
    FOR EACH ROW EXECUTE FUNCTION core_refuse_change();
"""
REVERSE_SQL = "DROP TRIGGER IF EXISTS vacancies_stagechange_append_only ON vacancies_stagechange;"

REASONS = [
    ("skills_gap", "Skills or experience do not match"),
    ("salary_expectations", "Salary or rate expectations too high"),
    ("location", "Location or commute"),
    ("notice_period", "Notice period too long"),
    ("right_to_work", "No right to work for this role"),
    ("client_rejected_cv", "Client rejected the CV"),
    ("client_rejected_interview", "Client rejected after interview"),
    ("position_filled", "Position filled by another candidate"),
    ("other", "Other"),
]


def add_reasons(apps, schema_editor):
    RejectionReason = apps.get_model("vacancies", "RejectionReason")
    for position, (code, label) in enumerate(REASONS):
        RejectionReason.objects.get_or_create(code=code, defaults={"label": label, "position": position})


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0002_pipeline"), ("core", "0002_append_only_triggers")]
    operations = [
        migrations.RunSQL(SQL, REVERSE_SQL),
        migrations.RunPython(add_reasons, migrations.RunPython.noop),
    ]
