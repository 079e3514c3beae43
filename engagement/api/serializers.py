"""Customer-service serializers (API.md "Customer service"). Related rows: only those the caller sees."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from candidates.models import Candidate, Document
from clients.models import Client, Contact
from core.models import User
from engagement.models import Communication, Complaint, EmailTemplate, OutboundEmail, ToDo
from engagement.models.communication import APP_ONLY_TEMPLATE_CODES
from engagement.selectors.todos import KINDS, ToDoRow, todo_assignee_choices
from vacancies.models import Vacancy


class _Scoped(serializers.ModelSerializer):
    scoped = {
        "candidate": lambda u: Candidate.objects.visible_to(u).filter(anonymised_at__isnull=True),
        "contact": lambda u: Contact.objects.visible_to(u),
        "vacancy": lambda u: Vacancy.objects.visible_to(u),
        "by": lambda u: User.objects.visible_to(u).filter(is_active=True),
        "owner": lambda u: User.objects.visible_to(u).filter(is_active=True),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return
        for name, make in self.scoped.items():
            field: Any = self.fields.get(name)
            if field is not None and not field.read_only:
                field.queryset = make(user)


class CommunicationSerializer(_Scoped):
    candidate = serializers.PrimaryKeyRelatedField(
        queryset=Candidate.objects.none(), required=False, allow_null=True
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), required=False, allow_null=True
    )
    vacancy = serializers.PrimaryKeyRelatedField(
        queryset=Vacancy.objects.none(), required=False, allow_null=True
    )
    by = serializers.PrimaryKeyRelatedField(source="owner", queryset=User.objects.none(), required=False)
    occurred_at = serializers.DateTimeField(required=False)

    class Meta:
        model = Communication
        fields = [
            "id",
            "kind",
            "direction",
            "summary",
            "occurred_at",
            "candidate",
            "contact",
            "vacancy",
            "by",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("candidate") and not attrs.get("contact"):
            raise serializers.ValidationError({"candidate": "Give the candidate or the contact."})
        return attrs


class ComplaintSerializer(_Scoped):
    candidate = serializers.PrimaryKeyRelatedField(
        queryset=Candidate.objects.none(), required=False, allow_null=True
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), required=False, allow_null=True
    )
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), required=False)
    received_at = serializers.DateTimeField(required=False)
    acknowledged_at = serializers.DateTimeField(required=False, allow_null=True)
    closed_at = serializers.DateTimeField(required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "complainant_type",
            "candidate",
            "contact",
            "complainant_name",
            "channel",
            "category",
            "severity",
            "description",
            "received_at",
            "owner",
            "acknowledged_at",
            "escalated_to",
            "escalated_at",
            "resolution",
            "closed_at",
            "acknowledge_by",
            "is_overdue",
        ]
        read_only_fields = ["escalated_to", "escalated_at", "acknowledge_by"]


class OutboundEmailSerializer(_Scoped):
    """`POST /emails/` (API.md "Added in the second round"): the message as written; sent by a worker."""

    scoped = {
        **_Scoped.scoped,
        # Anonymised or not: the contact rule answers 409 for such a person, not "no such candidate".
        "candidate": lambda u: Candidate.objects.visible_to(u),
        "attachments": lambda u: Document.objects.visible_to(u).select_related("candidate"),
        "template": lambda u: EmailTemplate.objects.exclude(code__in=APP_ONLY_TEMPLATE_CODES),
    }
    candidate = serializers.PrimaryKeyRelatedField(
        queryset=Candidate.objects.none(), required=False, allow_null=True
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), required=False, allow_null=True
    )
    vacancy = serializers.PrimaryKeyRelatedField(
        queryset=Vacancy.objects.none(), required=False, allow_null=True
    )
    template = serializers.SlugRelatedField(
        slug_field="code", queryset=EmailTemplate.objects.none(), required=False, allow_null=True
    )
    attachments = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.none(), many=True, required=False
    )
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=50_000)

    class Meta:
        model = OutboundEmail
        fields = [
            "id",
            "status",
            "candidate",
            "contact",
            "vacancy",
            "template",
            "subject",
            "body",
            "attachments",
            "owner",
            "created_at",
            "sent_at",
            "attempts",
            "error",
        ]
        read_only_fields = ["id", "status", "owner", "created_at", "sent_at", "attempts", "error"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        field: Any = self.fields["attachments"]
        if user is not None:
            field.child_relation.queryset = self.scoped["attachments"](user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs.get("candidate") is None) == (attrs.get("contact") is None):
            raise serializers.ValidationError({"candidate": "Give one candidate or one contact."})
        return attrs


class ToDoSerializer(_Scoped):
    """`GET, POST /todos/`, `PATCH /todos/{id}/` (API.md "Added in the second round"). `assignee`
    defaults to the caller and must be in the caller's team; the record (at most one of each) is
    set when the to-do is made and stays."""

    scoped = {
        **_Scoped.scoped,
        "client": lambda u: Client.objects.visible_to(u),
        "assignee": lambda u: todo_assignee_choices(user=u),
    }
    title = serializers.CharField(max_length=200)
    due_at = serializers.DateTimeField()
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        required=False,
        error_messages={"does_not_exist": "Choose someone in your team."},
    )
    candidate = serializers.PrimaryKeyRelatedField(
        queryset=Candidate.objects.none(), required=False, allow_null=True
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), required=False, allow_null=True
    )
    client = serializers.PrimaryKeyRelatedField(
        queryset=Client.objects.none(), required=False, allow_null=True
    )
    vacancy = serializers.PrimaryKeyRelatedField(
        queryset=Vacancy.objects.none(), required=False, allow_null=True
    )
    done_at = serializers.DateTimeField(required=False, allow_null=True)
    kind = serializers.SerializerMethodField()

    class Meta:
        model = ToDo
        fields = [
            "id",
            "kind",
            "title",
            "due_at",
            "assignee",
            "candidate",
            "contact",
            "client",
            "vacancy",
            "done_at",
            "owner",
            "created_at",
        ]
        read_only_fields = ["id", "kind", "owner", "created_at"]

    def get_kind(self, obj: ToDo) -> str:
        return "todo"

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            moved = [name for name in ("candidate", "contact", "client", "vacancy") if name in attrs]
            if moved:
                raise serializers.ValidationError(dict.fromkeys(moved, "A to-do stays on its record."))
        return attrs


class MyToDoRowSerializer(serializers.Serializer):
    """A row of `GET /todos/?mine=1`: the caller's own to-dos (`kind` "todo") and the system's
    tasks (read-only, `kind` one of the others), each with where it is dealt with (`url`)."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=list(KINDS))
    title = serializers.CharField()
    due_at = serializers.DateTimeField()
    all_day = serializers.BooleanField(help_text="Due on a day (the system's tasks), not at a time.")
    overdue = serializers.BooleanField()
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    candidate = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    client = serializers.SerializerMethodField()
    vacancy = serializers.SerializerMethodField()
    done_at = serializers.DateTimeField(allow_null=True)
    # The API's field name (a declared field, not DRF's Field.read_only flag).
    read_only = serializers.BooleanField()  # type: ignore[assignment]
    url = serializers.SerializerMethodField()

    def _pk(self, obj: Any) -> int | None:
        return obj.pk if obj is not None else None

    def get_candidate(self, row: ToDoRow) -> int | None:
        return self._pk(row.candidate)

    def get_contact(self, row: ToDoRow) -> int | None:
        return self._pk(row.contact)

    def get_client(self, row: ToDoRow) -> int | None:
        return self._pk(row.client)

    def get_vacancy(self, row: ToDoRow) -> int | None:
        return self._pk(row.vacancy)

    def get_url(self, row: ToDoRow) -> str:
        return row.action_url or row.record_url
