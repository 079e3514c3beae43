"""CV upload and text extraction.

The type is decided from the content (magic bytes and structure), never from the name or the
browser's Content-Type. Files are stored under random names (models.document.document_path) and
served only by the checked download view. Extraction runs in Celery; a file whose text can't be
read is kept and marked `failed`, never lost.
"""

from __future__ import annotations

import hashlib
import io
import logging
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError

from candidates.models import Candidate, Document
from candidates.services.derived import candidate_refresh_derived
from core import files
from core.models import User
from core.services import audit_record

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = files.MAX_UPLOAD_BYTES
PDF, DOCX, TEXT = files.PDF, files.DOCX, files.TEXT
REFUSED_MESSAGE = "Upload a PDF, a Word document (.docx) or a plain-text file."


def _sniff_type(data: bytes) -> str:
    """The content type judged from the bytes (core.files), or ValidationError with a clear message."""
    return files.sniff(data, allowed=(PDF, DOCX, TEXT), refused=REFUSED_MESSAGE)


def _opens_as_cv(content_type: str, data: bytes) -> bool:
    """A real PDF or Word file: its parser opens it and finds a page or a paragraph.

    Plain text, and a file that only starts like a PDF, are kept as documents but never sent to a
    client as the CV (issue 16).
    """
    if content_type not in (PDF, DOCX):
        return False
    try:
        if content_type == PDF:
            from pypdf import PdfReader

            return len(PdfReader(io.BytesIO(data)).pages) > 0
        import docx

        docx.Document(io.BytesIO(data))
        return True
    except Exception:  # any parser failure means "not a real file of that kind"
        return False


class DocumentInUse(Exception):
    """The document is the record of something that happened (a CV sent to a client): kept."""


@transaction.atomic
def document_upload(
    *,
    actor: User | None,
    candidate: Candidate,
    upload: IO[bytes],
    filename: str,
    kind: str = Document.Kind.CV,
) -> Document:
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": [f"Choose one of: {', '.join(Document.Kind.values)}."]})
    try:
        data = files.read_upload(upload, max_bytes=MAX_UPLOAD_BYTES)
        content_type = _sniff_type(data)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    document = Document(
        candidate=candidate,
        kind=kind,
        filename=files.display_name(filename),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
        can_be_cv=_opens_as_cv(content_type, data),
    )
    document.file.save(files.random_name(content_type), ContentFile(data), save=False)
    document.save()
    audit_record(
        actor=actor,
        action="document.uploaded",
        obj=document,
        details={"candidate": candidate.pk, "kind": kind, "type": content_type.split("/")[-1][:40]},
    )
    from candidates.tasks import extract_document_text

    transaction.on_commit(lambda: extract_document_text.delay(document.pk))
    return document


def _extract_text(content_type: str, data: bytes) -> str:
    if content_type == PDF:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    if content_type == DOCX:
        import docx

        word = docx.Document(io.BytesIO(data))
        parts = [p.text for p in word.paragraphs]
        for table in word.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def document_extract_text(*, document_id: int) -> Document | None:
    """Idempotent: extracts (again) and refreshes the candidate's search vector."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        text = _extract_text(document.content_type, data).replace("\x00", "")
        document.text, document.extraction, document.extraction_error = text, Document.Extraction.DONE, ""
    except Exception as exc:  # any parser failure: keep the file, mark it, log the class only
        logger.warning("document %s: text extraction failed (%s)", document.pk, type(exc).__name__)
        document.text, document.extraction = "", Document.Extraction.FAILED
        document.extraction_error = type(exc).__name__[:50]
        document.can_be_cv = document.is_current_cv = False  # unreadable: never the CV sent
    with transaction.atomic():
        document.save(update_fields=["text", "extraction", "extraction_error", "can_be_cv", "is_current_cv"])
        candidate_refresh_derived([document.candidate_id])
    return document


NOT_A_CV = "Only a PDF or Word CV that opens can be the current CV."


@transaction.atomic
def document_update(
    *,
    actor: User | None,
    document: Document,
    filename: str | None = None,
    kind: str | None = None,
    is_current_cv: bool | None = None,
) -> Document:
    """Rename, change the kind, or mark (unmark) the current CV; writes only what changed."""
    # One writer per person at a time, so two "mark current" clicks can't both win.
    Candidate.objects.select_for_update().filter(pk=document.candidate_id).first()
    document = Document.objects.select_for_update().get(pk=document.pk)
    changed: list[str] = []
    if filename is not None:
        name = files.display_name(filename, default="")
        if not name:
            raise ValidationError({"filename": ["Give the document a name."]})
        if name != document.filename:
            document.filename = name
            changed.append("filename")
    if kind is not None and kind != document.kind:
        if kind not in Document.Kind.values:
            raise ValidationError({"kind": [f"Choose one of: {', '.join(Document.Kind.values)}."]})
        document.kind = kind
        changed.append("kind")
        if kind != Document.Kind.CV and document.is_current_cv:
            document.is_current_cv = False
            changed.append("is_current_cv")
    if is_current_cv is not None and is_current_cv != document.is_current_cv:
        if is_current_cv and not (document.kind == Document.Kind.CV and document.can_be_cv):
            raise ValidationError({"is_current_cv": [NOT_A_CV]})
        if is_current_cv:
            Document.objects.filter(candidate_id=document.candidate_id, is_current_cv=True).update(
                is_current_cv=False
            )
        document.is_current_cv = is_current_cv
        changed.append("is_current_cv")
    if changed:
        document.save(update_fields=sorted(set(changed)))
        # Field names only: a file's name can hold the person's name.
        audit_record(
            actor=actor,
            action="document.updated",
            obj=document,
            details={
                "candidate": document.candidate_id,
                "fields": sorted(set(changed)),
                "is_current_cv": document.is_current_cv,
            },
        )
    return document


@transaction.atomic
def document_delete(*, actor: User, document: Document) -> None:
    """The row goes now and the stored file once the transaction commits; the search text is redone.

    A CV that was sent to a client stays: it is the record of that submission (Conduct Regs reg 29).
    """
    candidate_id, document_id, kind, name = (
        document.candidate_id,
        document.pk,
        document.kind,
        document.file.name,
    )
    storage = document.file.storage
    try:
        with transaction.atomic():
            Document.objects.filter(pk=document_id).delete()
    except ProtectedError:
        raise DocumentInUse(document_id) from None
    audit_record(
        actor=actor,
        action="document.deleted",
        object_type="candidates.document",
        object_id=document_id,
        details={"candidate": candidate_id, "kind": kind},
    )
    candidate_refresh_derived([candidate_id])
    if name:
        transaction.on_commit(lambda: storage.delete(name))
