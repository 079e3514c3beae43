"""Evidence is served only here: visibility checked, access logged, never a public media URL."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from compliance.models import DBSCheck, RightToWorkCheck
from core import files
from core.http import request_user
from core.permissions import get_object_for_user_or_404
from core.services import access_log_record


@login_required
def rtw_evidence(request: HttpRequest, check_pk: int) -> FileResponse:
    user = request_user(request)
    check = get_object_for_user_or_404(user, RightToWorkCheck.objects.all(), pk=check_pk)
    if not check.has_evidence:
        raise Http404  # never kept, or purged to a stub
    access_log_record(user=user, action="download", obj=check, details={"candidate": check.candidate_id})
    return files.attachment_response(
        check.evidence.open("rb"),
        filename=check.evidence_filename or "evidence",
        content_type=check.evidence_content_type,
    )


@login_required
def dbs_image(request: HttpRequest, check_pk: int) -> FileResponse:
    user = request_user(request)
    # DBSCheck.objects.visible_to is empty without the compliance permission: a 404, never a hint.
    check = get_object_for_user_or_404(user, DBSCheck.objects.all(), pk=check_pk)
    if not check.certificate_image or check.image_purged_at is not None:
        raise Http404
    access_log_record(user=user, action="download", obj=check, details={"candidate": check.candidate_id})
    extension = files.EXTENSIONS.get(check.image_content_type, "bin")
    return files.attachment_response(
        check.certificate_image.open("rb"),
        filename=f"dbs-certificate-{check.pk}.{extension}",
        content_type=check.image_content_type,
    )
