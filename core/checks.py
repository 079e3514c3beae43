"""System check: every form in the project is built on core.forms (seams fail closed, STYLE.md).

A form made straight from Django's `forms.Form` renders dates in the en-GB input format, which a
browser's date input discards, and keeps the browser's CRLF line breaks: saving it unchanged would
change the record. `manage.py check` (and so every test run and deploy) refuses such a form.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.forms import BaseForm

from core.forms import RoundTripMixin


def project_app_labels() -> list[str]:
    """The apps whose code lives in this repository (not in a virtualenv's site-packages)."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and "site-packages" not in config.path
    ]


def project_form_classes() -> list[type[BaseForm]]:
    """Every form class defined in the project's apps, after importing their forms and URLconf
    (the views import every form a page serves)."""
    names = project_app_labels()
    for name in names:
        try:
            importlib.import_module(f"{name}.forms")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{name}.forms", name):
                raise
    importlib.import_module(settings.ROOT_URLCONF)
    prefixes = tuple(f"{name}." for name in names)
    found = {cls for cls in _subclasses(BaseForm) if cls.__module__.startswith(prefixes)}
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@checks.register()
def check_forms_round_trip(**kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"{cls.__module__}.{cls.__qualname__} is not built on core.forms.",
            hint="Subclass core.forms.Form or core.forms.ModelForm: they render dates as ISO values "
            "a browser keeps and read textareas' line breaks back as stored.",
            obj=cls,
            id="core.E001",
        )
        for cls in project_form_classes()
        if not issubclass(cls, RoundTripMixin)
    ]
