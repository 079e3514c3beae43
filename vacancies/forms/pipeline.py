"""Pipeline forms: a move on the board, a bulk reject, interviews, offers and the placement."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import validate_email

from core.forms import DateInput, DateTimeInput, Form, ModelForm
from vacancies.models import Interview, Offer, Stage
from vacancies.models.pipeline import MAX_EXPECTED_DAYS
from vacancies.selectors.pipeline import rejection_reason_list

MOVABLE = [(s.value, s.label) for s in Stage if s != Stage.PLACED]


class MoveForm(Form):
    stage = forms.ChoiceField(choices=MOVABLE)
    rejection_reason = forms.ModelChoiceField(queryset=rejection_reason_list(), required=False)
    withdrawn_reason = forms.CharField(max_length=300, required=False)
    # The application's version when the board was drawn (core.versioning): a stale move is refused.
    updated_at = forms.CharField(required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rejection_reason"].queryset = rejection_reason_list()  # type: ignore[attr-defined]

    def reason(self) -> Any:
        stage = self.cleaned_data["stage"]
        if stage == Stage.REJECTED:
            return self.cleaned_data.get("rejection_reason")
        if stage == Stage.WITHDRAWN:
            return self.cleaned_data.get("withdrawn_reason", "")
        return None


class BulkRejectForm(Form):
    rejection_reason = forms.ModelChoiceField(queryset=rejection_reason_list(), label="Reason")
    applications = forms.TypedMultipleChoiceField(coerce=int, choices=[], label="Candidates")

    def __init__(self, *args: Any, application_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rejection_reason"].queryset = rejection_reason_list()  # type: ignore[attr-defined]
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]  # type: ignore[attr-defined]


class EmailListField(forms.CharField):
    """Addresses typed in one box, separated by commas, semicolons or spaces: a list of them."""

    default_error_messages = {"invalid": "“%(value)s” is not an email address."}
    MAX = 10

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(self.prepare_value(value)) or ""
        return [part for part in re.split(r"[\s,;]+", text) if part]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for address in value:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": address[:80]}
                ) from None
        if len(value) > self.MAX:
            raise forms.ValidationError(f"Give at most {self.MAX} addresses.", code="max")

    def run_validators(self, value: Any) -> None:
        return None  # max_length applies to the typed text, checked on each address above


class InterviewForm(ModelForm):
    video_link = forms.URLField(required=False, assume_scheme="https", max_length=200)
    interviewer_emails = EmailListField(
        required=False,
        max_length=1000,
        label="Interviewers' emails",
        help_text="Each is sent the calendar invitation. Separate them with commas.",
    )
    duration_minutes = forms.IntegerField(
        required=False, min_value=5, max_value=600, initial=60, label="Length (minutes)"
    )

    class Meta:
        model = Interview
        fields = [
            "starts_at",
            "duration_minutes",
            "kind",
            "interviewers",
            "interviewer_emails",
            "location",
            "video_link",
        ]
        widgets = {"starts_at": DateTimeInput}
        labels = {"starts_at": "When", "interviewers": "Interviewers (names)"}

    def clean_duration_minutes(self) -> int:
        return self.cleaned_data.get("duration_minutes") or 60


class InterviewOutcomeForm(ModelForm):
    class Meta:
        model = Interview
        fields = ["outcome", "feedback"]
        widgets = {"feedback": forms.Textarea(attrs={"rows": 2})}


class OfferForm(ModelForm):
    class Meta:
        model = Offer
        fields = ["offered_on", "salary", "day_rate", "start_on", "counter_offer_risk", "counter_offer_note"]
        widgets = {
            "offered_on": DateInput,
            "start_on": DateInput,
        }
        labels = {
            "salary": "Salary (£ a year)",
            "day_rate": "Day rate (£)",
            "counter_offer_risk": "Counter-offer risk",
        }


class PlacementForm(Form):
    start_on = forms.DateField(label="Start date", widget=DateInput)
    salary = forms.IntegerField(label="Salary (£ a year)", min_value=0, required=False)
    fee = forms.IntegerField(
        label="Fee (£)", min_value=0, required=False, help_text="Leave blank to use the client's fee percent."
    )
    pay_rate = forms.IntegerField(label="Pay rate (£ a day)", min_value=0, required=False)
    charge_rate = forms.IntegerField(label="Charge rate (£ a day)", min_value=0, required=False)
    expected_days = forms.IntegerField(
        label="Expected days",
        min_value=1,
        max_value=MAX_EXPECTED_DAYS,
        required=False,
        help_text="Working days the assignment should run: day margin \u00d7 days is its fee.",
        error_messages={"required": "Give the expected working days of a contract or temp assignment."},
    )

    def __init__(self, *args: Any, is_perm: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("pay_rate", "charge_rate", "expected_days") if is_perm else ("salary", "fee"):
            del self.fields[name]
        if not is_perm:
            for name in ("pay_rate", "charge_rate", "expected_days"):
                self.fields[name].required = True


class PlacementDaysForm(Form):
    """Contract and temp: the expected days, given later or changed on an extension."""

    expected_days = forms.IntegerField(label="Expected days", min_value=1, max_value=MAX_EXPECTED_DAYS)
