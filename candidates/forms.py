"""Forms for the candidate pages. Validation of what the service also checks shows inline here."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from candidates.models import Candidate, Consent, DiversityRecord, Document
from candidates.models.fields import FORM_FIELDS
from candidates.normalise import normalise_phone, normalise_postcode, split_list
from candidates.services.documents import MAX_UPLOAD_BYTES
from core.forms import DateInput, Form, ModelForm
from core.versioning import VersionedFormMixin
from core.widgets import RecordPicker


class ListField(forms.CharField):
    """A list typed as comma-separated text ("Python, SQL"); shows a stored list the same way."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value


ROW_KEYS = {
    "work_history": ("employer", "title", "started_on", "ended_on", "summary"),
    "qualifications": ("name", "institution", "awarded_on", "verified"),
}
# The formsets' prefixes and the cleaned field that makes a row count (an empty row is no row).
ROW_FORMSETS = {"work_history": ("history", "employer"), "qualifications": ("quals", "name")}


def rows_digest(relation: str, rows: list[dict[str, Any]]) -> str:
    """A short fingerprint of a list of rows as shown, to tell whether the person changed them."""
    keys = ROW_KEYS[relation]
    flat = [[str(row.get(key) if row.get(key) is not None else "") for key in keys] for row in rows]
    return hashlib.sha256(json.dumps(flat).encode()).hexdigest()[:24]


class CandidateForm(VersionedFormMixin, ModelForm):
    skills = ListField(
        required=False,
        max_length=2000,
        help_text="Separate with commas. Aliases are understood: JS is JavaScript.",
    )
    tags = ListField(required=False, max_length=1000, help_text="Separate with commas.")
    employment_types = forms.MultipleChoiceField(
        choices=Candidate.EmploymentType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    desired_roles = ListField(
        required=False, max_length=1000, label="Roles wanted", help_text="Separate with commas."
    )
    desired_locations = ListField(
        required=False,
        max_length=1000,
        label="Locations wanted",
        help_text="Towns or areas, separated with commas.",
    )
    lawful_basis = forms.ChoiceField(
        choices=[("", "Default for the source"), *Candidate.LawfulBasis.choices],
        required=False,
        help_text="Applied directly: contract. Sourced: legitimate interests.",
    )
    # Only asked for when the person is on the suppression list (candidates.privacy_seam).
    suppression_reason = forms.CharField(
        required=False, max_length=500, label="Reason for adding a suppressed person"
    )

    class Meta:
        model = Candidate
        fields = FORM_FIELDS  # the Candidate's one field list (candidates.models.fields)
        widgets = {
            "available_from": DateInput,
            "availability_confirmed_on": DateInput,
            "privacy_notice_sent_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "privacy_notice_sent_on": "Sourced candidates must get it within one month (UK GDPR art. 14)."
        }

    # Longer than stored: what people type has spaces and punctuation the normalisers remove.
    phone = forms.CharField(
        max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})
    )
    postcode = forms.CharField(max_length=12, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["tags"] = ", ".join(self.instance.tags or [])
        self.initial["employment_types"] = list(self.instance.employment_types or [])
        self.initial["desired_roles"] = ", ".join(self.instance.desired_roles or [])
        self.initial["desired_locations"] = ", ".join(self.instance.desired_locations or [])
        if self.instance.pk:
            self.initial.setdefault(
                "skills", ", ".join(link.skill.name for link in self.instance.skill_links.all())
            )
            # The rows as this page shows them: on a stale save, were they this person's change?
            for relation in ROW_KEYS:
                self.fields[f"{relation}_shown"] = forms.CharField(
                    required=False,
                    widget=forms.HiddenInput,
                    initial=rows_digest(relation, candidate_rows(self.instance, relation)),
                )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone") or "")

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data.get("postcode") or "")

    def clean_tags(self) -> list[str]:
        return split_list(self.cleaned_data.get("tags") or "")

    def clean_desired_roles(self) -> list[str]:
        return split_list(self.cleaned_data.get("desired_roles") or "")

    def clean_desired_locations(self) -> list[str]:
        return split_list(self.cleaned_data.get("desired_locations") or "")

    def clean_skills(self) -> list[str]:
        return split_list(self.cleaned_data.get("skills") or "")

    def _post_clean(self) -> None:
        # The service validates and saves; skip ModelForm's instance construction (and its
        # validate_unique, which would turn the duplicate email into a generic error).
        pass

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("suppression_reason", "version", *(f"{r}_shown" for r in ROW_KEYS)):
            data.pop(name, None)
        if not data.get("lawful_basis"):
            data.pop("lawful_basis", None)
        return data

    def edits(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        """What this person changed, for `candidate_update`: the fields they edited, and a list of
        rows (work history, qualifications) only when they changed it."""
        edited = set(self.edited_fields())
        data = {name: value for name, value in self.service_fields().items() if name in edited}
        for relation, posted in rows.items():
            if self.rows_changed(relation, posted):
                data[relation] = posted
        return data

    def rows_changed(self, relation: str, posted: list[dict[str, Any]]) -> bool:
        shown = str(self.data.get(f"{relation}_shown", ""))
        stored = candidate_rows(self.instance, relation)
        if shown and self.read_version() != self.instance.updated_at:
            return rows_digest(relation, posted) != shown  # stale: against what the page showed
        return rows_digest(relation, posted) != rows_digest(relation, stored)


def candidate_rows(candidate: Candidate | None, relation: str) -> list[dict[str, Any]]:
    """A candidate's work history or qualifications as the formsets' initial rows."""
    if candidate is None or candidate.pk is None:
        return []
    return list(getattr(candidate, relation).values(*ROW_KEYS[relation]))


class WorkHistoryForm(Form):
    employer = forms.CharField(max_length=200, required=False)
    title = forms.CharField(max_length=200, required=False)
    started_on = forms.DateField(required=False, widget=DateInput)
    ended_on = forms.DateField(required=False, widget=DateInput)
    summary = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(k) for k in ("started_on", "ended_on", "summary")) or bool(
            data.get("employer")
        ) != bool(data.get("title")):
            for name in ("employer", "title"):
                if not data.get(name):
                    self.add_error(name, "Needed for a work history entry.")
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "The end date is before the start date.")
        return data


class QualificationForm(Form):
    name = forms.CharField(max_length=200, required=False)
    institution = forms.CharField(max_length=200, required=False)
    awarded_on = forms.DateField(required=False, widget=DateInput)
    verified = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("institution") or data.get("awarded_on")) and not data.get("name"):
            self.add_error("name", "Name the qualification.")
        return data


# Rows are added and removed in place on the page (static/js/formsets.js clones the empty form and
# ticks DELETE); without JavaScript one empty row is offered and "Remove" is a checkbox.
WorkHistoryFormSet = forms.formset_factory(
    WorkHistoryForm, extra=0, max_num=30, validate_max=True, can_delete=True
)
QualificationFormSet = forms.formset_factory(
    QualificationForm, extra=0, max_num=30, validate_max=True, can_delete=True
)


def row_formset(formset_class: Any, *, prefix: str, initial: list[dict[str, Any]]) -> Any:
    """An unbound formset of the saved rows, plus one empty row when there are none saved."""
    return formset_class(prefix=prefix, initial=initial or [{}])


def formset_rows(formset: Any, key: str) -> list[dict[str, Any]]:
    """The rows to keep, in the order shown: not removed, and not left empty."""
    return [
        {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
        for form in formset.forms
        if not form.cleaned_data.get("DELETE") and form.cleaned_data.get(key)
    ]


class NotDuplicateForm(Form):
    other = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class DocumentRenameForm(Form):
    filename = forms.CharField(max_length=255, label="Name")


class DocumentForm(Form):
    file = forms.FileField(
        help_text="PDF, Word (.docx) or plain text, up to 10 MB. "
        "Only a PDF or Word CV can be sent to a client."
    )
    kind = forms.ChoiceField(choices=Document.Kind.choices, initial=Document.Kind.CV)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("This file is larger than 10 MB. Upload a smaller file.")
        return upload


class ConsentForm(Form):
    purpose = forms.ChoiceField(choices=Consent.Purpose.choices)
    lawful_basis = forms.ChoiceField(choices=Candidate.LawfulBasis.choices, initial="consent")
    method = forms.ChoiceField(choices=Consent.Method.choices)
    # The vacancy is a searchable picker (core.widgets); the service checks it is visible.
    vacancy = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Needed for a submission consent. Type the job title, the client or the number.",
        widget=RecordPicker(lookup="vacancies:lookup", placeholder="Type a job title or client…"),
    )
    wording_version = forms.CharField(max_length=30, required=False)


class ImportForm(Form):
    file = forms.FileField(help_text="CSV with a header row of candidate field names.")


class BulkTagForm(Form):
    tag = forms.CharField(max_length=50)
    ids = forms.CharField(required=False)

    def clean_ids(self) -> list[int]:
        values = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        try:
            return [int(v) for v in values][:500]
        except ValueError:
            raise ValidationError("Choose candidates from the list.") from None


class SavedSearchForm(Form):
    name = forms.CharField(max_length=100)


class DiversityForm(ModelForm):
    class Meta:
        model = DiversityRecord
        fields = [
            "age_band",
            "sex",
            "gender_same_as_at_birth",
            "ethnicity",
            "disability",
            "religion",
            "sexual_orientation",
        ]


class AvailabilityForm(Form):
    available_from = forms.DateField(required=False, widget=DateInput)


class PrivacyNoticeForm(Form):
    sent_on = forms.DateField(widget=DateInput)
