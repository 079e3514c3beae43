"""`manage.py mail_receiver`: the app's own SMTP receiver for mail that comes back (issue 18).

An aiosmtpd server on INBOUND_SMTP_HOST:INBOUND_SMTP_PORT (default 127.0.0.1:2525). It accepts
recipients at INBOUND_EMAIL_DOMAIN only (anything else: 550, so it is never an open relay),
messages up to INBOUND_MAX_BYTES (larger: 552), and hands each one to
`engagement.services.inbound.inbound_email_receive`. A failure answers 451 so the sending server
tries again later. It never logs an address or any content: counts and error classes only.
Put it behind the domain's MX (or a relay that forwards to it); docs/operations.md.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from engagement.services.inbound import inbound_email_receive

logger = logging.getLogger("recruitcrm.email")


def _receive(content: bytes, recipients: list[str]) -> None:
    close_old_connections()
    try:
        inbound_email_receive(raw=content, recipients=recipients)
    finally:
        connections.close_all()  # this thread's connection: nothing is held between messages


class InboundHandler:
    """aiosmtpd handler: our domain's recipients only, each message to the one service."""

    def __init__(self, domain: str) -> None:
        self.domain = domain.lower()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if not self.domain or not address.lower().endswith("@" + self.domain):
            return "550 5.1.1 No such mailbox here"
        if len(envelope.rcpt_tos) >= 20:
            return "452 4.5.3 Too many recipients"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", errors="replace")
        try:
            await sync_to_async(_receive, thread_sensitive=True)(content, list(envelope.rcpt_tos))
        except Exception as exc:  # the sender retries; nothing about the message is logged
            logger.error("inbound: a message could not be taken (%s)", type(exc).__name__)
            return "451 4.3.0 Temporary failure, try again later"
        logger.info("inbound: a message was received (%d bytes)", len(content))
        return "250 Message accepted"


def receiver_start(*, host: str | None = None, port: int | None = None) -> Any:
    """Start the receiver in a thread of its own (aiosmtpd's Controller); call `.stop()` to end it."""
    from aiosmtpd.controller import Controller

    # aiosmtpd logs each session's envelope (addresses) at INFO: never kept (docs/security.md).
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(
        InboundHandler(settings.INBOUND_EMAIL_DOMAIN),
        hostname=host or settings.INBOUND_SMTP_HOST,
        port=port or settings.INBOUND_SMTP_PORT,
        data_size_limit=settings.INBOUND_MAX_BYTES,
        decode_data=False,
    )
    controller.start()
    return controller


class Command(BaseCommand):
    help = "Receive replies and drop-box mail over SMTP (INBOUND_SMTP_HOST:INBOUND_SMTP_PORT)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=None, help="address to listen on (INBOUND_SMTP_HOST)")
        parser.add_argument("--port", type=int, default=None, help="port to listen on (INBOUND_SMTP_PORT)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.INBOUND_EMAIL_DOMAIN:
            self.stderr.write("INBOUND_EMAIL_DOMAIN is not set: every recipient would be refused.")
        controller = receiver_start(host=options["host"], port=options["port"])
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        self.stdout.write(
            f"Receiving mail for @{settings.INBOUND_EMAIL_DOMAIN or '-'} on "
            f"{controller.hostname}:{controller.port}"
        )
        try:
            stop.wait()
        finally:
            controller.stop()
