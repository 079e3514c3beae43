"""CSV import pages (dry run first, then import; big files in Celery) and diversity monitoring."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from candidates.forms import DiversityForm, ImportForm
from candidates.models import Candidate, DiversityRecord, ImportJob
from candidates.services.import_columns import column_guide, template_rows
from candidates.services.import_jobs import (
    import_job_delete_file,
    import_job_queue,
    import_jobs_discard_checked,
)
from candidates.services.imports import ImportRefused, import_csv
from core.exports import csv_response
from core.http import request_user
from core.permissions import get_object_for_user_or_404
from core.services import audit_record

# Up to this many rows run in the request; more go to Celery with progress on the page.
SYNC_IMPORT_ROWS = 200


def _may_import(request: HttpRequest) -> None:
    user = request_user(request)
    if not (user.has_perm("candidates.add_candidate") or user.is_admin) or user.team_id is None:
        raise PermissionDenied("You may not import candidates.")


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    _may_import(request)
    user = request_user(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "columns": column_guide()}
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            report = import_csv(actor=user, upload=io.BytesIO(data), dry_run=True)
        except ImportRefused as exc:
            context["errors"] = exc.errors
            status = 400
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            status = 400
        else:
            import_jobs_discard_checked(user=user)
            job = ImportJob(
                owner=user, team=user.team, status=ImportJob.Status.CHECKED, total_rows=report.rows
            )
            from django.core.files.base import ContentFile

            job.file.save("import", ContentFile(data), save=False)
            job.save()
            context.update({"report": report, "job": job})
    return render(request, "candidates/import.html", context, status=status)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    """The template CSV: every column, what it accepts (a guide row the import skips), an example."""
    _may_import(request)
    header, *rows = template_rows()
    return csv_response(filename="candidates-import-template.csv", header=header, rows=rows)


@login_required
@require_POST
def import_run(request: HttpRequest, job_pk: int) -> HttpResponse:
    _may_import(request)
    user = request_user(request)
    job = get_object_for_user_or_404(user, ImportJob.objects.filter(owner=user), pk=job_pk)
    if job.status != ImportJob.Status.CHECKED:
        return redirect("candidates:import-status", job_pk=job.pk)
    if job.total_rows <= SYNC_IMPORT_ROWS:
        with job.file.open("rb") as handle:
            try:
                report = import_csv(actor=user, upload=handle)
            except (ImportRefused, ValidationError):
                messages.error(request, "The file changed meaning since the check; check it again.")
                return redirect("candidates:import")
        import_job_delete_file(job)  # personal data: not kept once imported
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FINISHED,
            processed_rows=report.rows,
            created=report.created,
            skipped_duplicates=report.skipped_duplicates,
        )
        messages.success(
            request, f"Imported {report.created}; skipped {report.skipped_duplicates} duplicates."
        )
        return redirect("candidates:import-status", job_pk=job.pk)
    import_job_queue(actor=user, job=job)
    return redirect("candidates:import-status", job_pk=job.pk)


@login_required
def import_status(request: HttpRequest, job_pk: int) -> HttpResponse:
    user = request_user(request)
    job = get_object_for_user_or_404(user, ImportJob, pk=job_pk)
    template = "candidates/_import_progress.html" if request.htmx else "candidates/import_status.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@login_required
def diversity_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Record monitoring answers. Never shows stored answers (special category, UK GDPR art. 9)."""
    user = request_user(request)
    candidate = get_object_for_user_or_404(user, Candidate.objects.live(), pk=pk)
    if not (user.has_perm("candidates.add_diversityrecord") or user.is_admin):
        raise PermissionDenied("You may not record diversity monitoring answers.")
    form = DiversityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        DiversityRecord.objects.update_or_create(candidate=candidate, defaults=form.cleaned_data)
        audit_record(actor=user, action="diversity.recorded", obj=candidate)
        messages.success(request, "Monitoring answers recorded. They are kept apart from the record.")
        return redirect("candidates:detail", pk=pk)
    return render(request, "candidates/diversity.html", {"candidate": candidate, "form": form})


SUPPRESS_BELOW = 5


@login_required
def diversity_report(request: HttpRequest) -> HttpResponse:
    """Aggregate only, with groups under 5 suppressed (DOMAIN.md special-category data)."""
    user = request_user(request)
    if not (user.has_perm("candidates.view_diversity_report") or user.is_admin):
        raise PermissionDenied("You may not see the diversity report.")
    records = DiversityRecord.objects.filter(candidate__in=Candidate.objects.live().visible_to(user))
    sections = []
    for field in ("age_band", "sex", "ethnicity", "disability", "religion", "sexual_orientation"):
        counts = records.values(field).annotate(n=Count("id")).order_by(field)
        rows = [
            {"value": row[field] or "Not answered", "n": row["n"] if row["n"] >= SUPPRESS_BELOW else None}
            for row in counts
        ]
        label = str(getattr(DiversityRecord._meta.get_field(field), "verbose_name", field))
        sections.append({"label": label, "rows": rows})
    return render(
        request, "candidates/diversity_report.html", {"sections": sections, "suppress": SUPPRESS_BELOW}
    )
