"""Requests a candidate makes themselves (the candidate portal): "download my data" opens a
subject-access request (UK GDPR art. 15) whose export the worker builds at once, as the DPO's
"build export" does; "erase me" opens an erasure request (art. 17) for the DPO to decide, as a
"no" to "keep my data?" does. Asking again while a request is open gives the open one, never a
second. The candidate signed in through a link emailed to the address we hold, which is how their
identity is confirmed; the record's owner stands as `created_by` (a request needs a user)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from core.services import audit_record
from privacy.models import ErasureRequest, SubjectAccessRequest

OPEN = ("open", "paused")
PORTAL = "portal"


@transaction.atomic
def sar_request_by_candidate(*, candidate: Candidate) -> SubjectAccessRequest:
    from privacy.tasks import build_sar_export

    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()  # one request at a time
    sar = SubjectAccessRequest.objects.filter(candidate=candidate, status__in=OPEN).order_by("-pk").first()
    if sar is not None:
        return sar
    sar = SubjectAccessRequest.objects.create(
        candidate=candidate,
        received_on=timezone.localdate(),
        created_by=candidate.owner,
        export_status=SubjectAccessRequest.ExportStatus.BUILDING,
    )
    audit_record(
        actor=None, action="privacy.sar_received", obj=sar, details={"candidate": candidate.pk, "via": PORTAL}
    )
    transaction.on_commit(lambda: build_sar_export.delay(sar.pk))
    return sar


@transaction.atomic
def erasure_request_by_candidate(*, candidate: Candidate) -> ErasureRequest:
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    request = ErasureRequest.objects.filter(candidate=candidate, status__in=OPEN).order_by("-pk").first()
    if request is not None:
        return request
    request = ErasureRequest.objects.create(
        candidate=candidate, received_on=timezone.localdate(), created_by=candidate.owner, source=PORTAL
    )
    audit_record(
        actor=None,
        action="privacy.erasure_received",
        obj=request,
        details={"candidate": candidate.pk, "via": PORTAL},
    )
    return request


@transaction.atomic
def sar_export_downloaded(*, sar: SubjectAccessRequest) -> None:
    """The candidate downloaded their own export from the portal (recorded; the DPO completes it)."""
    audit_record(actor=None, action="privacy.sar_export_downloaded", obj=sar, details={"via": PORTAL})
