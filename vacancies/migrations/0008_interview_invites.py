# Issue 18: interviews send calendar invitations (uid, sequence, cancellation, reminder, the
# candidate's confirmation, the interviewers' addresses, the length).

import django.contrib.postgres.fields
import django.core.validators
import uuid
from django.db import migrations, models


def fill_uids(apps, schema_editor):
    Interview = apps.get_model('vacancies', 'Interview')
    for interview in Interview.objects.filter(uid__isnull=True).only('pk'):
        Interview.objects.filter(pk=interview.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ('vacancies', '0007_submission_pack'),
    ]

    operations = [
        migrations.AddField(
            model_name='interview',
            name='cancelled_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='interview',
            name='confirmed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='interview',
            name='duration_minutes',
            field=models.PositiveSmallIntegerField(default=60, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(600)], verbose_name='length (minutes)'),
        ),
        migrations.AddField(
            model_name='interview',
            name='interviewer_emails',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.EmailField(max_length=254), blank=True, default=list, size=10),
        ),
        migrations.AddField(
            model_name='interview',
            name='invited_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='interview',
            name='rearrange_requested_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='interview',
            name='reminder_sent_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='interview',
            name='sequence',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        # A UID for every interview already booked, each its own, before the column is made unique.
        migrations.AddField(
            model_name='interview',
            name='uid',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='interview',
            name='uid',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddIndex(
            model_name='interview',
            index=models.Index(fields=['starts_at'], name='vacancies_interview_start_idx'),
        ),
    ]
