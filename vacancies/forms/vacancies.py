"""The vacancy form: the reg 18 information grouped as the regulation lists it, and the checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from clients.models import Client
from clients.selectors import client_contact_choices
from core.forms import DateInput, ModelForm
from core.http import parse_id
from core.models import User
from core.versioning import VersionedFormMixin
from vacancies.models import Vacancy
from vacancies.models.vacancy import DBS_LEVELS, REG18_LABELS, VACANCY_FIELDS, reg18_message, reg18_missing
from vacancies.selectors.inclusive_language import inclusive_language_analyse

DBS_CHOICES = [
    ("none", "None"),
    ("basic", "Basic"),
    ("standard", "Standard"),
    ("enhanced", "Enhanced"),
    ("enhanced_barred", "Enhanced with barred lists"),
]
assert [c for c, _ in DBS_CHOICES] == DBS_LEVELS

FIELDSETS = [
    ("The role", ["client", "contact", "title", "description", "employment_type", "headcount", "status"]),
    (
        "Hirer's information (Conduct Regs reg 18)",
        [
            "hirer_business",
            "start_on",
            "duration",
            "postcode",
            "remote",
            "hours",
            "health_and_safety_risks",
            "required_qualifications",
        ],
    ),
    ("Pay and benefits", ["salary_min", "salary_max", "day_rate", "benefits", "notice_period", "expenses"]),
    ("Skills", ["must_have_skills", "nice_to_have_skills"]),
    ("Careers site", ["is_published", "advert", "closes_on"]),
    (
        "Checks and shortlisting",
        [
            "rtw_required",
            "dbs_level",
            "references_required",
            "works_with_vulnerable_people",
            "blind_shortlist",
            "sponsorship_available",
        ],
    ),
]


# The inputs that edit `required_checks`, and the key each sets.
CHECK_INPUTS = {
    "rtw_required": "right_to_work",
    "dbs_level": "dbs_level",
    "references_required": "references",
}


class VacancyForm(VersionedFormMixin, ModelForm):
    rtw_required = forms.BooleanField(label="Right to work check", required=False, initial=True)
    dbs_level = forms.ChoiceField(label="DBS check", choices=DBS_CHOICES, initial="none")
    references_required = forms.IntegerField(label="References", min_value=0, max_value=5, initial=0)
    # Asked only when the advert check flags wording and the vacancy is about to open.
    wording_checked = forms.BooleanField(
        label="Open with this wording (I have read the hints)", required=False
    )

    class Meta:
        model = Vacancy
        # The model's one field list; required_checks is edited as the three inputs above.
        fields = ["client", "status", *(name for name in VACANCY_FIELDS if name != "required_checks")]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "hirer_business": forms.Textarea(attrs={"rows": 2}),
            "health_and_safety_risks": forms.Textarea(attrs={"rows": 2}),
            "required_qualifications": forms.Textarea(attrs={"rows": 2}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "expenses": forms.Textarea(attrs={"rows": 2}),
            "start_on": DateInput,
            "closes_on": DateInput,
            "advert": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {
            "salary_min": "Salary from (£)",
            "salary_max": "Salary to (£)",
            "day_rate": "Day rate (£)",
            "is_published": "Publish on the careers site",
            "advert": "Advert (the public text)",
        }
        help_texts = {
            "must_have_skills": "Comma-separated.",
            "nice_to_have_skills": "Comma-separated.",
            "status": "Opening needs every reg 18 field; permanent roles also pay, benefits and notice.",
            "is_published": "Only an open vacancy with complete reg 18 information, an advert and a "
            "closing date from today on can be published. A confidential client is never named.",
            "advert": "What candidates read on the careers site and job boards; the type of work above "
            "stays internal.",
            "closes_on": "The last day applications are taken.",
        }

    def __init__(self, *args: Any, user: User, client: Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user).order_by("name")  # type: ignore[attr-defined]
        # The contact list is the chosen client's contacts only, and follows the client: choosing
        # another client swaps the options in (htmx, clients:contact_options).
        if self.instance.pk:
            del self.fields["client"]  # a vacancy stays with its client
            client_id: int | None = self.instance.client_id
        elif self.is_bound:
            raw = str(self.data.get("client") or "")
            client_id = parse_id(raw)
        else:
            client_id = client.pk if client is not None else None
        if "client" in self.fields:
            self.fields["client"].widget.attrs.update(
                {
                    "hx-get": reverse("clients:contact_options"),
                    "hx-target": "#id_contact",
                    "hx-swap": "innerHTML",
                    "hx-trigger": "change",
                }
            )
        contact: Any = self.fields["contact"]
        contact.queryset = client_contact_choices(user=user, client_id=client_id)
        contact.empty_label = "Choose the hiring contact" if client_id else "Choose a client first"
        self.fields["contact"].help_text = "The client's own contacts; they follow the client chosen."
        if client is not None and not self.instance.pk and not self.is_bound:
            self._start_from_client(client, user=user)
        checks = self.instance.required_checks if self.instance.pk else None
        if checks:
            self.fields["rtw_required"].initial = checks["right_to_work"]
            self.fields["dbs_level"].initial = checks["dbs_level"]
            self.fields["references_required"].initial = checks["references"]
        for name, label in REG18_LABELS.items():
            if name in self.fields and name != "title":
                self.fields[name].widget.attrs["data-reg18"] = "1"
                self.fields[name].label = self.fields[name].label or label

    def _start_from_client(self, client: Client, *, user: User) -> None:
        """A vacancy started from a client's page begins with what the client already says: its
        hirer (the hiring-manager contact, or its only contact), business and postcode."""
        self.fields["client"].initial = client.pk
        contacts = list(client_contact_choices(user=user, client_id=client.pk)[:50])
        hirers = [c for c in contacts if c.is_hiring_manager] or (contacts if len(contacts) == 1 else [])
        if hirers:
            self.initial.setdefault("contact", hirers[0].pk)
        business = ", ".join(part for part in (client.name, client.sector) if part)
        self.initial.setdefault("hirer_business", business)
        if client.postcode:
            self.initial.setdefault("postcode", client.postcode)

    def fieldsets(self) -> list[tuple[str, list[Any]]]:
        sets = [(title, [self[name] for name in names if name in self.fields]) for title, names in FIELDSETS]
        if "wording_checked" in self.errors or (self.is_bound and self.data.get("wording_checked")):
            sets[0][1].append(self["wording_checked"])
        return sets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opening = (
            data.get("status") == Vacancy.Status.OPEN and self.initial.get("status") != Vacancy.Status.OPEN
        )
        # Reg 18 refuses first (the service names what is missing); then the wording is checked.
        if opening and not data.get("wording_checked") and not reg18_missing(data):
            title = data.get("title") or ""
            flagged = inclusive_language_analyse(f"{title}\n{data.get('description') or ''}")[
                "flagged_phrases"
            ]
            if flagged:
                quoted = ", ".join(f"“{p}”" for p in flagged)
                self.add_error(
                    "wording_checked",
                    f"The advert says {quoted}: reword it, or tick this to open the vacancy as it is.",
                )
        return data

    def vacancy_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["required_checks"] = {
            "right_to_work": data.pop("rtw_required"),
            "dbs_level": data.pop("dbs_level"),
            "references": data.pop("references_required"),
        }
        data.pop("client", None)
        data.pop("wording_checked", None)
        return data

    def vacancy_edits(self) -> dict[str, Any]:
        """What this person changed (core.versioning): those fields, and of the checks only the
        ones they changed, so another person's edit of the rest stands."""
        edited = set(self.edited_fields())
        data = self.vacancy_data()
        checks = data.pop("required_checks")
        edits = {name: value for name, value in data.items() if name in edited}
        changed_checks = {key: checks[key] for name, key in CHECK_INPUTS.items() if name in edited}
        if changed_checks:
            edits["required_checks"] = changed_checks
        return edits

    def add_reg18_errors(self, missing: list[str]) -> None:
        """Say exactly what is missing, on the form and beside each field (Conduct Regs reg 18)."""
        self.add_error(None, reg18_message(missing))
        for name in missing:
            if name in self.fields:
                self.add_error(name, "Needed before the vacancy can be opened (Conduct Regs reg 18).")
