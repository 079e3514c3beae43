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

from candidates.models import Candidate, Document
from candidates.services.derived import candidate_refresh_derived
from core import files
from core.models import User
from core.services import audit_record

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = files.MAX_UPLOAD_BYTES
PDF, DOCX, TEXT = files.PDF, files.DOCX, files.TEXT
REFUSED_MESSAGE = "Upload a PDF, a Word document (.docx) or a plain-text file."


def sniff_type(data: bytes) -> str:
    """The content type judged from the bytes (core.files), or ValidationError with a clear message."""
    return files.sniff(data, allowed=(PDF, DOCX, TEXT), refused=REFUSED_MESSAGE)


@transaction.atomic
def document_upload(
    *, actor: User, candidate: Candidate, upload: IO[bytes], filename: str, kind: str = Document.Kind.CV
) -> Document:
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": [f"Choose one of: {', '.join(Document.Kind.values)}."]})
    try:
        data = files.read_upload(upload, max_bytes=MAX_UPLOAD_BYTES)
        content_type = sniff_type(data)
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


def extract_text(content_type: str, data: bytes) -> str:
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
        text = extract_text(document.content_type, data).replace("\x00", "")
        document.text, document.extraction, document.extraction_error = text, Document.Extraction.DONE, ""
    except Exception as exc:  # any parser failure: keep the file, mark it, log the class only
        logger.warning("document %s: text extraction failed (%s)", document.pk, type(exc).__name__)
        document.text, document.extraction = "", Document.Extraction.FAILED
        document.extraction_error = type(exc).__name__[:50]
    with transaction.atomic():
        document.save(update_fields=["text", "extraction", "extraction_error"])
        candidate_refresh_derived([document.candidate_id])
    return document
