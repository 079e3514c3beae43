"""Documents are served only here: visibility checked, access logged, never a public media URL.

The preview page shows a PDF inline (through `document_inline`, framed by our own page only) or the
extracted text of anything else; rename, "mark as the current CV" and delete are POSTs from it and
from the candidate page's documents panel (issue 16).
"""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from candidates.forms import DocumentRenameForm
from candidates.models import Candidate, Document
from candidates.services.documents import DocumentInUse, document_delete, document_update
from core import files
from core.http import request_user
from core.permissions import check_action, get_object_for_user_or_404
from core.services import access_log_record

IN_USE_MESSAGE = "This CV was sent to a client, so it is kept as the record of that submission."


def document_visible_get(request: HttpRequest, pk: int, document_pk: int) -> Document:
    """The document of a live, visible candidate, or 404 (the API uses the same rule)."""
    return get_object_for_user_or_404(
        request_user(request),
        Document.objects.filter(candidate_id=pk, candidate__merged_into__isnull=True).select_related(
            "candidate", "uploaded_by"
        ),
        pk=document_pk,
    )


def _changeable(request: HttpRequest, pk: int, document_pk: int, perm: str) -> Document:
    document = document_visible_get(request, pk, document_pk)
    candidate = get_object_for_user_or_404(request_user(request), Candidate.objects.live(), pk=pk)
    check_action(request_user(request), candidate, "change", perm=perm)
    return document


def inline_response(document: Document) -> HttpResponseBase:
    """A PDF shown in the browser's viewer: its own content type, nosniff, never cached."""
    response = files.attachment_response(
        document.file.open("rb"), filename=document.filename, content_type=document.content_type
    )
    response["Content-Disposition"] = response["Content-Disposition"].replace("attachment", "inline", 1)
    return response


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponseBase:
    document = document_visible_get(request, pk, document_pk)
    if not document.file:
        raise Http404("This file has been deleted.")  # anonymised: only the stub remains
    access_log_record(
        user=request_user(request),
        action="download",
        obj=document,
        details={"candidate": document.candidate_id, "kind": document.kind},
    )
    return files.attachment_response(
        document.file.open("rb"), filename=document.filename, content_type=document.content_type
    )


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})  # type: ignore[arg-type]
def document_inline(request: HttpRequest, pk: int, document_pk: int) -> HttpResponseBase:
    """The PDF itself, inline, for the preview page's frame; any other type is downloaded."""
    document = document_visible_get(request, pk, document_pk)
    if not document.file:
        raise Http404("This file has been deleted.")
    access_log_record(
        user=request_user(request),
        action="view",
        obj=document,
        details={"candidate": document.candidate_id, "kind": document.kind},
    )
    if document.content_type != files.PDF:
        return files.attachment_response(
            document.file.open("rb"), filename=document.filename, content_type=document.content_type
        )
    return inline_response(document)


@login_required
def document_preview(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = document_visible_get(request, pk, document_pk)
    user = request_user(request)
    if document.content_type != files.PDF:
        access_log_record(
            user=user, action="view", obj=document, details={"candidate": pk, "kind": document.kind}
        )
    candidate = document.candidate
    try:
        check_action(user, candidate, "change", perm="candidates.change_document")
        can_change = True
    except PermissionDenied:
        can_change = False
    return render(
        request,
        "candidates/document_preview.html",
        {
            "candidate": candidate,
            "document": document,
            "is_pdf": document.content_type == files.PDF,
            "can_change": can_change,
            "rename_form": DocumentRenameForm(initial={"filename": document.filename}),
        },
    )


def _back(request: HttpRequest, document: Document) -> str:
    if request.POST.get("next") == "preview":
        return reverse("candidates:document-preview", args=[document.candidate_id, document.pk])
    return reverse("candidates:detail", args=[document.candidate_id]) + "#documents"


@login_required
@require_POST
def document_rename(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = _changeable(request, pk, document_pk, "candidates.change_document")
    form = DocumentRenameForm(request.POST)
    if form.is_valid():
        try:
            document_update(
                actor=request_user(request), document=document, filename=form.cleaned_data["filename"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Document renamed.")
    else:
        messages.error(request, "Give the document a name.")
    return redirect(_back(request, document))


@login_required
@require_POST
def document_mark_current(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = _changeable(request, pk, document_pk, "candidates.change_document")
    try:
        document_update(actor=request_user(request), document=document, is_current_cv=True)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, "Marked as the current CV: submissions send this one unless you pick another."
        )
    return redirect(_back(request, document))


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    document = _changeable(request, pk, document_pk, "candidates.delete_document")
    try:
        document_delete(actor=request_user(request), document=document)
    except DocumentInUse:
        messages.error(request, IN_USE_MESSAGE)
        return redirect(_back(request, document))
    messages.success(request, "Document deleted: the file is gone from storage.")
    return redirect(reverse("candidates:detail", args=[pk]) + "#documents")
