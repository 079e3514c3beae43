"""Documents are served only here: visibility checked, access logged, never a public media URL."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from candidates.models import Document
from core import files
from core.permissions import get_object_for_user_or_404
from core.services import access_log_record


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponseBase:
    document = get_object_for_user_or_404(
        request.user,
        Document.objects.filter(candidate_id=pk, candidate__merged_into__isnull=True),
        pk=document_pk,
    )
    if not document.file:
        raise Http404("This file has been deleted.")  # anonymised: only the stub remains
    access_log_record(
        user=request.user,  # type: ignore[arg-type]
        action="download",
        obj=document,
        details={"candidate": document.candidate_id, "kind": document.kind},
    )
    return files.attachment_response(
        document.file.open("rb"), filename=document.filename, content_type=document.content_type
    )
