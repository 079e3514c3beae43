"""Forms for the customer-service pages. Related choices are limited to what the user sees."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from candidates.models import Candidate
from clients.models import Client, Contact
from core.models import User
from engagement.models import Communication, Complaint, EmailTemplate, Improvement


class LogForm(forms.Form):
    kind = forms.ChoiceField(choices=Communication.Kind.choices, initial=Communication.Kind.CALL)
    direction = forms.ChoiceField(
        choices=Communication.Direction.choices, initial=Communication.Direction.OUTBOUND
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "complainant_type",
            "candidate",
            "contact",
            "complainant_name",
            "channel",
            "category",
            "severity",
            "description",
            "received_at",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["candidate"]).queryset = Candidate.objects.visible_to(user).filter(
            anonymised_at__isnull=True
        )
        cast(Any, self.fields["contact"]).queryset = Contact.objects.visible_to(user).select_related("client")
        self.fields["received_at"].required = False


class FollowUpForm(forms.Form):
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Written follow-up summary")
    send = forms.BooleanField(required=False, initial=True, label="Email it to the complainant")


class CloseForm(forms.Form):
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))


class ImprovementForm(forms.ModelForm):
    class Meta:
        model = Improvement
        fields = ["you_said", "we_did", "status", "client"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 3}), "we_did": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["client"]).queryset = Client.objects.visible_to(user)


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class SendEmailForm(forms.Form):
    template = forms.ModelChoiceField(queryset=EmailTemplate.objects.all(), to_field_name="code")


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(11)], coerce=int, widget=forms.RadioSelect, label="Score"
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000)
