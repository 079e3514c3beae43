"""Forms of the public face's pages (no account). The signed-link pages' answers: the referee's
reference, the candidate's interview answer, the feedback survey. They only parse what was typed;
the rules live in the owning apps' services."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import DateInput, Form

RE_EMPLOY = [("yes", "Yes"), ("no", "No"), ("", "I would rather not say")]


class ReferenceAnswerForm(Form):
    """The referee's answer on the public form (no account; signed link)."""

    employed_from = forms.DateField(label="Worked with you from", required=False, widget=DateInput)
    employed_to = forms.DateField(label="Until", required=False, widget=DateInput)
    role = forms.CharField(label="Their role", max_length=200, required=False)
    would_re_employ = forms.ChoiceField(
        label="Would you employ them again?", choices=RE_EMPLOY, required=False, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label="Anything you would like to add",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent_to_disclose = forms.BooleanField(
        label="The agency may show this reference to its client", required=False
    )
    confirm = forms.BooleanField(
        label="I confirm I am the referee named in this request and the answers are true",
        required=True,
        error_messages={"required": "Confirm that you are the referee named in the request."},
    )

    def answer(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["would_re_employ"] = {"yes": True, "no": False}.get(data.get("would_re_employ") or "")
        return data


class InterviewAnswerForm(Form):
    """The candidate's answer to an interview invitation (the page reached by their signed link)."""

    answer = forms.ChoiceField(
        choices=[("attend", "I will attend"), ("rearrange", "I need to rearrange")], widget=forms.HiddenInput
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        label="What would suit you better? (optional)",
    )


class SurveyForm(Form):
    score = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        label="Score",
        error_messages={"required": "Choose a score from 0 to 10."},
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000)
