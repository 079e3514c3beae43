"""Every form in the project survives a browser: shown with values, read back as the browser sends
them, it gives the same values (STYLE.md "A form is tested the way a browser uses it").

The forms come from `core.checks.project_form_classes` (every form class the apps define, so a new
form is covered without a line here). Each one is filled as a person would type it, with a value
that is not the field's default; the cleaned values are shown in a fresh form (as an edit page
shows what was stored); its HTML is read the way Chromium reads it: a date input keeps only
YYYY-MM-DD, a number input only a number, a textarea drops the newline after its tag and sends
every line break as CRLF, unchecked boxes send nothing, a select sends its selected options. The
result must clean to exactly the same values. tests/e2e/test_round_trip.py does the same through
the real pages in Chromium.
"""

from __future__ import annotations

import datetime
import inspect
import io
import re
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from candidates.forms import BulkTagForm
from core import forms as core_forms
from core.checks import check_forms_round_trip, project_form_classes
from engagement.models import EmailTemplate
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.vacancies import VacancyFactory

pytestmark = pytest.mark.django_db

# Not round-tripped, and why.
SKIPPED = {
    core_forms.Form: "a base class",
    core_forms.ModelForm: "a base class",
    core_forms.LoginForm: "a password is never shown back",
    BulkTagForm: "its ids are the list page's checkboxes, never shown back in a field",
}

# Fields left empty where a form takes one of several ("one candidate or one contact").
LEFT_EMPTY = {"FileInboundForm": {"contact"}}

# Values a person would type where the field's type alone does not say what is valid.
TYPED = {
    "phone": "+447700900123",
    "postcode": "LS1 4AB",
    "share_code": "W12345678",
    "certificate_number": "001234567890",
    "rebate_schedule": "4:100, 8:50, 12:25",
    "code": "123456",
    "tag": "round-trip",
    "ids": "1",
    "stage": "interview",
    # A candidate number: the request forms look it up later, the form only parses it.
    "candidate": "42",
    # Addresses typed in one box (vacancies.forms.pipeline.EmailListField).
    "interviewer_emails": "sam@example.com, priya@example.org",
    # The careers-site application: the privacy notice version the page showed (portal.forms).
    "privacy_notice_version": "2024-1",
}

DATE = "2027-01-29"  # the day from the bug report: shown as 29/01/2027, a date input dropped it
DATETIME = "2027-01-29T10:15:30"
PROSE = "First line, with “quotes” & <angle brackets>\r\n\r\nThird line\r\n  indented line"

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$")
_NUMBER_RE = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


@pytest.fixture
def world(recruiter: Any, teammate: Any) -> dict[str, Any]:
    """Something to choose in every choice of a related record the recruiter can see."""
    client = ClientFactory(team=recruiter.team)
    contact = ContactFactory(client=client, team=recruiter.team)
    candidate = CandidateFactory(owner=recruiter)
    vacancy = VacancyFactory(client=client, team=recruiter.team)
    EmailTemplate.objects.create(code="round-trip", name="Round trip", subject="Hello", body="Hi")
    from candidates.services import document_upload
    from tests.candidates.files import make_pdf

    cv = document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(make_pdf("A CV")), filename="cv.pdf"
    )
    return {
        "cv": cv,
        "user": recruiter,
        "teammate": teammate,
        "candidate": candidate,
        "vacancy": vacancy,
        "contact": contact,
    }


def form_kwargs(form_class: type[forms.BaseForm], world: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments a view passes the form, by name."""
    by_name: dict[str, Any] = {
        "user": world["user"],
        "actor": world["user"],
        "named": [world["teammate"]],
        "holds": "pending_application",
        "vacancies": [(world["vacancy"].pk, world["vacancy"].title)],
        "application_ids": [1, 2, 3],
        "is_perm": True,
        # A vacancy's contacts are its client's own (issue 16): the form is opened from a client.
        "client": world["vacancy"].client,
        "request": None,
        # "Send to client" (issue 18): the vacancy client's contacts and the candidate's CVs.
        "contacts": [world["contact"]],
        "cvs": [world["cv"]],
        # The careers-site application form (issue 19): the current privacy notice's version.
        "notice_version": "2024-1",
    }
    kwargs = {}
    for cls in form_class.__mro__:
        init = cls.__dict__.get("__init__")
        if init is None:
            continue
        for name, param in inspect.signature(init).parameters.items():
            if param.kind is param.KEYWORD_ONLY and name in by_name:
                kwargs.setdefault(name, by_name[name])
    return kwargs


def choice_values(field: forms.ChoiceField) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # an optgroup
            values.extend(str(v) for v, _ in label)
        else:
            values.append(str(value.value if hasattr(value, "value") else value))
    return [v for v in values if v != ""]


def typed_value(name: str, field: forms.Field) -> Any:
    """What a person types or picks: never the field's default, so losing it shows."""
    initial = field.initial() if callable(field.initial) else field.initial
    if name in TYPED and not isinstance(field, forms.ChoiceField):
        return TYPED[name]
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.BooleanField):
        return None if initial else "on"
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(v) for v in choice_values(field)[-2:]]
    if isinstance(field, forms.MultipleChoiceField):
        return choice_values(field)[-2:]
    if isinstance(field, forms.ChoiceField):
        values = choice_values(field)
        assert values, f"{name}: nothing to choose"
        others = [v for v in values if v != str(initial)]
        return (others or values)[-1]
    if isinstance(field, forms.DateTimeField):
        return DATETIME
    if isinstance(field, forms.DateField):
        return DATE
    if isinstance(field, forms.DecimalField):
        value = Decimal("12.50") if (field.decimal_places or 0) >= 2 else Decimal(12)
        return str(min(value, Decimal(field.max_value)) if field.max_value is not None else value)
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else 0
        high = field.max_value if field.max_value is not None else low + 40
        value = min(low + 3, high)
        return str(value if value != initial else low + 1)
    if isinstance(field, SimpleArrayField):
        return "Python,PostgreSQL"
    if isinstance(field, forms.EmailField):
        return "round.trip@example.com"
    if isinstance(field, forms.URLField):
        return "https://example.com/round-trip"
    if isinstance(field, forms.CharField):
        text = PROSE if isinstance(field.widget, forms.Textarea) else "Round trip value"
        return text[: field.max_length] if field.max_length else text
    raise AssertionError(f"{name}: no typed value for a {type(field).__name__}; add one to TYPED")


class BrowserForm(HTMLParser):
    """What Chromium submits for a form's HTML (the parts of the HTML standard's form submission
    and value sanitisation that decide whether a value survives)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: list[tuple[str, str]] = []
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "input":
            self._input(attrs)
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"name": attrs.get("name"), "text": ""}

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            text = text[1:] if text.startswith("\n") else text  # the parser drops the first newline
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")  # submitted as CRLF
            self.data.append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and not self._select["multiple"] and options:
                chosen = options[:1]
            for o in chosen:
                value = o["value"] if o["value"] is not None else o["text"].strip()
                self.data.append((self._select["name"], value))
            self._select = None

    def _input(self, attrs: dict[str, str]) -> None:
        kind = attrs.get("type", "text").lower()
        name, value = attrs.get("name"), unescape(attrs.get("value", ""))
        if not name or kind in ("file", "password", "submit", "button", "reset", "image"):
            return
        if kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self.data.append((name, attrs.get("value", "on")))
            return
        if kind == "date" and not _DATE_RE.match(value):
            value = ""
        if kind == "datetime-local" and not _DATETIME_RE.match(value):
            value = ""
        if kind == "number" and not _NUMBER_RE.match(value):
            value = ""
        if kind not in ("hidden", "textarea"):
            value = value.replace("\r", "").replace("\n", "")  # single-line inputs strip line breaks
        self.data.append((name, value))


def submitted(html: str) -> QueryDict:
    parser = BrowserForm()
    parser.feed(html)
    parser.close()
    data = QueryDict(mutable=True)
    for name, value in parser.data:
        data.appendlist(name, value)
    return data


def typed_data(form: forms.BaseForm) -> QueryDict:
    data = QueryDict(mutable=True)
    empty = LEFT_EMPTY.get(type(form).__name__, set())
    for name, field in form.fields.items():
        if name in empty:
            continue
        value = typed_value(name, field)
        if value is None:
            continue
        key = form.add_prefix(name)
        for item in value if isinstance(value, list) else [value]:
            data.appendlist(key, item)
    return data


def upload_files(form: forms.BaseForm) -> MultiValueDict:
    files = MultiValueDict()
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            files[form.add_prefix(name)] = SimpleUploadedFile("cv.txt", b"A plain text CV.", "text/plain")
    return files


def shown(
    form_class: type[forms.BaseForm], kwargs: dict[str, Any], cleaned: dict[str, Any]
) -> forms.BaseForm:
    """An unbound form showing stored values, as an edit page shows them."""
    values = {k: v for k, v in cleaned.items() if not hasattr(v, "read")}
    if issubclass(form_class, forms.ModelForm):
        model = form_class._meta.model
        instance = model()
        model_fields = {f.name for f in model._meta.concrete_fields}
        for name, value in values.items():
            if (name in model_fields and not hasattr(value, "_meta")) or name in model_fields:
                setattr(instance, name, value)
        return form_class(instance=instance, initial=values, **kwargs)
    return form_class(initial=values, **kwargs)


def comparable(value: Any) -> Any:
    if hasattr(value, "read"):
        return "<file>"
    if hasattr(value, "model") and hasattr(value, "values_list"):  # a queryset
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


ROUND_TRIP_FORMS = [cls for cls in project_form_classes() if cls not in SKIPPED]


def test_every_project_form_is_built_on_core_forms() -> None:
    assert check_forms_round_trip() == []
    assert len(ROUND_TRIP_FORMS) > 30  # the discovery found the apps' forms


def test_a_form_not_built_on_core_forms_stops_manage_py_check() -> None:
    class StockForm(forms.Form):
        when = forms.DateField()

    StockForm.__module__ = "candidates.forms"
    try:
        errors = check_forms_round_trip()
    finally:
        StockForm.__module__ = __name__
    assert [e.id for e in errors] == ["core.E001"]
    assert errors[0].level == checks.ERROR


@pytest.mark.parametrize("form_class", ROUND_TRIP_FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_form_round_trips_through_the_browser(
    form_class: type[forms.BaseForm], world: dict[str, Any]
) -> None:
    kwargs = form_kwargs(form_class, world)
    blank = form_class(**kwargs)
    typed = form_class(data=typed_data(blank), files=upload_files(blank), **kwargs)
    assert typed.is_valid(), typed.errors.as_data()

    page = shown(form_class, kwargs, typed.cleaned_data)
    html = "".join(str(bound) for bound in page)
    back = form_class(data=submitted(html), files=upload_files(blank), **kwargs)
    assert back.is_valid(), (back.errors.as_data(), html)
    for name in typed.cleaned_data:
        assert comparable(back.cleaned_data.get(name)) == comparable(typed.cleaned_data[name]), name


def test_the_date_widget_renders_iso_values_a_date_input_keeps() -> None:
    class Dated(core_forms.Form):
        on = forms.DateField()
        at = forms.DateTimeField()
        typed_to_minute = forms.DateTimeField()

    aware = datetime.datetime(2027, 1, 29, 10, 15, 30, tzinfo=datetime.UTC)
    form = Dated(
        initial={"on": datetime.date(2027, 1, 29), "at": aware, "typed_to_minute": aware.replace(second=0)}
    )
    assert 'type="date"' in str(form["on"]) and 'value="2027-01-29"' in str(form["on"])
    # Shown in the agency's local time (UK winter: UTC), to the second only when it has seconds.
    assert 'type="datetime-local"' in str(form["at"]) and 'value="2027-01-29T10:15:30"' in str(form["at"])
    assert 'value="2027-01-29T10:15"' in str(form["typed_to_minute"])


def test_textarea_line_breaks_are_read_back_as_stored() -> None:
    class Note(core_forms.Form):
        text = forms.CharField(widget=forms.Textarea)

    form = Note(data=QueryDict("text=one%0D%0Atwo%0Dthree"))
    assert form.is_valid()
    assert form.cleaned_data["text"] == "one\ntwo\nthree"


def test_an_empty_create_form_focuses_its_first_field_and_an_edit_form_does_not(
    world: dict[str, Any],
) -> None:
    from clients.forms import ClientForm, ContactForm

    create = ClientForm(user=world["user"])
    assert "autofocus" in str(create["name"])
    assert "autofocus" not in str(ClientForm(user=world["user"], instance=world["contact"].client)["name"])
    assert "autofocus" not in str(ContactForm(prefix="contact")["first_name"])  # inside another page
