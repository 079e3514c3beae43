from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from clients.models import Client, Contact, validate_rebate_schedule
from core.forms import DateInput, Form, ModelForm
from core.models import Team, User
from core.versioning import VersionedFormMixin

_STEP = re.compile(r"^\s*(\d{1,2})\s*(?:w|wk|wks|weeks?)?\s*[:=]\s*(\d{1,3})\s*%?\s*$", re.IGNORECASE)


class ClientForm(VersionedFormMixin, ModelForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, help_text="Admins only.")

    class Meta:
        model = Client
        fields = [
            "name",
            "sector",
            "status",
            "address",
            "postcode",
            "update_every_days",
            "dbs_recheck_months",
            "is_confidential",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        labels = {"update_every_days": "Update every (days)", "is_confidential": "Confidential client"}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.is_admin:
            # Admins belong to no team: they choose the team that owns the client.
            self.fields["team"].queryset = Team.objects.order_by("name")  # type: ignore[attr-defined]
            self.fields["team"].required = True
            self.fields["team"].help_text = "The team that owns this client."
            if self.instance.pk:
                self.fields["team"].initial = self.instance.team_id
        else:
            del self.fields["team"]


class ContactForm(VersionedFormMixin, ModelForm):
    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "job_title",
            "email",
            "phone",
            "is_hiring_manager",
            "lawful_basis",
        ]
        labels = {"is_hiring_manager": "Hiring manager"}


class RebateScheduleField(forms.CharField):
    """ "4:100, 8:50, 12:25" — weeks : refund percent — into [{"weeks": 4, "refund_percent": 100}, …]."""

    def to_python(self, value: Any) -> list[dict[str, int]]:  # type: ignore[override]
        text = super().to_python(value)
        steps = []
        for part in filter(None, (p.strip() for p in re.split(r"[,;\n]", text or ""))):
            match = _STEP.match(part)
            if not match:
                raise ValidationError(f"“{part[:20]}” is not a step: write weeks:refund%, e.g. 4:100, 8:50.")
            steps.append({"weeks": int(match.group(1)), "refund_percent": int(match.group(2))})
        validate_rebate_schedule(steps)
        return steps

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(f"{s['weeks']}:{s['refund_percent']}" for s in value)
        return value


class TermsForm(Form):
    fee_percent = forms.DecimalField(
        label="Fee (% of salary)", min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    rebate_schedule = RebateScheduleField(
        label="Rebate schedule",
        required=False,
        help_text="Weeks : refund %, e.g. <code>4:100, 8:50, 12:25</code>; the last step ends the guarantee.",
    )
    signed_on = forms.DateField(label="Signed on", required=False, widget=DateInput)
    document = forms.FileField(
        label="Signed document",
        required=False,
        help_text="PDF or Word (.docx), up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class NamedUsersForm(Form):
    users = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="People who may see this client",
    )

    def __init__(self, *args: Any, actor: User, named: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choose from the people the actor can see (their team; admins everyone) and those already named.
        choices = User.objects.visible_to(actor).filter(is_active=True) | User.objects.filter(
            pk__in=[u.pk for u in named]
        )
        self.fields["users"].queryset = (  # type: ignore[attr-defined]
            choices.exclude(role=User.Role.ADMIN).select_related("team").order_by("username").distinct()
        )
        self.fields["users"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.display_name} ({u.get_role_display()}{', ' + u.team.name if u.team else ''})"
        )


class ClientIdForm(Form):
    """The client a contact picker or a vacancy's contact list is narrowed to (`client`, or the
    picker's `depends`), read safely: anything but a whole number is "no client"."""

    client = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    depends = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
