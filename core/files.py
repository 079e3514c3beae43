"""Uploaded files, one way for every app: judged by content, stored under random names, served as
attachments only.

Why each rule (docs/security.md, "Content, uploads and exports"):
- The type is decided from the bytes (magic numbers, and for Word the ZIP's structure), never from
  the file's name or the browser's Content-Type: both are chosen by whoever uploads. Markup (HTML,
  SVG, XML) and programs are refused even where plain text is allowed, so a renamed page or
  executable never lands in storage.
- The stored name is random (`random_name`), so a path says nothing about the person and cannot be
  guessed; the uploaded name is kept only as display text, cleaned by `display_name` (no folders,
  control or bidi-override characters, which could fake an extension or split a header).
- Files are served only by views that check visibility, always through `attachment_response`:
  `Content-Disposition: attachment` with an RFC 6266 filename, `X-Content-Type-Options: nosniff` and
  `Cache-Control: private, no-store`, so a browser never renders an upload inline on our origin
  and no shared cache keeps a copy.
"""

from __future__ import annotations

import io
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterable
from typing import IO

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseBase

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
CSV = "text/csv"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", TEXT: "txt", CSV: "csv", JPEG: "jpg", PNG: "png"}
LABELS = {PDF: "PDF", DOCX: "Word (.docx)", TEXT: "plain text", CSV: "CSV", JPEG: "JPEG", PNG: "PNG"}

# Text that a browser or a shell would treat as something other than text.
_MARKUP_START = re.compile(rb"^\s*(<|#!)")
_MARKUP_ANYWHERE = re.compile(rb"<\s*(script|iframe|object|embed|svg|html|body)\b", re.IGNORECASE)
_PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
# Characters never kept in a display name: controls (incl. CR/LF, which would split a header),
# bidi overrides that make "cv‮fdp.exe" look like "cvexe.pdf", and path separators.
_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f/\\]")


def read_upload(upload: IO[bytes], *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The whole upload, or ValidationError if it is empty or larger than `max_bytes`."""
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            f"This file is larger than {max_bytes // (1024 * 1024)} MB. Upload a smaller file.",
            code="file_size",
        )
    if not data:
        raise ValidationError("This file is empty.", code="file_empty")
    return data


def is_program_or_markup(data: bytes, *, scan_body: bool = True) -> bool:
    """True for executables, scripts and HTML/SVG/XML: content no upload path accepts as text.

    `scan_body=False` looks at the start only: a CSV may quote markup inside a cell (it is escaped
    wherever it is shown) without being a web page.
    """
    head = data[:65536].removeprefix(b"\xef\xbb\xbf")
    return (
        head.startswith(_PROGRAM_MAGIC)
        or bool(_MARKUP_START.match(head))
        or (scan_body and bool(_MARKUP_ANYWHERE.search(head)))
    )


def _zip_names(data: bytes) -> set[str] | None:
    """The member names of a ZIP archive, or None if it is damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return False
    sample = data[:20000]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is still UTF-8.
        if exc.start < len(sample) - 4:
            try:
                text = sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
        else:
            text = sample[: exc.start].decode("utf-8")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t\f")
    return printable >= 0.95 * len(text)


def sniff(data: bytes, *, allowed: Iterable[str], refused: str = "") -> str:
    """The content type of `data` judged from its bytes, if it is one of `allowed`.

    Anything else is a ValidationError naming what is accepted (`refused` overrides the wording).
    """
    allowed = tuple(allowed)
    message = refused or "Upload a {} file.".format(" or ".join(LABELS[t] for t in allowed))
    found = ""
    if data.startswith(b"%PDF-"):
        found = PDF
    elif data.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if DOCX in allowed and names is None:
            raise ValidationError(
                message + " This Word document is damaged and can't be opened.", code="file_type"
            )
        if DOCX in allowed and not {"word/document.xml", "[Content_Types].xml"} <= (names or set()):
            raise ValidationError(message + " This is a ZIP archive, not a Word document.", code="file_type")
        found = DOCX
    elif (TEXT in allowed or CSV in allowed) and _is_text(data) and not is_program_or_markup(data):
        found = TEXT if TEXT in allowed else CSV
    if found not in allowed:
        raise ValidationError(message + " This file's content is not one of those.", code="file_type")
    return found


def display_name(name: str | None, *, default: str = "document", max_length: int = 255) -> str:
    """The uploaded file's name cleaned for display and for a download header; never a path."""
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _UNSAFE_NAME_CHARS.sub("", text)
    text = " ".join(text.split()).strip(". ")
    if not text:
        return default
    if len(text) > max_length:
        stem, dot, ext = text.rpartition(".")
        text = (
            (stem[: max_length - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else text[:max_length]
        )
    return text


def random_name(content_type: str = "") -> str:
    """A storage name that reveals nothing and cannot be guessed (the extension only from content)."""
    extension = EXTENSIONS.get(content_type, "")
    return secrets.token_hex(24) + (f".{extension}" if extension else "")


def protect(response: HttpResponseBase, *, filename: str) -> HttpResponseBase:
    """Attachment headers for a response built elsewhere (CSV exports, generated text)."""
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(
        True, display_name(filename, default="download")
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_response(file: IO[bytes], *, filename: str, content_type: str | None) -> FileResponse:
    """The one way a stored file leaves the server: as a download, never rendered, never cached."""
    response = FileResponse(
        file,
        as_attachment=True,
        filename=display_name(filename, default="download"),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
