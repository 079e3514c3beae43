"""To-dos: "Add to-do" on a record (a modal, like "Log call"), "My to-dos", done and snooze."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from candidates.models import Candidate
from clients.models import Client, Contact
from core.http import parse_id, request_user, safe_next
from core.permissions import get_object_for_user_or_404
from engagement.forms import ToDoForm
from engagement.models import ToDo
from engagement.selectors.todos import DUES, SHOWS, my_todo_list
from engagement.services.todos import SNOOZE_DAYS, todo_create, todo_done, todo_snooze
from engagement.views.common import require
from vacancies.models import Application, Vacancy

RECORDS: dict[str, Any] = {
    "candidate": Candidate,
    "contact": Contact,
    "client": Client,
    "vacancy": Vacancy,
    "application": Application,
}


def _record(request: HttpRequest, kind: str, pk: int) -> tuple[Any, dict[str, Any], str]:
    """The record (404 unless the user sees it), the to-do's fields for it, and its name."""
    model = RECORDS.get(kind)
    if model is None:
        raise Http404
    user = request_user(request)
    if kind == "application":
        queryset = Application.objects.select_related("candidate", "vacancy")
        app = get_object_for_user_or_404(user, queryset, pk=pk)
        return (
            app,
            {"candidate": app.candidate, "vacancy": app.vacancy},
            f"{app.candidate} · {app.vacancy.title}",
        )
    obj = get_object_for_user_or_404(user, model, pk=pk)
    name = obj.title if kind == "vacancy" else getattr(obj, "name", None) or str(obj)
    if kind == "contact":
        name = obj.full_name
    return obj, {kind: obj}, name


@login_required
@require_http_methods(["GET", "POST"])
def todo_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = request_user(request)
    obj, on, name = _record(request, kind, pk)
    require(user, "engagement.add_todo")
    form = ToDoForm(request.POST if request.method == "POST" else None, user=user)
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = todo_create(actor=user, **form.cleaned_data, **on)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    status = 422 if request.method == "POST" and saved is None else 200
    response = render(
        request,
        "engagement/_todo_modal.html",
        {"form": form, "obj": obj, "kind": kind, "name": name, "saved": saved},
        status=status,
    )
    if saved is not None:
        response["HX-Trigger"] = "todos-changed"  # the record's timeline shows it at once
    return response


@login_required
def my_todos(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.view_todo")
    show = request.GET.get("show", "open")
    show = show if show in SHOWS else "open"
    due = request.GET.get("due", "")
    due = due if due in DUES and show == "open" else ""
    rows = my_todo_list(user=user, show=show, due=due)
    return render(
        request,
        "engagement/todos.html",
        {
            "rows": rows,
            "show": show,
            "due": due,
            "overdue_count": sum(1 for r in rows if r.overdue),
            "snooze_days": SNOOZE_DAYS,
            "here": request.get_full_path(),
        },
    )


def _todo_for_change(request: HttpRequest, pk: int) -> ToDo:
    return get_object_for_user_or_404(request_user(request), ToDo, "change", pk=pk)


@login_required
@require_POST
def todo_mark_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    todo = todo_done(actor=user, todo=_todo_for_change(request, pk))
    messages.success(request, f"Done: {todo.title}")
    return redirect(safe_next(request, reverse("engagement:todos")))


@login_required
@require_POST
def todo_snooze_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    todo = _todo_for_change(request, pk)
    days = parse_id(request.POST.get("days"))
    if days not in SNOOZE_DAYS:
        raise BadRequest("Snooze for a day or a week.")
    try:
        todo = todo_snooze(actor=user, todo=todo, days=days)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        when = "a day" if days == 1 else "a week"
        messages.success(request, f"Snoozed for {when}: {todo.title}")
    return redirect(safe_next(request, reverse("engagement:todos")))
