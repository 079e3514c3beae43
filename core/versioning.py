"""Editing safely: a write names its fields, and a stale edit is refused (issue 16, API.md "Added in
the second round").

Two people who opened the same record and save it one after the other must never silently undo each
other. So every edit service of a candidate, client, contact, vacancy and application:

1. locks the row and reloads it (`edit_lock`: SELECT … FOR UPDATE inside the service's transaction),
   so the version check and the write are one atomic step — a second save waits for the first;
2. when the caller says which version it read (`expected_updated_at`: the record's `updated_at` as the
   form or the API client last saw it) and the row has changed since, raises `StaleRecord` carrying the
   record as it is now; nothing is written;
3. writes only the fields it was given that really differ (`edit_save`: `save(update_fields=[…,
   "updated_at"])`), so two edits of different fields both survive even without a version.

Forms take part through `VersionedFormMixin`: a hidden `version` field, and each field's value as the
page showed it (Django's hidden initial), so the view knows which fields *this person* changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django import forms
from django.db import models
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.models import AuditEvent

M = TypeVar("M", bound=models.Model)


class StaleRecord(Exception):
    """The record changed after the caller read it: refused, carrying the record as it is now."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("Someone else changed this record after you opened it.")
        self.current = current


def edit_lock(instance: M, *, expected_updated_at: datetime.datetime | None = None) -> M:
    """Lock `instance`'s row until the transaction ends and reload it from the row; raise
    `StaleRecord` when the row's `updated_at` is not the version the caller read.

    Call inside `transaction.atomic`, before setting any field on the instance (the reload replaces
    every attribute with what is stored)."""
    model = type(instance)
    instance.refresh_from_db(from_queryset=model._base_manager.select_for_update(of=("self",)))
    current = getattr(instance, "updated_at", None)
    if expected_updated_at is not None and current != expected_updated_at:
        raise StaleRecord(instance)
    return instance


def edit_save(instance: models.Model, names: Iterable[str]) -> None:
    """Write only `names` (and the new `updated_at`): never a whole row read earlier."""
    concrete = {f.name for f in instance._meta.concrete_fields}
    wanted = {name for name in names if name in concrete}
    instance.save(update_fields=sorted({*wanted, "updated_at"}))


def version_parse(value: Any) -> datetime.datetime | None:
    """A version as a form or API client sends it back (ISO 8601); None when absent or not one."""
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    text = str(value or "").strip()
    if not text:
        return None
    try:
        parsed = parse_datetime(text)
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def version_text(instance: models.Model) -> str:
    value = getattr(instance, "updated_at", None)
    return value.isoformat() if value is not None else ""


def last_change_get(instance: models.Model) -> tuple[str, datetime.datetime | None]:
    """Who last changed the record and when, from the audit trail: ("Rachel Adeyemi", at)."""
    event = (
        AuditEvent.objects.filter(object_type=instance._meta.label_lower, object_id=instance.pk)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    when = getattr(instance, "updated_at", None)
    if event is None or event.actor is None:
        return "Someone else", when
    return event.actor.display_name, when


class _ShownBoundField(BoundField):
    """On a conflict page the box keeps what the person typed while the hidden "as shown" value is
    the record now, so a further stale save still knows which fields were theirs."""

    def as_widget(self, widget: Any = None, attrs: Any = None, only_initial: bool = False) -> Any:
        shown = getattr(self.form, "shown_initial", None)
        if not (
            only_initial and shown and self.name in shown and self.html_initial_name not in self.form.data
        ):
            return super().as_widget(widget, attrs, only_initial)
        widget = widget or self.field.widget
        attrs = self.build_widget_attrs(attrs or {}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.html_initial_id)
        value = self.field.prepare_value(shown[self.name])
        return widget.render(
            name=self.html_initial_name, value=value, attrs=attrs, renderer=self.form.renderer
        )


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:  # a mixin, not a form of its own (core.checks finds every form class in the project)
    _FormBase = object


class VersionedFormMixin(_FormBase):
    """An edit form that knows the version it was read at and what its user changed.

    - `version`: the record's `updated_at` when the page was drawn (a hidden input).
    - every field also posts the value the page showed (`show_hidden_initial`), so `changed_data`
      is what this person changed, whatever happened to the record meanwhile.

    On a stale save the view calls `conflict_form(current)` and shows that form: what this person
    changed is kept, every other field shows the record as it is now, and the fields both people
    changed are marked with the current value beside them.
    """

    conflict: dict[str, Any] | None = None
    shown_initial: dict[str, Any] | None = None
    bound_field_class = _ShownBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            return  # a create form: nothing to be stale against
        for field in self.fields.values():
            field.show_hidden_initial = True
        self.fields["version"] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=version_text(instance)
        )

    @property
    def is_edit(self) -> bool:
        return "version" in self.fields

    def read_version(self) -> datetime.datetime | None:
        """The version the person read; None when the form was posted without one."""
        if not self.is_edit:
            return None
        return version_parse(self.data.get(self.add_prefix("version")))

    def edited_fields(self) -> list[str]:
        """The fields this person changed.

        When the record is still at the version they read, against the record as stored (which is
        what they saw, plus what a conflict page put back for them); otherwise against what their
        page showed them (the hidden initials), so another person's change is not undone."""
        read = self.read_version()
        stored = getattr(getattr(self, "instance", None), "updated_at", None)
        if read is not None and read == stored:
            return [
                name
                for name in self.fields
                if name != "version" and self.fields[name].has_changed(self[name].initial, self[name].data)
            ]
        return [name for name in self.changed_data if name != "version"]

    def conflict_form(self, current: models.Model, **kwargs: Any) -> Self:
        """A new form over the record as it is now, keeping what this person changed."""
        mine = [name for name in self.changed_data if name != "version"]
        form = type(self)(instance=current, **kwargs)
        now = {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}
        theirs = []
        for name, field in self.fields.items():
            if name == "version" or name not in now:
                continue
            shown = field.hidden_widget().value_from_datadict(
                self.data, self.files, self.add_initial_prefix(name)
            )
            try:
                if field.has_changed(now[name], shown):
                    theirs.append(name)
            except forms.ValidationError:
                theirs.append(name)
        # What this person typed stays in the inputs; everything else shows the record as it is now.
        form.initial.update({name: self[name].data for name in mine if name in form.fields})
        form.shown_initial = now
        who, when = last_change_get(current)
        form.conflict = {"who": who, "when": when, "mine": mine, "theirs": theirs}
        for name in theirs:
            field = form.fields[name]
            field.conflict_note = {  # type: ignore[attr-defined]
                "both": name in mine,
                "current": display_value(field, now[name]),
            }
        return form


def display_value(field: forms.Field, value: Any) -> str:
    """The current value as a person reads it: choice labels, yes/no, dates as 29 Jan 2027."""
    if value in (None, "", [], ()):
        return "(empty)"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ModelChoiceField):
        queryset = field.queryset
        found = queryset.filter(pk=getattr(value, "pk", value)).first() if queryset is not None else None
        return field.label_from_instance(found) if found is not None else "(empty)"
    choices = dict(getattr(field, "choices", None) or [])
    if choices:
        values = value if isinstance(value, list | tuple) else [value]
        labels = []
        for item in values:
            key = getattr(item, "pk", item)
            label = choices.get(key) or choices.get(str(key))
            labels.append(str(label if label is not None else item))
        return ", ".join(labels)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%-d %b %Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%-d %b %Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
