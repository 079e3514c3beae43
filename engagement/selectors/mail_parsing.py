"""Reading a received message (issue 18): its text, the new part of a reply, its attachments
checked like uploads, and whether it is a delivery report (a bounce). Pure functions of the bytes;
engagement.services.inbound decides what to do with them."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from html import unescape as unescape_entities
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

from core import files

MAX_ATTACHMENTS = 10
ATTACHMENT_TYPES = (files.PDF, files.DOCX, files.TEXT, files.JPEG, files.PNG)
TOKEN_IN_TEXT = re.compile(r"reply\+[0-9]{1,12}-[0-9a-f]{20}@[a-z0-9.-]+", re.IGNORECASE)
# Where quoted history starts: "On <date>, <name> wrote:" (maybe wrapped), Outlook's separators.
_QUOTE_START = re.compile(
    r"^(On\s[^\n]{0,300}(\n[^\n]{0,300})?\swrote:\s*$"
    r"|-{2,}\s*Original Message\s*-{2,}\s*$"
    r"|_{20,}\s*$"
    r"|From:\s[^\n]+\n(Sent|Date):\s)",
    re.IGNORECASE | re.MULTILINE,
)


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except Exception:  # a malformed header the parser cannot fold: treat as absent
        return ""


def addresses(message: EmailMessage, *names: str) -> list[str]:
    values = [header(message, name) for name in names]
    return [address.strip().lower() for _, address in getaddresses(values) if "@" in address]


def _text(part: Any) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    return content if isinstance(content, str) else ""


def message_text(message: EmailMessage) -> str:
    """The plain text of the message (or its HTML made text), without NULs."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    text = _text(body)
    if body.get_content_type() == "text/html":
        text = unescape_entities(strip_tags(re.sub(r"(?i)<br\s*/?>|</p>", "\n", text)))
    return text.replace("\x00", "").replace("\r\n", "\n").strip()


def reply_text(text: str) -> str:
    """The new text of a reply: quoted history ("On … wrote:", "> " lines) taken off."""
    match = _QUOTE_START.search(text)
    if match is not None and match.start() > 0:
        text = text[: match.start()]
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return "\n".join(lines).strip() or text.strip()


def attachments(message: EmailMessage) -> list[tuple[str, bytes, str]]:
    """(name, bytes, type) of the attachments that pass the upload checks; the rest are dropped."""
    kept: list[tuple[str, bytes, str]] = []
    for part in message.iter_attachments():
        if len(kept) >= MAX_ATTACHMENTS:
            break
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data or len(data) > files.MAX_UPLOAD_BYTES:
            continue
        try:
            content_type = files.sniff(data, allowed=ATTACHMENT_TYPES)
        except ValidationError:
            continue
        kept.append((files.display_name(part.get_filename(), default="attachment"), data, content_type))
    return kept


# --- bounces


def is_report(message: EmailMessage) -> bool:
    return message.get_content_type() == "multipart/report" and (
        str(message.get_param("report-type", "")).lower() == "delivery-status"
    )


def failed_recipients(message: EmailMessage) -> list[tuple[str, str]]:
    """(address, status) of each recipient the report says failed for good."""
    failed = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        for block in blocks if isinstance(blocks, list) else []:
            if isinstance(block, str):
                continue
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip()
            recipient = str(block.get("Final-Recipient", "") or block.get("Original-Recipient", ""))
            address = recipient.split(";", 1)[-1].strip().strip("<>").lower()
            if action == "failed" and (not status or status.startswith("5")) and "@" in address:
                failed.append((address, status[:20]))
    return failed
