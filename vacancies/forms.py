from __future__ import annotations

from typing import Any

from django import forms

from clients.models import Client, Contact
from core.models import User
from vacancies.models import Vacancy
from vacancies.models.vacancy import DBS_LEVELS
from vacancies.reg18 import LABELS, reg18_message

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


class VacancyForm(forms.ModelForm):
    rtw_required = forms.BooleanField(label="Right to work check", required=False, initial=True)
    dbs_level = forms.ChoiceField(label="DBS check", choices=DBS_CHOICES, initial="none")
    references_required = forms.IntegerField(label="References", min_value=0, max_value=5, initial=0)

    class Meta:
        model = Vacancy
        fields = [
            "client",
            "contact",
            "title",
            "description",
            "employment_type",
            "headcount",
            "status",
            "hirer_business",
            "start_on",
            "duration",
            "postcode",
            "remote",
            "hours",
            "health_and_safety_risks",
            "required_qualifications",
            "salary_min",
            "salary_max",
            "day_rate",
            "benefits",
            "notice_period",
            "expenses",
            "must_have_skills",
            "nice_to_have_skills",
            "works_with_vulnerable_people",
            "blind_shortlist",
            "sponsorship_available",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "hirer_business": forms.Textarea(attrs={"rows": 2}),
            "health_and_safety_risks": forms.Textarea(attrs={"rows": 2}),
            "required_qualifications": forms.Textarea(attrs={"rows": 2}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "expenses": forms.Textarea(attrs={"rows": 2}),
            "start_on": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"salary_min": "Salary from (£)", "salary_max": "Salary to (£)", "day_rate": "Day rate (£)"}
        help_texts = {
            "must_have_skills": "Comma-separated.",
            "nice_to_have_skills": "Comma-separated.",
            "status": "Opening needs every reg 18 field; permanent roles also pay, benefits and notice.",
        }

    def __init__(self, *args: Any, user: User, client: Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user).order_by("name")  # type: ignore[attr-defined]
        contacts = (
            Contact.objects.visible_to(user).filter(anonymised_at__isnull=True).select_related("client")
        )
        if self.instance.pk:
            del self.fields["client"]  # a vacancy stays with its client
            contacts = contacts.filter(client=self.instance.client)
        elif client is not None:
            self.fields["client"].initial = client.pk
        self.fields["contact"].queryset = contacts.order_by("last_name")  # type: ignore[attr-defined]
        self.fields["contact"].label_from_instance = lambda c: f"{c.full_name} ({c.client.name})"  # type: ignore[attr-defined]
        checks = self.instance.required_checks if self.instance.pk else None
        if checks:
            self.fields["rtw_required"].initial = checks["right_to_work"]
            self.fields["dbs_level"].initial = checks["dbs_level"]
            self.fields["references_required"].initial = checks["references"]
        for name, label in LABELS.items():
            if name in self.fields and name != "title":
                self.fields[name].widget.attrs["data-reg18"] = "1"
                self.fields[name].label = self.fields[name].label or label

    def fieldsets(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in FIELDSETS]

    def vacancy_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["required_checks"] = {
            "right_to_work": data.pop("rtw_required"),
            "dbs_level": data.pop("dbs_level"),
            "references": data.pop("references_required"),
        }
        data.pop("client", None)
        return data

    def add_reg18_errors(self, missing: list[str]) -> None:
        """Say exactly what is missing, on the form and beside each field (Conduct Regs reg 18)."""
        self.add_error(None, reg18_message(missing))
        for name in missing:
            if name in self.fields:
                self.add_error(name, "Needed before the vacancy can be opened (Conduct Regs reg 18).")
