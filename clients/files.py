"""Signed terms documents: checked by content, stored under unguessable names, served with care.

The browser-supplied name and content type are never trusted: core.files judges the bytes (a PDF
starts `%PDF-`; a DOCX is a ZIP holding `word/document.xml`). The stored name is random, so a path
never reveals the client and cannot be guessed; the file is only ever served by a view that checks
the client is visible to the caller.
"""

from __future__ import annotations

from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from core import files

MAX_DOCUMENT_BYTES = files.MAX_UPLOAD_BYTES
CONTENT_TYPES = {"pdf": files.PDF, "docx": files.DOCX}
REFUSED = "Upload the signed terms as a PDF or Word (.docx) document."


def sniff_document_kind(file: IO[bytes]) -> str:
    """'pdf' or 'docx' from the file's content; ValidationError for anything else."""
    file.seek(0)
    data = files.read_upload(file, max_bytes=MAX_DOCUMENT_BYTES)
    file.seek(0)
    return files.EXTENSIONS[files.sniff(data, allowed=(files.PDF, files.DOCX), refused=REFUSED)]


def validate_document(upload: UploadedFile) -> str:
    return sniff_document_kind(upload)


def random_name(kind: str) -> str:
    return files.random_name(CONTENT_TYPES.get(kind, ""))


def document_response(file: IO[bytes], *, kind: str, download_name: str) -> FileResponse:
    return files.attachment_response(file, filename=download_name, content_type=CONTENT_TYPES.get(kind))
