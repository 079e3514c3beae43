"""The two-click "log a call/note" modal, email sending, and the timeline fragments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from candidates.models import Candidate, Document
from clients.models import Client, Contact
from core.http import parse_id, request_user
from core.permissions import get_object_for_user_or_404
from engagement.forms import LogForm, SendEmailForm
from engagement.selectors import timeline
from engagement.selectors.contactability import contactability_check
from engagement.selectors.inbound import address_bounced
from engagement.selectors.todos import todo_record_open_list
from engagement.services.communications import (
    DEFAULT_TEMPLATES,
    communication_log,
    email_fields_fill,
    email_template_get_or_create,
    email_template_render,
)
from engagement.services.emails import email_compose
from engagement.views.common import require
from vacancies.models import Vacancy

PEOPLE: dict[str, Any] = {"candidate": Candidate, "contact": Contact}


def _vacancy(request: HttpRequest) -> Vacancy | None:
    """The vacancy the communication is about (optional): only one the user can see."""
    pk = parse_id(request.POST.get("vacancy") or request.GET.get("vacancy"))
    if pk is None:
        return None
    return Vacancy.objects.visible_to(request_user(request)).filter(pk=pk).first()


def _person(request: HttpRequest, kind: str, pk: int) -> Any:
    model = PEOPLE.get(kind)
    if model is None:
        raise Http404
    return get_object_for_user_or_404(request_user(request), model, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = request_user(request)
    person = _person(request, kind, pk)
    require(user, "engagement.add_communication")
    vacancy = _vacancy(request)
    initial_kind = request.GET.get("as", "call")
    form = LogForm(request.POST if request.method == "POST" else None, initial={"kind": initial_kind})
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = communication_log(actor=user, vacancy=vacancy, **{kind: person}, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    status = 422 if request.method == "POST" and saved is None else 200
    return render(
        request,
        "engagement/_log_modal.html",
        {"form": form, "person": person, "kind": kind, "saved": saved, "vacancy": vacancy},
        status=status,
    )


def _attachable(request: HttpRequest, kind: str, person: Any) -> tuple[Any, Candidate | None]:
    """The documents the sender may attach, and whose they are: the candidate's own; for a client
    contact, those of the candidate the email is about (`?candidate=`, from an application)."""
    user = request_user(request)
    if kind == "candidate":
        about = person
    else:
        pk = parse_id(request.POST.get("about") or request.GET.get("candidate"))
        about = Candidate.objects.visible_to(user).filter(pk=pk).first() if pk is not None else None
    if about is None:
        return None, None
    return Document.objects.visible_to(user).filter(candidate=about).order_by("-uploaded_at", "-id"), about


@login_required
@require_http_methods(["GET", "POST"])
def send_email(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The composer: free text or a template filled in for the person, a preview, attachments from
    the person's documents; Send queues it for the worker. The contact rule answers before anything
    is written, and again when the worker sends."""
    user = request_user(request)
    person = _person(request, kind, pk)
    require(user, "engagement.add_outboundemail")
    for code in DEFAULT_TEMPLATES:
        if code != "complaint_follow_up" and code != "survey":
            email_template_get_or_create(code=code)
    vacancy = _vacancy(request)
    documents, about = _attachable(request, kind, person)
    action = request.POST.get("action", "send")
    form = SendEmailForm(request.POST if request.method == "POST" else None, documents=documents)
    answer = contactability_check(person=person)
    saved, preview = None, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        template = data["template"]
        if action == "template":
            # A starting point: the template filled in for this person, then theirs to edit.
            if template is not None:
                subject, body = email_template_render(
                    template=template, actor=user, vacancy=vacancy, **{kind: person}
                )
                form = SendEmailForm(
                    {**request.POST.dict(), "subject": subject, "body": body},
                    documents=documents,
                )
                form.is_valid()
        elif action == "preview":
            subject, body = email_fields_fill(
                subject=data["subject"], body=data["body"], actor=user, vacancy=vacancy, **{kind: person}
            )
            preview = {
                "to": person,
                "subject": subject,
                "body": body,
                "attachments": list(data.get("attachments") or []),
            }
        else:
            # What the preview showed is what is sent: merge fields left in the text are filled.
            subject, body = email_fields_fill(
                subject=data["subject"], body=data["body"], actor=user, vacancy=vacancy, **{kind: person}
            )
            try:
                saved = email_compose(
                    actor=user,
                    subject=subject,
                    body=body,
                    template=template,
                    vacancy=vacancy,
                    attachments=data.get("attachments") or [],
                    **{kind: person},
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
    status = 422 if request.method == "POST" and action == "send" and saved is None else 200
    return render(
        request,
        "engagement/_email_modal.html",
        {
            "form": form,
            "person": person,
            "kind": kind,
            "saved": saved,
            "vacancy": vacancy,
            "about": about,
            "preview": preview,
            "refusal": None if answer.allowed else answer,
        },
        status=status,
    )


TIMELINES: dict[str, tuple[Any, Any]] = {
    "candidate": (Candidate, timeline.candidate_timeline_get),
    "contact": (Contact, timeline.contact_timeline_get),
    "client": (Client, timeline.client_timeline_get),
    "vacancy": (Vacancy, timeline.vacancy_timeline_get),
}


@login_required
def timeline_fragment(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in TIMELINES:
        raise Http404
    model, build = TIMELINES[kind]
    user = request_user(request)
    obj = get_object_for_user_or_404(user, model, pk=pk)
    entries = build(user=user, **{kind: obj})
    # A person whose address bounced: said at the top of their timeline (the contact rule refuses it).
    bounced = address_bounced(email=obj.email) if kind in PEOPLE else None
    # Issue 18: the record's open to-dos head its timeline (it reloads when one is added).
    todos = todo_record_open_list(user=user, kind=kind, obj=obj)
    return render(
        request,
        "engagement/_timeline.html",
        {
            "entries": entries,
            "kind": kind,
            "obj": obj,
            "bounced": bounced,
            "todos": todos,
            # "Done" on one of them comes back to the page the timeline is on.
            "back": getattr(getattr(request, "htmx", None), "current_url_abs_path", None) or "",
        },
    )
