"""Forms for the customer-service pages. Related choices are limited to what the user sees."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from candidates.models import Candidate, Document
from clients.models import Client, Contact
from core.forms import DateTimeInput, Form, ModelForm
from core.models import User
from core.widgets import RecordPicker
from engagement.models import Communication, Complaint, EmailTemplate, Improvement
from engagement.models.communication import APP_ONLY_TEMPLATE_CODES


class LogForm(Form):
    kind = forms.ChoiceField(choices=Communication.Kind.choices, initial=Communication.Kind.CALL)
    direction = forms.ChoiceField(
        choices=Communication.Direction.choices, initial=Communication.Direction.OUTBOUND
    )
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ComplaintForm(ModelForm):
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
            "received_at": DateTimeInput,
            # Searchable pickers over what the user can see, never a <select> of every record.
            "candidate": RecordPicker(lookup="candidates:lookup", placeholder="Type the candidate's name…"),
            "contact": RecordPicker(lookup="clients:contact_lookup", placeholder="Type the contact's name…"),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["candidate"]).queryset = Candidate.objects.visible_to(user).filter(
            anonymised_at__isnull=True
        )
        contact = cast(Any, self.fields["contact"])
        contact.queryset = Contact.objects.visible_to(user).select_related("client")
        contact.label_from_instance = lambda c: f"{c.full_name} ({c.client.name})"
        for name in ("candidate", "contact"):
            self.fields[name].help_text = "Type a name, or the record's number."
        self.fields["received_at"].required = False


class FollowUpForm(Form):
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Written follow-up summary")
    send = forms.BooleanField(required=False, initial=True, label="Email it to the complainant")


class CloseForm(Form):
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))


class ImprovementForm(ModelForm):
    autofocus = False  # sits under a list (and on a complaint): the page is not only this form

    class Meta:
        model = Improvement
        fields = ["you_said", "we_did", "status", "client"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 3}), "we_did": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["client"]).queryset = Client.objects.visible_to(user)


class EmailTemplateForm(ModelForm):
    """A manager's template: name, subject and body with {{ merge fields }} (checked by the service)."""

    class Meta:
        model = EmailTemplate
        fields = ["name", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "body": "Merge fields: {{ first_name }}, {{ last_name }}, {{ vacancy }}, {{ client }}, "
            "{{ sender }}, {{ complaint_reference }}, {{ link }}.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = self.instance.pk is None  # editing: blank keeps the name
        self._original_name = self.instance.name

    def clean_name(self) -> str:
        return (self.cleaned_data.get("name") or "").strip() or self._original_name

    def validate_unique(self) -> None:
        """The service checks the name (a clear field error), not the model's unique code."""


class SendEmailForm(Form):
    """The composer: free text, or a template as a starting point (filled in, then edited)."""

    autofocus = False
    template = forms.ModelChoiceField(
        queryset=EmailTemplate.objects.exclude(code__in=APP_ONLY_TEMPLATE_CODES),
        to_field_name="code",
        required=False,
        empty_label="Free text (no template)",
        label="Start from a template",
    )
    subject = forms.CharField(max_length=200, required=False)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}), max_length=50_000, required=False, label="Message"
    )
    attachments = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, documents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(Any, self.fields["attachments"])
        if documents is None:
            del self.fields["attachments"]
        else:
            field.queryset = documents
            field.label_from_instance = lambda d: (
                f"{d.filename} ({d.get_kind_display()}, {d.uploaded_at:%d %b %Y})"
            )


class FileInboundForm(Form):
    """Filing an unmatched message: one candidate or one contact, picked by typing."""

    autofocus = False
    candidate = forms.ModelChoiceField(
        queryset=Candidate.objects.none(),
        required=False,
        widget=RecordPicker(lookup="candidates:lookup", placeholder="Type the candidate's name…"),
    )
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        required=False,
        widget=RecordPicker(lookup="clients:contact_lookup", placeholder="Type the contact's name…"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["candidate"]).queryset = Candidate.objects.visible_to(user).filter(
            anonymised_at__isnull=True
        )
        contact = cast(Any, self.fields["contact"])
        contact.queryset = Contact.objects.visible_to(user).select_related("client")
        contact.label_from_instance = lambda c: f"{c.full_name} ({c.client.name})"
        for name in ("candidate", "contact"):
            self.fields[name].help_text = "Type a name, or the record's number."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("candidate") is None) == (data.get("contact") is None):
            raise forms.ValidationError("Choose one candidate or one contact.")
        return data


def _next_hour() -> datetime.datetime:
    now = timezone.localtime()
    return (now + datetime.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)


class ToDoForm(Form):
    """Add a to-do or call-back on a record: what, when, whose (default: me; choices: my team)."""

    title = forms.CharField(
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Call back about the interview"}),
    )
    due_at = forms.DateTimeField(label="Due", widget=DateTimeInput)
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), empty_label=None, label="For")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        from engagement.selectors.todos import todo_assignee_choices

        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("assignee", user.pk)
        kwargs["initial"].setdefault("due_at", _next_hour())
        super().__init__(*args, **kwargs)
        field = cast(Any, self.fields["assignee"])
        field.queryset = todo_assignee_choices(user=user)
        field.label_from_instance = lambda u: "Me" if u.pk == user.pk else u.display_name


class SubmissionPackForm(Form):
    """ "Send to client" (issue 18): the contact at the vacancy's client, the CV the pack is built
    from, and the covering email, pre-filled and editable."""

    contact = forms.TypedChoiceField(coerce=int, label="Send to")
    document = forms.TypedChoiceField(
        coerce=int, required=False, label="CV in the pack", widget=forms.RadioSelect
    )
    subject = forms.CharField(max_length=200)
    message = forms.CharField(
        label="Covering message", max_length=20_000, widget=forms.Textarea(attrs={"rows": 10})
    )

    def __init__(self, *args: Any, contacts: list[Contact], cvs: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact_field = cast(forms.TypedChoiceField, self.fields["contact"])
        contact_field.choices = [
            (c.pk, f"{c.full_name} <{c.email}>" if c.email else f"{c.full_name} (no email)") for c in contacts
        ]
        document_field = cast(forms.TypedChoiceField, self.fields["document"])
        document_field.choices = [
            (d.pk, f"{d.filename} · {d.uploaded_at:%-d %b %Y}{' · current CV' if d.is_current_cv else ''}")
            for d in cvs
        ]


class BulkEmailForm(Form):
    """Bulk mail's composer: one text for everyone, with merge fields filled per person."""

    autofocus = True
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50_000,
        label="Message",
        help_text="Merge fields: {{ first_name }}, {{ last_name }}, {{ sender }}. "
        "An unsubscribe link is added to every message.",
    )


class StageMessageForm(Form):
    """A waiting stage message's text, as the candidate will receive it (issue 19)."""

    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), max_length=20_000, label="Message")
