from __future__ import annotations

from typing import Any

from django import forms

from privacy.models import ErasureRequest, RetentionPolicy

DATE = forms.DateInput(attrs={"type": "date"})


class PolicyForm(forms.ModelForm):
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


class RequestForm(forms.Form):
    candidate = forms.IntegerField(min_value=1, label="Candidate number")
    received_on = forms.DateField(widget=DATE)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ExemptionForm(ReasonForm):
    exemption = forms.ChoiceField(choices=[c for c in ErasureRequest.Exemption.choices if c[0]])
