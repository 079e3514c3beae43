"""Log lines never carry personal data or secrets (docs/security.md, "What is logged").

Code logs ids and codes, never names, emails or free text. What the frameworks log about requests
is cleaned here, because it quotes the URL:
- signed-link tokens (`/review/<token>/`, `/consent/…`, `/survey/…`, `/keep/…`) and password-reset
  tokens are keys: a log reader could open the page with one;
- query strings carry search terms (`?q=Smith`), which are personal data;
- any other path segment that is neither a number nor a word of our own URL patterns (a name typed
  into a 404 address, `/candidates/jane.smith/`) becomes `[redacted]`;
- an email address that slipped into any message is masked, as a last safety net.

`RedactSecrets` is a logging filter on the stderr handler and the request loggers (settings.LOGGING);
`GunicornLogger` does the same for gunicorn's access log (gunicorn.conf.py). Nothing here imports
Django at import time, so gunicorn can load it before the app.
"""

from __future__ import annotations

import logging
import re
from typing import Any

_LINK_TOKEN = re.compile(r"/(review|consent|survey|keep)/[^/\s?\"']+")
_RESET_TOKEN = re.compile(r"/reset/(?!sent/|complete/)[^/\s?\"']+/[^/\s?\"']+")
_QUERY = re.compile(r"\?[^\s\"']*")
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(\.[\w-]+)+")


_PATH = re.compile(r"(?<![\w/])/[^\s\"']*")
_route_words: frozenset[str] | None = None


def route_words() -> frozenset[str]:
    """Every literal segment of the URL configuration (`candidates`, `documents`, `v1`, …)."""
    global _route_words
    if _route_words is None:
        try:
            from django.urls import get_resolver
            from django.urls.resolvers import URLResolver

            words: set[str] = set()

            def walk(patterns: list[Any]) -> None:
                for entry in patterns:
                    route = str(entry.pattern)
                    words.update(
                        re.findall(r"(?<![<\w])[\w.-]+(?![\w]*>)", route.replace("^", "").replace("$", ""))
                    )
                    if isinstance(entry, URLResolver):
                        walk(entry.url_patterns)

            walk(get_resolver().url_patterns)
            _route_words = frozenset(words)
        except Exception:  # settings not loaded (gunicorn master): tokens and queries only
            return frozenset()
    return _route_words


def _clean_path(match: re.Match[str]) -> str:
    words = route_words()
    if not words:
        return match.group(0)
    segments = match.group(0).split("/")
    kept = [
        s if (not s or s.isdigit() or s in words or s.startswith(("[", "?"))) else "[redacted]"
        for s in segments
    ]
    return "/".join(kept)


def redact(text: str) -> str:
    text = _LINK_TOKEN.sub(r"/\1/[token]", text)
    text = _RESET_TOKEN.sub("/reset/[token]", text)
    text = _QUERY.sub("?[query]", text)
    text = _EMAIL.sub("[email]", text)
    return _PATH.sub(_clean_path, text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: keep it as it was
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


from gunicorn.glogging import Logger as _GunicornBase  # noqa: E402 - a dependency (pyproject)


class GunicornLogger(_GunicornBase):
    """gunicorn's logger with the URL, query string and referrer cleaned in every access line."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for name in ("r", "U", "f"):
            if isinstance(atoms.get(name), str):
                atoms[name] = redact(atoms[name])
        atoms["q"] = ""
        return atoms
