"""Evidence files: the type is judged from the content, never the name (core.files); stored under a
random name with its SHA-256; served only by the checked download views (which write the access log)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from core import files

MAX_EVIDENCE_BYTES = files.MAX_UPLOAD_BYTES
PDF, JPEG, PNG = files.PDF, files.JPEG, files.PNG
REFUSED = "Upload a PDF, JPEG or PNG file."


@dataclass(frozen=True)
class Evidence:
    data: bytes
    content_type: str
    sha256: str
    filename: str


def _sniff(data: bytes) -> str:
    return files.sniff(data, allowed=(PDF, JPEG, PNG), refused=REFUSED)


def evidence_read(upload: IO[bytes], filename: str) -> Evidence:
    data = files.read_upload(upload, max_bytes=MAX_EVIDENCE_BYTES)
    content_type = _sniff(data)
    return Evidence(
        data=data,
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        filename=files.display_name(filename, default="evidence"),
    )
