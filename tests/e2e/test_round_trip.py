"""Nothing typed is lost: every record form the URLconf serves, created with every field filled in
Chromium, opened again and saved unchanged, leaves the record exactly as it was.

Which forms the pages serve is read from the URLconf (each view's code and the helpers it calls name
their form classes), so a new model form shows up here by itself: it must be in EDIT_PAGES (this
test then drives it) or in NOT_EDITED with the reason it has no edit page, or the first test fails.
The values typed are the ones tests/core/test_form_round_trip.py types (never a field's default).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.core.management import call_command
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from playwright.sync_api import expect

from candidates.forms import CandidateForm, DiversityForm, QualificationForm, WorkHistoryForm
from candidates.models import Candidate
from clients.forms import ClientForm, ContactForm
from clients.models import Client, Contact
from core.models import User
from engagement.forms import ComplaintForm, EmailTemplateForm, ImprovementForm
from engagement.models import EmailTemplate
from privacy.forms import PolicyForm
from tests.core.test_form_round_trip import typed_value
from tests.e2e.conftest import login, screenshot
from vacancies.forms.pipeline import InterviewForm, InterviewOutcomeForm, OfferForm
from vacancies.forms.vacancies import VacancyForm
from vacancies.models import Vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server: Any, browser: Any) -> Iterator[Any]:
    # As a UK agency's browsers are set up. (Headless Chromium still draws date inputs in its own
    # mm/dd/yyyy; what matters here is the value, always 2027-01-29.)
    context = browser.new_context(
        viewport={"width": 1440, "height": 900},
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --- Which forms the URLconf serves -----------------------------------------------------------


def _patterns(resolver: URLResolver) -> Iterator[URLPattern]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)
        else:
            yield entry


def _forms_named_by(func: Any, seen: set[Any]) -> set[type[forms.BaseForm]]:
    """The form classes a view names, following the project's own helpers it calls."""
    func = inspect.unwrap(func)
    if func in seen or not inspect.isfunction(func):
        return set()
    seen.add(func)
    found: set[type[forms.BaseForm]] = set()
    names = inspect.getclosurevars(func)
    for value in {**names.globals, **names.nonlocals}.values():
        if isinstance(value, type) and issubclass(value, forms.BaseForm):
            found.add(value)
        elif inspect.isfunction(value) and value.__module__.split(".")[0] == func.__module__.split(".")[0]:
            found |= _forms_named_by(value, seen)
    return found


def served_model_forms() -> set[type[forms.ModelForm]]:
    served: set[type[forms.ModelForm]] = set()
    for pattern in _patterns(get_resolver()):
        view = getattr(pattern.callback, "view_class", None) or pattern.callback
        if not view.__module__.startswith(
            (
                "candidates",
                "clients",
                "compliance",
                "engagement",
                "privacy",
                "vacancies",
                "recruitcrm",
                "core",
            )
        ):
            continue
        for form_class in _forms_named_by(view, set()):
            if issubclass(form_class, forms.ModelForm):
                served.add(form_class)
    return served


# --- The edit pages -----------------------------------------------------------------------------


@dataclass
class EditPage:
    model: type[models.Model]
    forms: list[tuple[str | None, type[forms.BaseForm]]]  # (prefix, form) on the page
    edit_url: Callable[[Any], str]
    create_url: Callable[[], str] | None = None  # None: edited from the start (made by the app)
    existing: Callable[[], Any] | None = None
    user: str = "rachel"
    choose: dict[str, Callable[[], str]] = field(default_factory=dict)  # values that depend on data
    children: Callable[[Any], dict[str, Any]] = lambda obj: {}
    screenshot: bool = False


def _rachel_client() -> Client:
    return Client.objects.visible_to(User.objects.get(username="rachel")).order_by("pk").first()


def _candidate_children(candidate: Candidate) -> dict[str, Any]:
    return {
        "skills": sorted(link.skill.name for link in candidate.skill_links.all()),
        "work_history": list(
            candidate.work_history.values("employer", "title", "started_on", "ended_on", "summary")
        ),
        "qualifications": list(
            candidate.qualifications.values("name", "institution", "awarded_on", "verified")
        ),
    }


EDIT_PAGES: dict[type[forms.ModelForm], EditPage] = {
    CandidateForm: EditPage(
        model=Candidate,
        forms=[(None, CandidateForm), ("history-0", WorkHistoryForm), ("quals-0", QualificationForm)],
        create_url=lambda: "/candidates/new/",
        edit_url=lambda c: f"/candidates/{c.pk}/edit/",
        choose={"status": lambda: "active", "source": lambda: "referral"},
        children=_candidate_children,
        screenshot=True,
    ),
    ClientForm: EditPage(
        model=Client,
        forms=[(None, ClientForm)],
        create_url=lambda: "/clients/new/",
        edit_url=lambda c: f"/clients/{c.pk}/edit/",
        choose={"status": lambda: "active"},
        screenshot=True,
    ),
    ContactForm: EditPage(
        model=Contact,
        forms=[(None, ContactForm)],
        create_url=lambda: f"/clients/{_rachel_client().pk}/contacts/new/",
        edit_url=lambda c: f"/clients/{c.client_id}/contacts/{c.pk}/edit/",
    ),
    VacancyForm: EditPage(
        model=Vacancy,
        forms=[(None, VacancyForm)],
        create_url=lambda: "/vacancies/new/",
        edit_url=lambda v: f"/vacancies/{v.pk}/edit/",
        choose={
            "client": lambda: str(_rachel_client().pk),
            "contact": lambda: str(_rachel_client().contacts.order_by("pk").first().pk),
            "status": lambda: "draft",
            # A draft cannot be published (the careers site takes open vacancies only).
            "is_published": lambda: "",
        },
        screenshot=True,
    ),
    EmailTemplateForm: EditPage(
        model=EmailTemplate,
        forms=[(None, EmailTemplateForm)],
        existing=lambda: EmailTemplate.objects.order_by("pk").first(),
        edit_url=lambda t: f"/service/templates/{t.pk}/",
        user="maya",
    ),
}

NOT_EDITED: dict[type[forms.ModelForm], str] = {
    DiversityForm: "special category data: the page never shows stored answers (UK GDPR art. 9)",
    ComplaintForm: "a complaint is recorded once; later changes are its own steps (follow-up, close)",
    ImprovementForm: "recorded once; its status moves with buttons",
    InterviewForm: "booked once; the outcome is InterviewOutcomeForm",
    OfferForm: "recorded once; accepted or declined by its own steps",
    InterviewOutcomeForm: "one outcome and feedback box inline on the application page (unit round trip)",
    PolicyForm: "three numbers inline in the retention table (unit round trip)",
}


def test_every_model_form_the_pages_serve_is_round_tripped() -> None:
    served = served_model_forms()
    assert served, "the URLconf walk found no forms"
    missing = {f.__name__ for f in served} - {f.__name__ for f in (*EDIT_PAGES, *NOT_EDITED)}
    assert not missing, f"model forms served by a page with no round trip here: {sorted(missing)}"


# --- The round trip -----------------------------------------------------------------------------


def form_kwargs(form_class: type[forms.BaseForm], user: User) -> dict[str, Any]:
    params = inspect.signature(form_class.__init__).parameters
    return {name: user for name in ("user",) if name in params}


def fill(page: Any, page_spec: EditPage, user: User) -> list[str]:
    """Type a value into every field of the page's forms; the names filled, in order."""
    filled = []
    for prefix, form_class in page_spec.forms:
        form = form_class(**form_kwargs(form_class, user))
        for name, form_field in form.fields.items():
            key = f"{prefix}-{name}" if prefix else name
            widget = form_field.widget
            if widget.is_hidden or isinstance(form_field, forms.FileField):
                continue
            if prefix is None and name in page_spec.choose:
                value: Any = page_spec.choose[name]()
            else:
                value = typed_value(name, form_field)
            control = page.locator(f"[name='{key}']")
            if control.count() == 0:
                continue  # shown only when it applies (the suppression reason)
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                for option in control.all():
                    wanted = option.get_attribute("value") in (value if isinstance(value, list) else [value])
                    option.set_checked(wanted)
            elif isinstance(widget, forms.CheckboxInput):
                control.set_checked(value == "on")
            elif isinstance(widget, forms.Select):
                control.select_option(value)
            else:
                control.fill(value.replace("\r\n", "\n"))
            filled.append(key)
    return filled


def snapshot(page_spec: EditPage, obj: models.Model) -> dict[str, Any]:
    obj = type(obj).objects.get(pk=obj.pk)
    data: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        if getattr(model_field, "auto_now", False):
            continue  # "when it was last saved" is not something typed
        data[model_field.name] = getattr(obj, model_field.attname)
    for m2m in obj._meta.many_to_many:
        data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    data.update(page_spec.children(obj))
    return data


def save(page: Any, first_key: str) -> None:
    page.locator(f"form:has([name='{first_key}']) button[type=submit]").last.click()
    page.wait_for_load_state("load")
    expect(page.locator(".field-invalid")).to_have_count(0)
    expect(page.locator(".alert-error")).to_have_count(0)


@pytest.mark.parametrize("form_class", list(EDIT_PAGES), ids=lambda f: f.__name__)
def test_saving_an_edit_form_unchanged_changes_nothing(page: Any, live_server: Any, form_class: Any) -> None:
    call_command("seed_demo", quiet_logins=True)
    spec = EDIT_PAGES[form_class]
    user = User.objects.get(username=spec.user)
    login(page, spec.user)

    if spec.create_url is not None:
        before = set(spec.model.objects.values_list("pk", flat=True))
        page.goto(spec.create_url())
        # A create form puts the cursor in its first field.
        first = next(
            name
            for name, f in form_class(**form_kwargs(form_class, user)).fields.items()
            if not f.widget.is_hidden
        )
        expect(page.locator(f"[name='{first}']").first).to_be_focused()
        filled = fill(page, spec, user)
        save(page, filled[0])
        (obj,) = spec.model.objects.exclude(pk__in=before)
    else:
        obj = spec.existing()
        page.goto(spec.edit_url(obj))
        filled = fill(page, spec, user)
        save(page, filled[0])
    stored = snapshot(spec, obj)

    # Everything typed was stored: no field the form shows is left empty.
    main_form = form_class(**form_kwargs(form_class, user))
    for name in main_form.fields:
        if name in stored and not isinstance(main_form.fields[name], forms.BooleanField):
            assert stored[name] not in (None, "", [], {}), f"{name} was typed but not stored"
    for key in ("work_history", "qualifications", "skills"):
        if key in stored:
            assert stored[key], f"{key} was typed but not stored"

    page.goto(spec.edit_url(obj))
    first_shown = next(key for key in filled if page.locator(f"[name='{key}']").count())  # client is fixed
    expect(page.locator(f"[name='{first_shown}']").first).to_be_visible()
    if spec.screenshot:
        name = f"round-trip-{spec.model._meta.model_name}-edit"
        page.set_viewport_size({"width": 1440, "height": 900})
        screenshot(page, f"{name}-desktop")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, f"{name}-mobile")
        page.set_viewport_size({"width": 1440, "height": 900})
    save(page, first_shown)

    after = snapshot(spec, obj)
    changed = {k: (stored[k], after.get(k)) for k in stored if stored[k] != after.get(k)}
    assert not changed, f"saving unchanged changed: {changed}"
