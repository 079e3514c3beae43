"""Signed terms documents: checked by content, stored under unguessable names, served with care.

The browser-supplied name and content type are never trusted: the first bytes decide (a PDF starts
`%PDF-`; a DOCX is a ZIP holding `word/document.xml`). The stored name is random, so a path never
reveals the client and cannot be guessed; the file is only ever served by a view that checks the
client is visible to the caller.
"""

from __future__ import annotations

import secrets
import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def sniff_document_kind(file: IO[bytes]) -> str:
    """'pdf' or 'docx' from the file's content; ValidationError for anything else."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        finally:
            file.seek(0)
        if "word/document.xml" in names:
            return "docx"
    raise ValidationError("Upload the signed terms as a PDF or Word (.docx) document.", code="file_type")


def validate_document(upload: UploadedFile) -> str:
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError("The document is larger than 10 MB.", code="file_size")
    if not upload.size:
        raise ValidationError("The document is empty.", code="file_empty")
    return sniff_document_kind(upload)


def random_name(kind: str) -> str:
    return f"{secrets.token_hex(16)}.{kind}"


def document_response(file: IO[bytes], *, kind: str, download_name: str) -> FileResponse:
    response = FileResponse(
        file, as_attachment=True, filename=download_name, content_type=CONTENT_TYPES.get(kind)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
