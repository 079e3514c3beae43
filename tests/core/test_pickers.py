"""No form offers a candidate, contact or vacancy as a <select> of every record (issue 16): each is
a record picker (core.widgets.RecordPicker) over what the user can see. A new form that adds such a
select fails here."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django import forms
from django.apps import apps

from candidates.models import Candidate
from clients.models import Contact
from core.widgets import RecordPicker
from vacancies.models import Vacancy

PICKED = (Candidate, Contact, Vacancy)
PICKED_NAMES = {"candidate", "contact", "vacancy"}
# (form, field) -> why it may stay a <select>.
ALLOWED = {
    ("VacancyForm", "contact"): "only the chosen client's contacts, swapped when the client changes",
}


def _all_form_classes() -> list[type[forms.BaseForm]]:
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in {"django", "rest_framework", "guardian", "axes", "django_otp"}:
            continue
        try:
            package = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):  # forms/ split by area
            importlib.import_module(f"{package.__name__}.{info.name}")
    found: list[type[forms.BaseForm]] = []
    queue: list[Any] = [forms.Form, forms.ModelForm]
    while queue:
        cls = queue.pop()
        for sub in cls.__subclasses__():
            queue.append(sub)
            if sub.__module__.split(".")[0] in {
                "candidates",
                "clients",
                "vacancies",
                "compliance",
                "engagement",
                "privacy",
                "core",
                "recruitcrm",
            }:
                found.append(sub)
    return found


def test_forms_were_found():
    names = {cls.__name__ for cls in _all_form_classes()}
    assert {"ComplaintForm", "ConsentForm", "VacancyForm", "RequestForm"} <= names


def test_no_form_offers_a_select_of_every_candidate_contact_or_vacancy():
    offenders = []
    for cls in _all_form_classes():
        for name, field in cls.base_fields.items():
            if (cls.__name__, name) in ALLOWED or isinstance(field.widget, RecordPicker):
                continue
            model = getattr(getattr(field, "queryset", None), "model", None)
            names_a_record = isinstance(field, forms.IntegerField) and name in PICKED_NAMES
            if (model in PICKED and isinstance(field, forms.ModelChoiceField)) or names_a_record:
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert not offenders, "use core.widgets.RecordPicker for: " + ", ".join(offenders)
