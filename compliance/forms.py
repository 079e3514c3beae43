"""Forms for recording checks. Validation of the rules lives in the services; these parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from compliance import rules
from compliance.models import DBSCheck, DBSStatusCheck, IdentityCheck, RightToWorkCheck, VettingNote
from core.forms import DateInput, Form


class HoldsForm(Form):
    """Step 1 of the guided right-to-work form: what the candidate holds decides the routes."""

    autofocus = True  # a page of its own: start typing at once
    holds = forms.ChoiceField(
        label="What does the candidate hold?",
        choices=RightToWorkCheck.Holds.choices,
        widget=forms.RadioSelect,
        help_text="Ask every worker the same question: this decides how to check, not whom.",
    )


class RightToWorkForm(Form):
    autofocus = True  # a page of its own: start typing at once
    route = forms.ChoiceField(
        label="How was it checked?", choices=RightToWorkCheck.Route.choices, widget=forms.RadioSelect
    )
    document_list = forms.ChoiceField(label="Document list", choices=RightToWorkCheck.DocumentList.choices)
    document_type = forms.CharField(
        label="Document seen", max_length=100, required=False, help_text="e.g. UK passport, BRP."
    )
    share_code = forms.CharField(
        label="Share code", max_length=20, required=False, help_text="9 characters, starting with W."
    )
    share_code_issued_on = forms.DateField(label="Share code issued on", required=False, widget=DateInput)
    checked_on = forms.DateField(label="Checked on", widget=DateInput)
    permission_expires_on = forms.DateField(
        label="Permission expires on", required=False, widget=DateInput, help_text="List B Group 1 only."
    )
    pvn_issued_on = forms.DateField(
        label="Positive Verification Notice dated",
        required=False,
        widget=DateInput,
        help_text="Employer Checking Service only.",
    )
    outcome = forms.ChoiceField(choices=RightToWorkCheck.Outcome.choices)
    evidence = forms.FileField(
        label="Evidence (PDF, JPEG or PNG)",
        required=False,
        help_text="The unalterable copy or the online check result.",
    )

    def __init__(self, *args: Any, holds: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routes = rules.ROUTES_FOR_HOLDING.get(holds, ())
        route_field = self.fields["route"]
        assert isinstance(route_field, forms.ChoiceField)
        route_field.choices = [
            (value, label) for value, label in RightToWorkCheck.Route.choices if value in routes
        ]
        if len(routes) == 1:
            route_field.initial = routes[0]
        if rules.ROUTE_SHARE_CODE not in routes:
            del self.fields["share_code"], self.fields["share_code_issued_on"]
        self.fields["checked_on"].initial = timezone.localdate()
        if holds in (rules.HOLDS_BRITISH_IRISH_PASSPORT, rules.HOLDS_BRITISH_IRISH_OTHER):
            # Home Office employer guide: British and Irish citizens' documents are List A.
            self.fields["document_list"].initial = rules.LIST_A
            del self.fields["permission_expires_on"]
        if rules.ROUTE_ECS not in routes:
            del self.fields["pvn_issued_on"]
        else:
            self.fields["document_list"].initial = rules.LIST_B2


class DBSForm(Form):
    autofocus = True  # a page of its own: start typing at once
    vacancy = forms.TypedChoiceField(label="For the vacancy", coerce=int, required=False, empty_value=None)
    level = forms.ChoiceField(choices=DBSCheck.Level.choices)
    workforce = forms.ChoiceField(choices=DBSCheck.Workforce.choices)
    barred_lists = forms.ChoiceField(choices=DBSCheck.BarredLists.choices, required=False)
    certificate_number = forms.CharField(max_length=20, help_text="12 digits.")
    issued_on = forms.DateField(widget=DateInput)
    result = forms.ChoiceField(choices=DBSCheck.Result.choices)
    decision_on = forms.DateField(
        label="Decision made on",
        required=False,
        widget=DateInput,
        help_text="The candidate counts as cleared for DBS only once the decision is recorded.",
    )
    update_service = forms.BooleanField(label="Subscribed to the Update Service", required=False)
    update_service_consent_on = forms.DateField(
        label="Consent to status checks given on", required=False, widget=DateInput
    )

    def __init__(self, *args: Any, vacancies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["vacancy"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "— none (basic check only) —"), *vacancies]


class DBSStatusForm(Form):
    autofocus = True  # a page of its own: start typing at once
    checked_on = forms.DateField(widget=DateInput)
    workforce = forms.ChoiceField(choices=DBSCheck.Workforce.choices)
    outcome = forms.ChoiceField(choices=DBSStatusCheck.Outcome.choices)


class ReferenceForm(Form):
    autofocus = True  # a page of its own: start typing at once
    referee_name = forms.CharField(max_length=200)
    referee_email = forms.EmailField(required=False)
    relationship = forms.CharField(max_length=100, help_text="e.g. line manager, tutor.")
    is_relative = forms.BooleanField(label="The referee is a relative", required=False)
    organisation = forms.CharField(max_length=200, required=False)
    employed_from = forms.DateField(required=False, widget=DateInput)
    employed_to = forms.DateField(required=False, widget=DateInput)
    requested_on = forms.DateField(widget=DateInput)
    received_on = forms.DateField(required=False, widget=DateInput)
    verified = forms.BooleanField(required=False)
    consent_to_disclose = forms.BooleanField(
        label="Referee agrees it may be shown to the client", required=False
    )


class ReferenceRequestForm(Form):
    """Ask a referee by email (issue 18): who they are, and the dates as the candidate gave them."""

    autofocus = True  # a page of its own: start typing at once
    referee_name = forms.CharField(max_length=200)
    referee_email = forms.EmailField(help_text="The request is emailed here.")
    relationship = forms.CharField(max_length=100, help_text="e.g. line manager, tutor.")
    is_relative = forms.BooleanField(label="The referee is a relative", required=False)
    organisation = forms.CharField(max_length=200, required=False)
    employed_from = forms.DateField(required=False, widget=DateInput)
    employed_to = forms.DateField(required=False, widget=DateInput)


class GapExplanationForm(Form):
    starts_on = forms.DateField(widget=forms.HiddenInput)
    ends_on = forms.DateField(widget=forms.HiddenInput)
    explanation = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class VettingNoteForm(Form):
    autofocus = True  # a page of its own: start typing at once
    covers = forms.ChoiceField(choices=VettingNote.Covers.choices)
    steps_taken = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Shown to the client with the candidate.",
    )


class EmploymentEndForm(Form):
    ended_on = forms.DateField(
        label="Employment ended on",
        widget=DateInput,
        help_text="Starts the 2-year clock on right-to-work evidence.",
    )


class IdentityCheckForm(Form):
    """Conduct Regs reg 19(a): how the candidate's identity was confirmed before putting them forward."""

    autofocus = True  # a page of its own: start typing at once
    method = forms.ChoiceField(
        label="How was the identity confirmed?",
        choices=IdentityCheck.Method.choices,
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(label="Checked on", widget=DateInput)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="e.g. which document was seen. No document numbers.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()
