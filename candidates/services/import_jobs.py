"""Large CSV imports: an ImportJob run by Celery, with progress the page polls.

The uploaded file is personal data: it is deleted once imported, and a new check replaces the
user's earlier unimported ones.
"""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import ImportJob
from candidates.services.imports import MAX_REPORTED_ERRORS, ImportRefused, import_csv
from core.models import User
from core.services import audit_record


def import_jobs_discard_checked(*, user: User) -> int:
    """A new check replaces the user's earlier unimported ones: their CSVs (personal data) go."""
    stale = list(ImportJob.objects.filter(owner=user, status=ImportJob.Status.CHECKED))
    for job in stale:
        import_job_delete_file(job)
    ImportJob.objects.filter(pk__in=[job.pk for job in stale]).delete()
    return len(stale)


def import_job_delete_file(job: ImportJob) -> None:
    # The uploaded CSV is personal data: once imported it has no reason to be kept.
    if job.file and job.file.name:
        job.file.storage.delete(job.file.name)
        ImportJob.objects.filter(pk=job.pk).update(file="")


@transaction.atomic
def import_job_create(*, actor: User, upload: IO[bytes], total_rows: int) -> ImportJob:
    from django.core.files.base import ContentFile

    upload.seek(0)
    job = ImportJob(owner=actor, team=actor.team, total_rows=total_rows)
    job.file.save("import", ContentFile(upload.read()), save=False)
    job.save()
    from candidates.tasks import run_import

    transaction.on_commit(lambda: run_import.delay(job.pk))
    audit_record(actor=actor, action="candidate.import_queued", obj=job, details={"rows": total_rows})
    return job


@transaction.atomic
def import_job_queue(*, actor: User, job: ImportJob) -> ImportJob:
    """A checked (dry-run) job goes to Celery."""
    from candidates.tasks import run_import

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    transaction.on_commit(lambda: run_import.delay(job.pk))
    audit_record(actor=actor, action="candidate.import_queued", obj=job, details={"rows": job.total_rows})
    return job


def import_job_run(*, job_id: int) -> None:
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status in (ImportJob.Status.FINISHED, ImportJob.Status.FAILED):
        return  # idempotent: a redelivered task does nothing
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    try:
        with job.file.open("rb") as handle:
            report = import_csv(actor=job.owner, upload=handle, progress=progress)
    except ImportRefused as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, errors=exc.errors, finished_at=timezone.now()
        )
        return
    except ValidationError as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors=[{"row": 1, "field": "", "value": "", "message": m} for m in exc.messages],
            finished_at=timezone.now(),
        )
        return
    import_job_delete_file(job)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FINISHED,
        processed_rows=report.rows,
        created=report.created,
        skipped_duplicates=report.skipped_duplicates,
        errors=report.duplicates[:MAX_REPORTED_ERRORS],
        finished_at=timezone.now(),
    )
