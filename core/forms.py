"""Form foundations every form in the project stands on (STYLE.md "A form is tested the way a
browser uses it").

A browser keeps only what it can read: `<input type="date">` drops `29/01/2027` (the en-GB input
format Django renders by default) and submits nothing, so saving an edit form unchanged blanked
every date on it. The widgets here render the ISO values the inputs keep; `Form` and `ModelForm`
put them on every date field (declared or made from a model field), read textareas' line breaks as
the browser sends them (`\\r\\n`) back into what was stored (`\\n`), and focus a create form's first
field. `core.checks` refuses to start when a form in the project is not built on them, and
tests/core/test_form_round_trip.py renders every form, reads it back as a browser would and
requires the same values.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.datastructures import MultiValueDict

ISO_DATE = "%Y-%m-%d"
ISO_MINUTE = "%Y-%m-%dT%H:%M"
ISO_SECOND = "%Y-%m-%dT%H:%M:%S"


class DateInput(forms.DateInput):
    """The one date widget: `<input type="date">` with its value as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """The one date-and-time widget: `<input type="datetime-local">` with an ISO value (local time).

    Seconds are rendered only when the value has them, so a time typed to the minute shows no
    seconds box and one recorded to the second keeps its seconds when the form is saved unchanged.
    """

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=ISO_MINUTE)

    def format_value(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime) and (value.second or value.microsecond):
            return value.strftime(ISO_SECOND)
        return super().format_value(value)


def iso_widget(field: forms.Field) -> forms.Widget | None:
    """The ISO widget a date or datetime field should have instead of its current one, if any."""
    widget = field.widget
    if isinstance(widget, forms.HiddenInput | DateInput | DateTimeInput):
        return None  # hidden inputs render str(value): ISO already
    if isinstance(field, forms.DateTimeField):
        return DateTimeInput(attrs=_without_type(widget.attrs))
    if isinstance(field, forms.DateField):
        return DateInput(attrs=_without_type(widget.attrs))
    return None


def _without_type(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k != "type"}


def _browser_newlines(data: Any) -> Any:
    """Browsers submit every line break in a textarea as CRLF; what was stored (and what the API
    and the import write) has LF. Read them as LF so saving unchanged changes nothing."""

    def fix(value: Any) -> Any:
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

    if isinstance(data, MultiValueDict):
        copy = data.copy()  # a QueryDict's copy is mutable
        for key, values in data.lists():
            copy.setlist(key, [fix(v) for v in values])
        return copy
    if isinstance(data, dict):
        return {key: fix(value) for key, value in data.items()}
    return data


class RoundTripMixin:
    """What `Form` and `ModelForm` add to Django's: see the module's docstring.

    `autofocus`: True puts the cursor in the first field when the form is shown empty; False never;
    None (the default) does so for a model form creating a record on its own page (no prefix: a
    prefixed form sits inside another page, where taking the focus would scroll it away).
    """

    autofocus: bool | None = None
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self
        if form.is_bound:
            form.data = _browser_newlines(form.data)
        for field in self.fields.values():
            widget = iso_widget(field)
            if widget is not None:
                field.widget = widget
        if not form.is_bound and self._wants_autofocus():
            self.focus_first_field()

    def _wants_autofocus(self) -> bool:
        if self.autofocus is not None:
            return self.autofocus
        instance = getattr(self, "instance", None)
        return instance is not None and instance.pk is None and getattr(self, "prefix", None) is None

    def focus_first_field(self) -> None:
        for field in self.fields.values():
            if not field.widget.is_hidden and not field.disabled:
                field.widget.attrs["autofocus"] = True
                return


class Form(RoundTripMixin, forms.Form):
    pass


class ModelForm(RoundTripMixin, forms.ModelForm):
    pass


class LoginForm(RoundTripMixin, AuthenticationForm):
    autofocus = True
    username = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


class TwoFactorCodeForm(Form):
    autofocus = True
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class AgencyProfileForm(Form):
    name = forms.CharField(
        label="Agency name",
        max_length=120,
        help_text="As clients see it on the shortlists you send them.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="A PNG or JPEG image up to 1 MB; a wide logo on a white background reads best.",
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)


class PrivacyNoticeForm(Form):
    """A new version of the privacy notice (a new row: published versions are never edited)."""

    version = forms.CharField(
        label="Version", max_length=20, help_text="A new name for this version, e.g. 2026-1."
    )
    text = forms.CharField(
        label="Notice text",
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="The whole notice as candidates read it: on the careers site and in the email sourced "
        "candidates are sent (UK GDPR arts. 13 and 14).",
    )


class UserDetailsForm(Form):
    """The user's own contact details, shown to clients on the shortlists they send."""

    first_name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label="Work email", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.RegexField(
        label="Work phone",
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 ()-]{7,29}$",
        error_messages={"invalid": "Enter a phone number: digits, spaces and an optional leading +."},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
