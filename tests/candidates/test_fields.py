"""The Candidate's one field list (candidates.models.fields): every model field is declared, and
every reader — form, services, API, merge, export, import — takes its fields from it."""

from __future__ import annotations

import pytest
from django.contrib.postgres.fields import ArrayField
from django.db import models

from candidates.api.serializers import CandidateSerializer
from candidates.forms import CandidateForm
from candidates.models import Candidate
from candidates.models.fields import (
    API_FIELDS,
    API_READ_ONLY_FIELDS,
    CANDIDATE_FIELDS,
    DERIVED_FIELDS,
    EDITABLE_FIELDS,
    FORM_FIELDS,
    IMPORT_COLUMNS,
    Api,
    CandidateField,
    Edit,
    Merge,
    Typed,
)
from candidates.services import derived, imports

MODEL_FIELDS = {f.name: f for f in Candidate._meta.concrete_fields}
DECLARED = {f.name: f for f in CANDIDATE_FIELDS}


def test_every_field_of_the_model_is_declared_once():
    names = [f.name for f in CANDIDATE_FIELDS]
    assert len(names) == len(set(names)), "a field is declared twice"
    missing = sorted(set(MODEL_FIELDS) - set(names))
    assert not missing, f"declare these Candidate fields in candidates/models/fields.py: {missing}"


def test_what_is_declared_and_not_a_column_is_a_list_of_child_rows():
    related = {r.get_accessor_name() for r in Candidate._meta.related_objects}
    for declared in CANDIDATE_FIELDS:
        if declared.child:
            assert declared.name not in MODEL_FIELDS
            # skills are the `skill_links` rows; history and qualifications their own relations
            assert {"skills": "skill_links"}.get(declared.name, declared.name) in related, declared.name
        else:
            assert declared.name in MODEL_FIELDS, f"{declared.name} is not a field of Candidate"


def test_the_derived_fields_are_the_ones_the_model_computes():
    computed = {
        name
        for name, f in MODEL_FIELDS.items()
        if not f.editable and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    }
    assert set(DERIVED_FIELDS) == computed
    # ... and each is computed by one declaration in candidates.services.derived, used by both the
    # services' writes and the import.
    keys = derived.candidate_keys(first_name="", last_name="", postcode="")
    assert sorted([*keys, *derived.DERIVED_SQL]) == sorted(DERIVED_FIELDS)


@pytest.mark.parametrize("declared", CANDIDATE_FIELDS, ids=lambda f: f.name)
def test_each_declaration_agrees_with_the_model_field(declared: CandidateField):
    model_field = MODEL_FIELDS.get(declared.name)
    if declared.edit is not Edit.NO:
        assert model_field is not None and model_field.editable, declared.name
    if declared.derived:
        assert declared.edit is Edit.NO and declared.api is Api.HIDDEN and declared.typed is None
        assert not declared.export and declared.merge is Merge.NO
    if declared.edit is Edit.FORM:
        assert declared.typed is not None, "what the form takes, the import takes too"
    if declared.import_default is not None:
        assert declared.typed is Typed.CHOICE
    if model_field is None or declared.typed is None:
        return
    expected: dict[Typed, type[models.Field]] = {
        Typed.TEXT: models.CharField,
        Typed.PROSE: models.TextField,
        Typed.EMAIL: models.EmailField,
        Typed.PHONE: models.CharField,
        Typed.POSTCODE: models.CharField,
        Typed.NUMBER: models.IntegerField,
        Typed.DATE: models.DateField,
        Typed.CHOICE: models.CharField,
        Typed.LIST: ArrayField,
    }
    assert isinstance(model_field, expected[declared.typed]), declared.name
    if declared.typed is Typed.CHOICE:
        values = {str(value) for value, _ in model_field.flatchoices}
        assert values, declared.name
        assert declared.import_default is None or declared.import_default in values


def test_the_form_takes_the_declared_fields():
    form = CandidateForm()
    assert [name for name in form.fields if name in MODEL_FIELDS] == list(FORM_FIELDS)
    assert set(FORM_FIELDS) <= set(EDITABLE_FIELDS)


def test_the_api_gives_the_declared_fields_in_their_order():
    serializer = CandidateSerializer()
    names = list(serializer.fields)
    assert names[: len(API_FIELDS)] == list(API_FIELDS)
    for name in API_READ_ONLY_FIELDS:
        assert serializer.fields[name].read_only, name
    writable = {f.name for f in CANDIDATE_FIELDS if f.api in (Api.WRITE, Api.VERSION)}
    assert {name for name in API_FIELDS if not serializer.fields[name].read_only} == writable


def test_the_import_reads_every_declared_column_and_no_other():
    values, _errors = imports._validate_row({})
    assert set(values) == set(IMPORT_COLUMNS)
    assert set(IMPORT_COLUMNS) == imports.KNOWN_COLUMNS
