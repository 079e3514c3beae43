"""Subject-access requests (UK GDPR art. 15): received, extended once, the ZIP built by the worker,
downloaded (logged), completed."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from core.models import User
from core.services import access_log_record, audit_record
from privacy.models import SubjectAccessRequest
from privacy.selectors.person import candidate_personal_data_get
from privacy.services.reasons import reason_require


@transaction.atomic
def sar_create(*, actor: User, candidate: Candidate, received_on: datetime.date) -> SubjectAccessRequest:
    sar = SubjectAccessRequest.objects.create(candidate=candidate, received_on=received_on, created_by=actor)
    audit_record(actor=actor, action="privacy.sar_received", obj=sar, details={"candidate": candidate.pk})
    return sar


@transaction.atomic
def sar_extend(*, actor: User, sar: SubjectAccessRequest, reason: str) -> None:
    """UK GDPR art. 12(3): once, by two months, with the reason logged."""
    reason = reason_require(reason)
    if sar.extended_at is not None:
        raise ValidationError({"reason": ["This request has already been extended once."]})
    sar.extended_at, sar.extended_reason = timezone.now(), reason
    sar.save(update_fields=["extended_at", "extended_reason"])
    audit_record(actor=actor, action="privacy.sar_extended", obj=sar)


@transaction.atomic
def sar_build_export(*, sar_id: int) -> SubjectAccessRequest:
    """The ZIP: data.json with everything held, plus the person's files (Celery task calls this)."""
    sar = SubjectAccessRequest.objects.select_related("candidate").get(pk=sar_id)
    data = candidate_personal_data_get(candidate=sar.candidate)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, default=str))
        for document in sar.candidate.documents.all():
            if document.file and document.file.name and document.file.storage.exists(document.file.name):
                with document.file.open("rb") as handle:
                    archive.writestr(f"documents/{document.pk}-{document.filename}", handle.read())
    if sar.export_file:
        sar.export_file.delete(save=False)
    sar.export_file.save(f"sar-{sar.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    sar.export_status = SubjectAccessRequest.ExportStatus.READY
    sar.save(update_fields=["export_file", "export_status"])
    audit_record(actor=None, action="privacy.sar_export_built", obj=sar)
    return sar


@transaction.atomic
def sar_queue_export(*, actor: User, sar: SubjectAccessRequest) -> None:
    from privacy.tasks import build_sar_export

    SubjectAccessRequest.objects.filter(pk=sar.pk).update(
        export_status=SubjectAccessRequest.ExportStatus.BUILDING
    )
    transaction.on_commit(lambda: build_sar_export.delay(sar.pk))
    audit_record(actor=actor, action="privacy.sar_export_requested", obj=sar)


@transaction.atomic
def sar_download_log(*, actor: User, sar: SubjectAccessRequest) -> None:
    access_log_record(user=actor, action="download", obj=sar, details={"candidate": sar.candidate_id})


@transaction.atomic
def sar_complete(*, actor: User, sar: SubjectAccessRequest) -> None:
    sar.status, sar.completed_at = sar.Status.COMPLETED, timezone.now()
    sar.save(update_fields=["status", "completed_at"])
    audit_record(actor=actor, action="privacy.sar_completed", obj=sar)
