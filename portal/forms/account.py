"""The candidate portal's forms: plain words, the person's own values, errors per field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from candidates.models import Candidate
from candidates.normalise import normalise_phone, normalise_postcode, split_list
from compliance import rules
from core.forms import DateInput, Form

MAX_LIST = 10


class SignInForm(Form):
    autofocus = True
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="The address you gave us when you applied or registered.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )


class ContactForm(Form):
    phone = forms.CharField(
        label="Phone number",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "autocapitalize": "characters"}),
    )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone") or "")

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data.get("postcode") or "")

    def clean_town(self) -> str:
        return " ".join((self.cleaned_data.get("town") or "").split())


class AvailabilityForm(Form):
    available_from = forms.DateField(
        label="I can start from",
        required=False,
        widget=DateInput,
        help_text="Leave empty if you can start now.",
    )
    notice_period_weeks = forms.IntegerField(
        label="Notice period (weeks)", required=False, min_value=0, max_value=52
    )


class ListField(forms.CharField):
    """A list typed in one box, separated by commas; a list shown back the same way."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value


def _list_field(label: str, help_text: str) -> forms.CharField:
    return ListField(
        label=label, required=False, max_length=1000, help_text=help_text, widget=forms.TextInput()
    )


class PreferencesForm(Form):
    desired_roles = _list_field(
        "Roles you are looking for", "Separate them with commas, e.g. Nurse, Care assistant."
    )
    desired_locations = _list_field("Where you would like to work", "Towns or areas, separated with commas.")
    employment_types = forms.MultipleChoiceField(
        label="Types of work",
        choices=Candidate.EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    desired_salary = forms.IntegerField(
        label="Salary you are looking for (£ a year)", required=False, min_value=0, max_value=1_000_000
    )
    desired_day_rate = forms.IntegerField(
        label="Day rate you are looking for (£ a day)", required=False, min_value=0, max_value=10_000
    )

    def _list(self, name: str) -> list[str]:
        items = list(dict.fromkeys(split_list(self.cleaned_data.get(name) or "")))
        if len(items) > MAX_LIST:
            raise ValidationError(f"Give at most {MAX_LIST}.")
        if any(len(item) > 100 for item in items):
            raise ValidationError("Keep each one under 100 characters.")
        return items

    def clean_desired_roles(self) -> list[str]:
        return self._list("desired_roles")

    def clean_desired_locations(self) -> list[str]:
        return self._list("desired_locations")

    def clean_employment_types(self) -> list[str]:
        return sorted(set(self.cleaned_data.get("employment_types") or []))


class ChannelForm(Form):
    preferred_channel = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=[("", "No preference"), *Candidate.Channel.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    contact_frequency = forms.ChoiceField(
        label="How often would you like to hear about new jobs?",
        choices=[("", "No preference"), *Candidate.Frequency.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="News about your own applications always comes.",
    )


class CvForm(Form):
    file = forms.FileField(
        label="Your new CV file",
        help_text="A PDF or Word document (.docx), up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf"}),
    )


class ShareCodeForm(Form):
    share_code = forms.CharField(
        label="Your share code",
        max_length=20,
        help_text="9 letters and numbers starting with W, from GOV.UK's 'Prove your right to work'.",
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_share_code(self) -> str:
        code = rules.normalise_share_code(self.cleaned_data.get("share_code") or "")
        if not rules.share_code_is_valid(code):
            raise ValidationError(
                "A share code is 9 letters and numbers and starts with W, e.g. W12 345 678."
            )
        return code


class EraseForm(Form):
    confirm = forms.BooleanField(
        label="Yes, I want you to erase my details",
        help_text="We will stop contacting you. Records the law makes us keep are removed when it allows.",
    )


def initial_for(candidate: Candidate) -> dict[str, Any]:
    """The candidate's current values for every portal form."""
    return {
        "phone": candidate.phone,
        "town": candidate.town,
        "postcode": candidate.postcode,
        "available_from": candidate.available_from,
        "notice_period_weeks": candidate.notice_period_weeks,
        "desired_roles": list(candidate.desired_roles),
        "desired_locations": list(candidate.desired_locations),
        "employment_types": list(candidate.employment_types),
        "desired_salary": candidate.desired_salary,
        "desired_day_rate": candidate.desired_day_rate,
        "preferred_channel": candidate.preferred_channel,
        "contact_frequency": candidate.contact_frequency,
    }
