"""Issue 17: no log handler writes signed-link tokens, under DEBUG or not. Django's default logging
(its DEBUG console handler on the `django` logger) printed any django.* record unredacted — a CSRF
failure on a review page quotes the path, token included."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils.log import configure_logging

TOKEN = "AbCdEf0123456789tokenXYZ"


@pytest.fixture
def written() -> Iterator[io.StringIO]:
    """Logging configured exactly as Django does at start-up (its DEFAULT_LOGGING, then
    settings.LOGGING), with every stream handler of every logger writing into one buffer."""
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    buffer = io.StringIO()
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logging.root.manager.loggerDict)]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                handler.setStream(buffer)
    yield buffer
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(
    "logger", ["django.security.csrf", "django.request", "django.server", "django.template", "django"]
)
def test_no_handler_writes_a_signed_link_token(written, debug, logger):
    with override_settings(DEBUG=debug):
        logging.getLogger(logger).warning("Forbidden (CSRF token missing.): %s", f"/review/{TOKEN}/")
        logging.getLogger(logger).error("Not Found: /consent/%s/", TOKEN)
    text = written.getvalue()
    assert "/review/" in text  # the line itself is written, its key is not
    assert TOKEN not in text
