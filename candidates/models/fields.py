"""The Candidate's fields, declared once (STYLE.md "One list of fields per model").

Every reader takes its list from `CANDIDATE_FIELDS`: the form, the services' create and update,
the API serializer, merge, the CSV export and the CSV import. Where a reader leaves a field out on
purpose (the export has no summary; the form has no owner), that is an attribute here, never a
second hand-kept list. The order is the API's (API.md "Candidate fields"), and every reader keeps
it: the export's columns and the merge page's rows come out in this order too.

tests/candidates/test_fields.py fails when a field of the Candidate model is not declared here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Api(enum.Enum):
    """What the API (candidates.api.serializers) does with the field."""

    HIDDEN = "hidden"
    READ = "read"
    WRITE = "write"
    # Read in every answer, and sent back on PATCH as the version last read: a record changed since
    # is refused with 409 conflict (core.versioning). Never written as a value.
    VERSION = "version"


class Edit(enum.Enum):
    """Who writes the field as a plain value through `candidate_create` / `candidate_update`."""

    NO = "no"  # not a plain value: set by the system, or its own argument (owner, skills, …)
    FORM = "form"  # on the candidate form (candidates.forms.CandidateForm), and so the services'
    SERVICE = "service"  # the services' only: the system records it (last contact), nobody types it


class Merge(enum.Enum):
    """What merging a duplicate does with the field (candidates.services.merge)."""

    NO = "no"  # kept as the survivor has it (or moved by a merge mover: children, skills)
    PICK = "pick"  # the user picks which record's value survives
    UNITE = "unite"  # a list: both records' items, united


class Typed(enum.Enum):
    """What kind of value people type for the field: how the import reads its column and how the
    services tidy it (candidates.services.imports, candidates.services.records)."""

    TEXT = "text"  # spaces collapsed; at most the model field's max_length
    PROSE = "prose"  # kept as typed (line breaks and all); at most imports.PROSE_LIMIT
    EMAIL = "email"
    PHONE = "phone"  # normalised to E.164
    POSTCODE = "postcode"  # normalised to "LS1 4AB"
    NUMBER = "number"  # a whole number; "£55,000" reads as 55000
    DATE = "date"  # YYYY-MM-DD or DD/MM/YYYY
    CHOICE = "choice"  # one of the model field's choices; empty takes the default
    LIST = "list"  # items separated by ";" or ","


@dataclass(frozen=True)
class CandidateField:
    name: str
    api: Api = Api.HIDDEN
    edit: Edit = Edit.NO
    merge: Merge = Merge.NO
    export: bool = False  # a column of the candidate list's CSV export
    typed: Typed | None = None  # typed in (form, API, import): a column the CSV import reads
    import_default: str | None = None  # an empty CHOICE column's value, if not the model's default
    child: bool = False  # a list of rows of its own (skills, history), not a column of the row
    derived: bool = False  # computed from the rest (candidates.services.derived), never typed


_F = CandidateField
_W, _R = Api.WRITE, Api.READ
_FORM, _PICK = Edit.FORM, Merge.PICK

CANDIDATE_FIELDS: tuple[CandidateField, ...] = (
    _F("id", api=_R, export=True),
    _F("first_name", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.TEXT),
    _F("last_name", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.TEXT),
    _F("email", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.EMAIL),
    _F("phone", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.PHONE),
    _F("postcode", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.POSTCODE),
    _F("town", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.TEXT),
    _F("current_title", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.TEXT),
    _F("summary", api=_W, edit=_FORM, merge=_PICK, typed=Typed.PROSE),
    _F("skills", api=_W, export=True, typed=Typed.LIST, child=True),
    _F("employment_types", api=_W, edit=_FORM, merge=Merge.UNITE, export=True, typed=Typed.LIST),
    _F("desired_salary", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.NUMBER),
    _F("desired_day_rate", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.NUMBER),
    _F("available_from", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.DATE),
    _F("availability_confirmed_on", api=_W, edit=_FORM, merge=_PICK, typed=Typed.DATE),
    _F("notice_period_weeks", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.NUMBER),
    # An imported file's people came from somewhere we hold: a database, unless it says otherwise.
    _F("source", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.CHOICE, import_default="database"),
    _F("source_detail", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.TEXT),
    _F("referrer", api=_W, edit=_FORM, merge=_PICK, typed=Typed.TEXT),
    _F("tags", api=_W, edit=_FORM, merge=Merge.UNITE, export=True, typed=Typed.LIST),
    _F("right_to_work", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.CHOICE),
    _F("status", api=_W, edit=_FORM, merge=_PICK, export=True, typed=Typed.CHOICE),
    # Picking the duplicate's owner moves the record to their team too (merge).
    _F("owner", api=_W, merge=_PICK, export=True),
    _F("team", api=_R),
    _F("work_history", api=_W, child=True),
    _F("qualifications", api=_W, child=True),
    # Empty on import or create: the default for the source (records.candidate_default_lawful_basis).
    _F("lawful_basis", api=_W, edit=_FORM, merge=_PICK, typed=Typed.CHOICE),
    _F("privacy_notice_sent_on", api=_W, edit=_FORM, merge=_PICK, typed=Typed.DATE),
    # Set by the app when the notice is shown (careers site) or sent (art. 14), never typed.
    _F("privacy_notice_version", api=_R, edit=Edit.SERVICE, merge=_PICK),
    # The candidate's own preferences (also set by them in the portal).
    _F("preferred_channel", api=_W, edit=_FORM, merge=_PICK, typed=Typed.CHOICE),
    _F("contact_frequency", api=_W, edit=_FORM, merge=_PICK, typed=Typed.CHOICE),
    _F("desired_roles", api=_W, edit=_FORM, merge=Merge.UNITE, typed=Typed.LIST),
    _F("desired_locations", api=_W, edit=_FORM, merge=Merge.UNITE, typed=Typed.LIST),
    _F("created_at", api=_R, export=True),
    _F("updated_at", api=Api.VERSION),
    _F("last_contacted_at", api=_R, edit=Edit.SERVICE, merge=_PICK),
    _F("is_anonymised", api=_R),
    # The record's life (privacy and merge write these), shown nowhere as fields.
    _F("anonymised_at"),
    _F("restricted_at"),
    _F("anonymise_on"),
    _F("merged_into"),
    _F("merged_at"),
    _F("name_key", derived=True),
    _F("postcode_key", derived=True),
    _F("quality_base", derived=True),
    _F("search_text", derived=True),
    _F("search_vector", derived=True),
    _F("head_vector", derived=True),
    _F("search_prior", derived=True),
)

# What each reader takes, in the declaration's order.
FORM_FIELDS = tuple(f.name for f in CANDIDATE_FIELDS if f.edit is Edit.FORM)
EDITABLE_FIELDS = tuple(f.name for f in CANDIDATE_FIELDS if f.edit is not Edit.NO)
API_FIELDS = tuple(f.name for f in CANDIDATE_FIELDS if f.api is not Api.HIDDEN)
API_READ_ONLY_FIELDS = tuple(f.name for f in CANDIDATE_FIELDS if f.api is Api.READ)
MERGE_FIELDS = tuple(f.name for f in CANDIDATE_FIELDS if f.merge is Merge.PICK)
UNITED_FIELDS = tuple(f.name for f in CANDIDATE_FIELDS if f.merge is Merge.UNITE)
EXPORT_COLUMNS = tuple(f.name for f in CANDIDATE_FIELDS if f.export)
IMPORT_COLUMNS = tuple(f.name for f in CANDIDATE_FIELDS if f.typed is not None)
DERIVED_FIELDS = tuple(f.name for f in CANDIDATE_FIELDS if f.derived)


def typed_fields(*kinds: Typed) -> tuple[CandidateField, ...]:
    """The fields typed as one of these kinds, in the declaration's order."""
    return tuple(f for f in CANDIDATE_FIELDS if f.typed in kinds)
