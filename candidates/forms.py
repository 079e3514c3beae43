"""Forms for the candidate pages. Validation of what the service also checks shows inline here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from candidates.models import Candidate, Consent, DiversityRecord, Document
from candidates.normalise import normalise_phone, normalise_postcode, split_list
from candidates.services.documents import MAX_UPLOAD_BYTES

DATE = forms.DateInput(attrs={"type": "date"})


class CandidateForm(forms.ModelForm):
    skills = forms.CharField(
        required=False,
        max_length=2000,
        help_text="Separate with commas. Aliases are understood: JS is JavaScript.",
    )
    tags = forms.CharField(required=False, max_length=1000, help_text="Separate with commas.")
    employment_types = forms.MultipleChoiceField(
        choices=Candidate.EmploymentType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    lawful_basis = forms.ChoiceField(
        choices=[("", "Default for the source"), *Candidate.LawfulBasis.choices],
        required=False,
        help_text="Applied directly: contract. Sourced: legitimate interests.",
    )
    # Only asked for when the person is on the suppression list (candidates.suppression).
    suppression_reason = forms.CharField(
        required=False, max_length=500, label="Reason for adding a suppressed person"
    )

    class Meta:
        model = Candidate
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "postcode",
            "town",
            "current_title",
            "summary",
            "employment_types",
            "desired_salary",
            "desired_day_rate",
            "available_from",
            "availability_confirmed_on",
            "notice_period_weeks",
            "source",
            "source_detail",
            "referrer",
            "privacy_notice_sent_on",
            "tags",
            "right_to_work",
            "status",
            "lawful_basis",
        ]
        widgets = {
            "available_from": DATE,
            "availability_confirmed_on": DATE,
            "privacy_notice_sent_on": DATE,
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
        if self.instance.pk:
            self.initial.setdefault(
                "skills", ", ".join(link.skill.name for link in self.instance.skill_links.all())
            )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone") or "")

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data.get("postcode") or "")

    def clean_tags(self) -> list[str]:
        return split_list(self.cleaned_data.get("tags") or "")

    def clean_skills(self) -> list[str]:
        return split_list(self.cleaned_data.get("skills") or "")

    def _post_clean(self) -> None:
        # The service validates and saves; skip ModelForm's instance construction (and its
        # validate_unique, which would turn the duplicate email into a generic error).
        pass

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("suppression_reason", None)
        if not data.get("lawful_basis"):
            data.pop("lawful_basis", None)
        return data


class WorkHistoryForm(forms.Form):
    employer = forms.CharField(max_length=200, required=False)
    title = forms.CharField(max_length=200, required=False)
    started_on = forms.DateField(required=False, widget=DATE)
    ended_on = forms.DateField(required=False, widget=DATE)
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


class QualificationForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    institution = forms.CharField(max_length=200, required=False)
    awarded_on = forms.DateField(required=False, widget=DATE)
    verified = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("institution") or data.get("awarded_on")) and not data.get("name"):
            self.add_error("name", "Name the qualification.")
        return data


WorkHistoryFormSet = forms.formset_factory(WorkHistoryForm, extra=1, max_num=30)
QualificationFormSet = forms.formset_factory(QualificationForm, extra=1, max_num=30)


def formset_rows(formset: Any, key: str) -> list[dict[str, Any]]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get(key)]


class DocumentForm(forms.Form):
    file = forms.FileField(help_text="PDF, Word (.docx) or plain text, up to 10 MB.")
    kind = forms.ChoiceField(choices=Document.Kind.choices, initial=Document.Kind.CV)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("This file is larger than 10 MB. Upload a smaller file.")
        return upload


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Consent.Purpose.choices)
    lawful_basis = forms.ChoiceField(choices=Candidate.LawfulBasis.choices, initial="consent")
    method = forms.ChoiceField(choices=Consent.Method.choices)
    vacancy = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="Needed for a submission consent."
    )
    wording_version = forms.CharField(max_length=30, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV with a header row of candidate field names.")


class BulkTagForm(forms.Form):
    tag = forms.CharField(max_length=50)
    ids = forms.CharField(required=False)

    def clean_ids(self) -> list[int]:
        values = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        try:
            return [int(v) for v in values][:500]
        except ValueError:
            raise ValidationError("Choose candidates from the list.") from None


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=100)


class DiversityForm(forms.ModelForm):
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


class AvailabilityForm(forms.Form):
    available_from = forms.DateField(required=False, widget=DATE)


class PrivacyNoticeForm(forms.Form):
    sent_on = forms.DateField(widget=DATE)
