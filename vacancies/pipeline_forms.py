from __future__ import annotations

from typing import Any

from django import forms

from vacancies.models import Interview, Offer, Stage
from vacancies.pipeline_selectors import rejection_reasons

MOVABLE = [(s.value, s.label) for s in Stage if s != Stage.PLACED]


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=MOVABLE)
    rejection_reason = forms.ModelChoiceField(queryset=rejection_reasons(), required=False)
    withdrawn_reason = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rejection_reason"].queryset = rejection_reasons()  # type: ignore[attr-defined]

    def reason(self) -> Any:
        stage = self.cleaned_data["stage"]
        if stage == Stage.REJECTED:
            return self.cleaned_data.get("rejection_reason")
        if stage == Stage.WITHDRAWN:
            return self.cleaned_data.get("withdrawn_reason", "")
        return None


class BulkRejectForm(forms.Form):
    rejection_reason = forms.ModelChoiceField(queryset=rejection_reasons(), label="Reason")
    applications = forms.TypedMultipleChoiceField(coerce=int, choices=[], label="Candidates")

    def __init__(self, *args: Any, application_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rejection_reason"].queryset = rejection_reasons()  # type: ignore[attr-defined]
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]  # type: ignore[attr-defined]


class InterviewForm(forms.ModelForm):
    video_link = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Interview
        fields = ["starts_at", "kind", "interviewers", "location", "video_link"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }
        labels = {"starts_at": "When"}


class InterviewOutcomeForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["outcome", "feedback"]
        widgets = {"feedback": forms.Textarea(attrs={"rows": 2})}


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["offered_on", "salary", "day_rate", "start_on", "counter_offer_risk", "counter_offer_note"]
        widgets = {
            "offered_on": forms.DateInput(attrs={"type": "date"}),
            "start_on": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {
            "salary": "Salary (£ a year)",
            "day_rate": "Day rate (£)",
            "counter_offer_risk": "Counter-offer risk",
        }


class PlacementForm(forms.Form):
    start_on = forms.DateField(label="Start date", widget=forms.DateInput(attrs={"type": "date"}))
    salary = forms.IntegerField(label="Salary (£ a year)", min_value=0, required=False)
    fee = forms.IntegerField(
        label="Fee (£)", min_value=0, required=False, help_text="Leave blank to use the client's fee percent."
    )
    pay_rate = forms.IntegerField(label="Pay rate (£ a day)", min_value=0, required=False)
    charge_rate = forms.IntegerField(label="Charge rate (£ a day)", min_value=0, required=False)

    def __init__(self, *args: Any, is_perm: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("pay_rate", "charge_rate") if is_perm else ("salary", "fee"):
            del self.fields[name]
