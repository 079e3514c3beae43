from __future__ import annotations

from typing import Any

from django import forms

from core.forms import DateInput, Form, ModelForm
from core.widgets import RecordPicker
from privacy.models import ErasureRequest, RetentionPolicy


class PolicyForm(ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["keep_for_days", "notify_before_days", "is_active"]
        labels = {"keep_for_days": "Keep for (days)", "notify_before_days": "Notify (days before)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The inputs sit in table cells; the form element is in the last cell (HTML `form` attribute).
        for name, field in self.fields.items():
            field.widget.attrs.update(
                {"form": f"policy-{self.instance.pk}", "aria-label": f"{self.instance} {name}"}
            )


class RequestForm(Form):
    candidate = forms.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        label="Candidate",
        help_text="Type the person's name, email or candidate number.",
        widget=RecordPicker(lookup="candidates:lookup", placeholder="Type a name, email or number…"),
    )
    received_on = forms.DateField(widget=DateInput)


class ReasonForm(Form):
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ExemptionForm(ReasonForm):
    exemption = forms.ChoiceField(choices=[c for c in ErasureRequest.Exemption.choices if c[0]])
