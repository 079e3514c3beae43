"""The careers site's forms: the job search and the application (API.md "The public face").

The application asks exactly what API.md lists and nothing more: no health question beyond whether
the person needs adjustments for an interview (Equality Act 2010 s.60). The CV is judged by its
content here (the same check the documents service makes again), so a bad file is refused before
anything is saved, and the form comes back with what was typed (a browser never refills a file
input: the error says to choose it again).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from candidates.models import Candidate
from candidates.normalise import normalise_phone
from candidates.services.documents import DOCX, MAX_UPLOAD_BYTES, PDF, REFUSED_MESSAGE, TEXT
from core import files
from core.forms import Form
from vacancies.models import Vacancy

CHOOSE_AGAIN = "Your file was not kept: please choose it again."


class JobSearchForm(Form):
    q = forms.CharField(label="Keywords", required=False, max_length=100)
    location = forms.CharField(
        label="Town or postcode", required=False, max_length=60, help_text="For example Leeds, LS6 or remote."
    )
    employment_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *Vacancy.EmploymentType.choices]
    )

    def _wants_autofocus(self) -> bool:
        return False  # a search page: the reader starts at the top, not in a box


class ApplyForm(Form):
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    email = forms.EmailField(label="Email", max_length=254)
    phone = forms.CharField(label="Phone", max_length=40)
    cv = forms.FileField(label="Your CV", help_text="A PDF, Word (.docx) or plain-text file, up to 10 MB.")
    right_to_work = forms.ChoiceField(
        label="Do you have the right to work in the UK?",
        choices=[
            (Candidate.RightToWork.YES, "Yes"),
            (Candidate.RightToWork.NEEDS_SPONSORSHIP, "I would need visa sponsorship"),
            (Candidate.RightToWork.UNKNOWN, "I'm not sure"),
        ],
        widget=forms.RadioSelect,
    )
    needs_adjustments = forms.BooleanField(
        label="I would like adjustments for an interview",
        required=False,
        help_text="Tick if anything would make an interview easier for you; we will ask what would help.",
    )
    privacy_notice = forms.BooleanField(
        label="I have read the privacy notice",
        error_messages={"required": "Please read the privacy notice and tick to say you have."},
    )
    # The version the page showed (recorded on the candidate: UK GDPR art. 13).
    privacy_notice_version = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)
    talent_pool = forms.BooleanField(
        label="Keep me in mind for other suitable roles (optional)",
        required=False,
        help_text="We will email you about roles like this one. You can stop this at any time.",
    )
    # The honeypot: hidden from people (CSS, aria-hidden, no tab stop), filled in by form-filling bots.
    website = forms.CharField(label="Leave this empty", required=False, max_length=200)

    def __init__(self, *args: Any, notice_version: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notice_version = notice_version
        self.fields["privacy_notice_version"].initial = notice_version
        self.cv_data = b""
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.fields["cv"].widget.attrs["accept"] = ".pdf,.docx,.txt"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def _wants_autofocus(self) -> bool:
        return False  # the job's advert comes first; the form is further down

    @property
    def is_spam(self) -> bool:
        return bool(self.is_bound and str(self.data.get("website", "")).strip())

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_cv(self) -> Any:
        upload = self.cleaned_data["cv"]
        try:
            data = files.read_upload(upload, max_bytes=MAX_UPLOAD_BYTES)
            files.sniff(data, allowed=(PDF, DOCX, TEXT), refused=REFUSED_MESSAGE)
        except ValidationError as exc:
            raise ValidationError([*exc.messages, CHOOSE_AGAIN]) from None
        self.cv_data = data
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shown = data.get("privacy_notice_version") or ""
        if data.get("privacy_notice") and shown != self.notice_version:
            # The notice changed while the form was open: they must see the current one.
            self.add_error(
                "privacy_notice", "Our privacy notice has just been updated: please read it and tick again."
            )
        if self.errors and "cv" not in self.errors and self.is_bound and self.files.get("cv"):
            self.add_error("cv", CHOOSE_AGAIN)
        return data
