"""Messages at every step (issue 19): Service → "Waiting to send", one message (read, edit, send
now, cancel), and the panel on the application and candidate pages (loaded on its own request)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from candidates.models import Candidate
from core.http import request_user, safe_next
from core.permissions import get_object_for_user_or_404
from engagement.forms import StageMessageForm
from engagement.models import StageMessage
from engagement.selectors.stage_messages import (
    stage_message_get,
    stage_message_recent_list,
    stage_message_waiting_list,
    stage_messages_for,
)
from engagement.services.stage_messages import (
    stage_message_cancel,
    stage_message_edit,
    stage_message_send_now,
)
from engagement.views.common import require
from vacancies.models import Application

VIEW, ACT = "engagement.view_outboundemail", "engagement.add_outboundemail"


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, VIEW)
    return render(
        request,
        "engagement/stage_messages.html",
        {
            "waiting": list(stage_message_waiting_list(user=user)),
            "recent": list(stage_message_recent_list(user=user)),
            "delay": settings.STAGE_MESSAGE_DELAY_MINUTES,
            "can_act": user.is_admin or user.has_perm(ACT),
        },
    )


def _back(request: HttpRequest, message: StageMessage) -> str:
    return safe_next(request, reverse("engagement:stage-message", args=[message.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(user, VIEW)
    message = stage_message_get(user=user, pk=pk)
    can_act = user.is_admin or user.has_perm(ACT)
    initial = {"subject": message.subject, "body": message.body}
    form = StageMessageForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        require(user, ACT)
        if form.is_valid():
            try:
                stage_message_edit(
                    actor=user,
                    message=message,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, "Saved. The candidate will receive the message as it reads now.")
                return redirect(_back(request, message))
        status = 400
    return render(
        request,
        "engagement/stage_message.html",
        {
            "message": message,
            "form": form,
            "can_act": can_act and message.is_waiting,
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
        status=status,
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request_user(request)
    require(user, ACT)
    message = stage_message_get(user=user, pk=pk)
    try:
        if action == "send":
            message = stage_message_send_now(actor=user, message=message)
            done = {
                StageMessage.Status.SENT: "Sent: the message is on its way to the candidate.",
                StageMessage.Status.TODO: "They prefer the phone: a to-do to call them is on your list.",
            }.get(StageMessage.Status(message.status))
            if done:
                messages.success(request, done)
            else:
                messages.error(
                    request, f"Not sent: {message.get_status_display().lower()} ({message.reason})."
                )
        else:
            stage_message_cancel(actor=user, message=message)
            messages.success(request, "Cancelled: this message will not be sent.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(safe_next(request, reverse("engagement:stage-messages")))


@login_required
@require_POST
def message_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "send")


@login_required
@require_POST
def message_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "cancel")


@login_required
def panel(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The messages of one application or candidate (the record must be visible)."""
    user = request_user(request)
    require(user, VIEW)
    if kind == "application":
        application = get_object_for_user_or_404(user, Application, pk=pk)
        rows = stage_messages_for(user=user, application_id=application.pk)
    elif kind == "candidate":
        candidate = get_object_for_user_or_404(user, Candidate, pk=pk)
        rows = stage_messages_for(user=user, candidate_id=candidate.pk)
    else:
        raise Http404
    return render(
        request,
        "engagement/_stage_messages_panel.html",
        {
            "rows": rows,
            "kind": kind,
            "here": request.GET.get("next") or "",
            "can_act": user.is_admin or user.has_perm(ACT),
        },
    )
