"""The two-click "log a call/note" modal, email sending, and the timeline fragments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from candidates.models import Candidate
from clients.models import Client, Contact
from core.permissions import get_object_for_user_or_404
from engagement.forms import LogForm, SendEmailForm
from engagement.selectors import timeline
from engagement.services.communications import (
    DEFAULT_TEMPLATES,
    communication_log,
    email_send,
    email_template_get,
)
from engagement.views.common import as_id, request_user, require
from vacancies.models import Vacancy

PEOPLE: dict[str, Any] = {"candidate": Candidate, "contact": Contact}


def _vacancy(request: HttpRequest) -> Vacancy | None:
    """The vacancy the communication is about (optional): only one the user can see."""
    pk = as_id(request.POST.get("vacancy") or request.GET.get("vacancy"))
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


@login_required
@require_http_methods(["GET", "POST"])
def send_email(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = request_user(request)
    person = _person(request, kind, pk)
    require(user, "engagement.add_communication")
    for code in DEFAULT_TEMPLATES:
        if code != "complaint_follow_up" and code != "survey":
            email_template_get(code=code)
    vacancy = _vacancy(request)
    form = SendEmailForm(request.POST if request.method == "POST" else None)
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = email_send(
                actor=user,
                template_code=form.cleaned_data["template"].code,
                vacancy=vacancy,
                **{kind: person},
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    status = 422 if request.method == "POST" and saved is None else 200
    return render(
        request,
        "engagement/_email_modal.html",
        {"form": form, "person": person, "kind": kind, "saved": saved, "vacancy": vacancy},
        status=status,
    )


TIMELINES: dict[str, tuple[Any, Any]] = {
    "candidate": (Candidate, timeline.timeline_for_candidate),
    "contact": (Contact, timeline.timeline_for_contact),
    "client": (Client, timeline.timeline_for_client),
    "vacancy": (Vacancy, timeline.timeline_for_vacancy),
}


@login_required
def timeline_fragment(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in TIMELINES:
        raise Http404
    model, build = TIMELINES[kind]
    user = request_user(request)
    obj = get_object_for_user_or_404(user, model, pk=pk)
    entries = build(user=user, **{kind: obj})
    return render(request, "engagement/_timeline.html", {"entries": entries, "kind": kind, "obj": obj})
