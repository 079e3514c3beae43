"""Evidence files: the type is judged from the content, never the name; stored under a random
name with its SHA-256; served only by the checked download views (which write the access log)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
REFUSED = "Upload a PDF, JPEG or PNG file."


@dataclass(frozen=True)
class Evidence:
    data: bytes
    content_type: str
    sha256: str
    filename: str


def sniff(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    raise ValidationError(REFUSED + " This file's content is not one of those.")


def read_evidence(upload: IO[bytes], filename: str) -> Evidence:
    data = upload.read(MAX_EVIDENCE_BYTES + 1)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValidationError("This file is larger than 10 MB. Upload a smaller file.")
    if not data:
        raise ValidationError("This file is empty.")
    content_type = sniff(data)
    safe_name = (filename or "evidence").replace("/", "_").replace("\\", "_")[-255:]
    return Evidence(
        data=data, content_type=content_type, sha256=hashlib.sha256(data).hexdigest(), filename=safe_name
    )
