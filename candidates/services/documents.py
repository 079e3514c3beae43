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
import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from candidates.models import Candidate, Document
from candidates.services.derived import candidate_refresh_derived
from core.models import User
from core.services import audit_record

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PDF, DOCX, TEXT = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
)
REFUSED_MESSAGE = "Upload a PDF, a Word document (.docx) or a plain-text file."


def sniff_type(data: bytes) -> str:
    """The content type judged from the bytes, or ValidationError with a clear message."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    archive.getinfo("word/document.xml")
                    return DOCX
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise ValidationError("This Word document is damaged and can't be opened.") from None
        raise ValidationError(REFUSED_MESSAGE + " This is a ZIP archive, not a Word document.")
    if _looks_like_text(data):
        return TEXT
    raise ValidationError(REFUSED_MESSAGE + " This file's content is not one of those.")


def _looks_like_text(data: bytes) -> bool:
    if not data or b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    printable = sum(1 for ch in text[:20000] if ch.isprintable() or ch in "\r\n\t\f")
    return printable >= 0.95 * min(len(text), 20000)


def _read_upload(upload: IO[bytes]) -> bytes:
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError("This file is larger than 10 MB. Upload a smaller file.")
    if not data:
        raise ValidationError("This file is empty.")
    return data


@transaction.atomic
def document_upload(
    *, actor: User, candidate: Candidate, upload: IO[bytes], filename: str, kind: str = Document.Kind.CV
) -> Document:
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": [f"Choose one of: {', '.join(Document.Kind.values)}."]})
    try:
        data = _read_upload(upload)
        content_type = sniff_type(data)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    document = Document(
        candidate=candidate,
        kind=kind,
        filename=(filename or "document").replace("/", "_").replace("\\", "_")[-255:],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    document.file.save("upload", ContentFile(data), save=False)
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
